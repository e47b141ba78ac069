"""The reports the board's reports screen offers (issue 12): how each is read from the
store and rendered (the same Markdown and CSV as ``dutyboard report ...``), and where a
saved report goes (the user's documents folder; ``DUTYBOARD_DOCUMENTS_DIR`` overrides it).

Nothing here touches a widget: ``load`` and ``save`` run in the screen's worker threads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dutyboard.store import report_sheets, reports
from dutyboard.store.context import Context
from dutyboard.tui import report_text, sheet_text
from platformdirs import user_documents_dir
from rich.cells import cell_len

DOCUMENTS_ENV = "DUTYBOARD_DOCUMENTS_DIR"


@dataclass(frozen=True)
class Rendered:
    """One report, read and rendered: what the screen shows and what it saves."""
    stem: str       # the file name without its extension: "worksheet-eng-2026-11-23"
    markdown: str
    csv: str


@dataclass(frozen=True)
class Params:
    """What the user chose for a report (only the fields that report uses)."""
    day: date | None = None        # weekly: the week of; worksheet: the day
    month: str | None = None       # monthly: YYYY-MM
    days: int = 2                  # bookings
    dept: str = ""                 # worksheet
    meeting: int = 0               # readiness


def _weekly(ctx: Context, p: Params, lang: str) -> Rendered:
    r = reports.weekly_summary(ctx, p.day)
    return Rendered(f"weekly-{r.start.isoformat()}", report_text.weekly_markdown(r, lang),
                    report_text.weekly_csv(r))


def _monthly(ctx: Context, p: Params, lang: str) -> Rendered:
    r = reports.monthly_complaint_rate(ctx, p.month)
    return Rendered(f"complaints-{r.month}", report_text.monthly_markdown(r, lang),
                    report_text.monthly_csv(r))


def _bookings(ctx: Context, p: Params, lang: str) -> Rendered:
    r = report_sheets.bookings_report(ctx, p.days)
    return Rendered(f"bookings-{r.first.isoformat()}-to-{r.last.isoformat()}",
                    sheet_text.bookings_markdown(r, lang), sheet_text.bookings_csv(r))


def _worksheet(ctx: Context, p: Params, lang: str) -> Rendered:
    r = report_sheets.worksheet(ctx, p.dept, p.day)
    return Rendered(f"worksheet-{r.dept}-{r.day.isoformat()}", sheet_text.worksheet_markdown(r, lang),
                    sheet_text.worksheet_csv(r, lang))


def _readiness(ctx: Context, p: Params, lang: str) -> Rendered:
    r = report_sheets.readiness_sheet(ctx, p.meeting)
    return Rendered(f"readiness-meeting-{r.meeting.id}", sheet_text.readiness_markdown(r, lang),
                    sheet_text.readiness_csv(r, lang))


# (id, i18n key of its name, loader), in the order the screen lists them
REPORTS: tuple[tuple[str, str, Callable[[Context, Params, str], Rendered]], ...] = (
    ("weekly", "rep.weekly", _weekly),
    ("monthly", "rep.monthly", _monthly),
    ("bookings", "rep.bookings", _bookings),
    ("worksheet", "rep.worksheet", _worksheet),
    ("readiness", "rep.readiness", _readiness),
)
LOADERS = {ident: load for ident, _, load in REPORTS}
NAMES = {ident: name for ident, name, _ in REPORTS}


def load(ctx: Context, report: str, params: Params, lang: str) -> Rendered:
    """Read and render one report (in a worker thread)."""
    return LOADERS[report](ctx, params, lang)


def documents_dir() -> Path:
    return Path(os.environ.get(DOCUMENTS_ENV) or user_documents_dir())


def save(rendered: Rendered, fmt: str, folder: Path | None = None) -> Path:
    """Write the report as ``fmt`` ("md" or "csv") into the documents folder, never over an
    earlier file (``-2``, ``-3``, ... are added); the path written. OSError when it cannot."""
    folder = folder or documents_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = rendered.csv if fmt == "csv" else rendered.markdown
    for n in range(1, 1000):
        path = folder / (f"{rendered.stem}.{fmt}" if n == 1 else f"{rendered.stem}-{n}.{fmt}")
        try:
            with path.open("x", encoding="utf-8", newline="") as out:
                out.write(text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder}: too many copies of {rendered.stem}.{fmt}")


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def aligned(markdown: str) -> str:
    """The Markdown as the screen shows it: each table's columns padded to one width (in
    terminal cells, so Chinese lines up), the rule row drawn to match. Only the display;
    the saved file is the report as rendered."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            out.append(lines[i])
            i += 1
            continue
        block: list[list[str]] = []
        while i < len(lines) and lines[i].startswith("|"):
            block.append([c.strip() for c in _CELL_SPLIT.split(lines[i].strip())[1:-1]])
            i += 1
        width = max(len(row) for row in block)
        widths = [max((cell_len(r[c]) for r in block if c < len(r) and not _rule(r[c])), default=3)
                  for c in range(width)]
        for row in block:
            cells = [("-" * widths[c] if _rule(v) else v + " " * (widths[c] - cell_len(v)))
                     for c, v in enumerate(row)]
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def _rule(cell: str) -> bool:
    return bool(cell) and set(cell) <= {"-", ":"} and "-" in cell
