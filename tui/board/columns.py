"""The panes' columns and their widths. Every width is fixed (from the board's language: the
widest word a column can show) or computed from the pane's width, never from the rows seen,
so a render does not depend on when the data arrived."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from .i18n import Translator

CELL_PADDING = 1  # DataTable's padding on each side of a cell
COUNTDOWN = "0:00:00"


@dataclass(frozen=True)
class Column:
    key: str
    label: str                      # i18n key of the heading
    width: int = 0                  # fixed width in cells; 0: a share of the room left
    words: tuple[str, ...] = ()     # i18n keys of what the column can show (its fixed width)
    weight: int = 0                 # flexible columns: share of the room left
    minimum: int = 6


def countdown_words(t: Translator) -> int:
    """The widest countdown cell: "! overdue 0:00:00" (fmt.countdown)."""
    return max(cell_len(f"! {t('overdue')} {COUNTDOWN}"), cell_len(f"~ {t('in')} {COUNTDOWN}"))


DEPTS = ("dept.eng", "dept.sec", "dept.svc", "dept.env", "dept.desk", "dept.fcc")
VENUE_COLUMNS = (
    Column("time", "col.time", width=11),
    Column("venue", "col.venue", weight=2, minimum=8),
    Column("phase", "col.phase", words=("phase.preparing", "phase.ready", "phase.in progress",
                                        "phase.finished", "phase.cancelled")),
    Column("worst", "col.worst", words=("@countdown",)),
    Column("ready", "col.ready", width=8),
    Column("title", "col.title", weight=3, minimum=10),
)
TASK_COLUMNS = (
    Column("countdown", "col.countdown", words=("@countdown",)),
    Column("dept", "col.dept", words=DEPTS),
    Column("item", "col.item", weight=3, minimum=12),
    Column("state", "col.state", words=("@state.pending", "@state.done", "@state.verified",
                                        "@state.unverified")),
    Column("venue", "col.venue", weight=2, minimum=8),
)
TICKET_COLUMNS = (
    Column("no", "col.no", width=4),
    Column("pri", "col.pri", words=("pri.normal", "pri.urgent", "pri.emergency")),
    Column("next", "col.next", weight=3, minimum=14),
    Column("state", "col.state", words=("state.open", "state.dispatched", "state.resolved")),
    Column("dept", "col.dept", words=DEPTS),
    Column("age", "col.age", width=6),
    Column("location", "col.location", weight=2, minimum=8),
)
ESCALATION_COLUMNS = (
    Column("sev", "col.sev", words=("sev.alarm", "sev.warn", "sev.info")),
    Column("subject", "col.subject", words=("@ref",)),
    Column("age", "col.age", width=6),
    Column("message", "col.message", weight=1, minimum=20),
)


def fixed_width(column: Column, t: Translator) -> int:
    """A fixed column's width in this language: its heading or its widest word."""
    widths = [column.width, cell_len(t(column.label))]
    for word in column.words:
        if word == "@countdown":
            widths.append(countdown_words(t))
        elif word == "@ref":
            widths.append(cell_len(t("ref.ticket").format(n=9999)))
        elif word.startswith("@"):
            widths.append(cell_len(f"[?] {t(word[1:])}"))
        else:
            widths.append(cell_len(t(word)))
    return max(widths)


def column_widths(columns: tuple[Column, ...], t: Translator, room: int) -> dict[str, int]:
    """Every column's width for a table ``room`` cells wide (its scrollbar excluded)."""
    widths = {c.key: fixed_width(c, t) for c in columns if not c.weight}
    left = room - sum(widths.values()) - 2 * CELL_PADDING * len(columns)
    flexible = [c for c in columns if c.weight]
    total = sum(c.weight for c in flexible) or 1
    given = 0
    for index, column in enumerate(flexible):
        share = left - given if index == len(flexible) - 1 else left * column.weight // total
        widths[column.key] = max(column.minimum, share)
        given += share
    return widths
