"""The panes' columns and their widths. Every width is fixed (from the board's language: the
widest word a column can show) or computed from the pane's width, never from the rows seen,
so a render does not depend on when the data arrived.

The text columns that say where and what (venue, meeting, item, location, message) get the
room: when a pane is too narrow for their minimums, the least essential columns are left out
(``drop``: the highest goes first) rather than cutting every text to a few characters; Enter
on a row shows its whole text."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from .i18n import Translator

CELL_PADDING = 1  # DataTable's padding on each side of a cell
SPAN = "12d23h"  # the widest duration rules.durations.format_span gives on a board


@dataclass(frozen=True)
class Column:
    key: str
    label: str                      # i18n key of the heading
    width: int = 0                  # fixed width in cells; 0: a share of the room left
    words: tuple[str, ...] = ()     # i18n keys of what the column can show (its fixed width)
    weight: int = 0                 # flexible columns: share of the room left
    minimum: int = 6
    drop: int = 0                   # 0: always shown; else left out when the room is short,
                                    # the highest first


def countdown_words(t: Translator) -> int:
    """The widest countdown cell (fmt.countdown, fmt.verify_countdown)."""
    return max(cell_len(f"!? {t('overdue')} {SPAN}"), cell_len(f"~ {t('in')} {SPAN}"),
               cell_len(f"? {t('cd.verify')} {SPAN}"))


DEPTS = ("dept.eng", "dept.sec", "dept.svc", "dept.env", "dept.desk", "dept.fcc")
VENUE_COLUMNS = (
    Column("time", "col.time", width=11),
    Column("venue", "col.venue", weight=1, minimum=12),
    Column("phase", "col.phase", words=("phase.preparing", "phase.ready", "phase.in progress",
                                        "phase.finished", "phase.cancelled"), drop=2),
    Column("worst", "col.worst", words=("@countdown",)),
    Column("ready", "col.ready", width=8, drop=3),
    Column("title", "col.title", weight=3, minimum=16),
)
TASK_COLUMNS = (
    Column("countdown", "col.countdown", words=("@countdown",)),
    Column("due", "col.due", width=5),
    Column("state", "col.mark", width=3),
    Column("dept", "col.dept", words=DEPTS, drop=1),
    Column("item", "col.item", weight=4, minimum=16),
    Column("venue", "col.venue", weight=1, minimum=18),
    Column("meeting", "col.title", weight=1, minimum=12, drop=2),
)
TICKET_COLUMNS = (
    Column("no", "col.no", width=4),
    Column("pri", "col.pri", words=("pri.normal", "pri.urgent", "pri.emergency")),
    Column("next", "col.next", weight=3, minimum=14),
    Column("state", "col.state", words=("state.open", "state.dispatched", "state.resolved"), drop=2),
    Column("dept", "col.dept", words=DEPTS, drop=3),
    Column("age", "col.age", width=len(SPAN), drop=1),
    Column("location", "col.location", weight=2, minimum=12),
)
ESCALATION_COLUMNS = (
    Column("sev", "col.sev", words=("sev.alarm", "sev.warn", "sev.info")),
    Column("subject", "col.subject", words=("@ref",), drop=1),
    Column("age", "col.age", width=len(SPAN)),
    Column("message", "col.message", weight=1, minimum=30),
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


def shown_columns(columns: tuple[Column, ...], t: Translator, room: int) -> tuple[Column, ...]:
    """The columns a table ``room`` cells wide shows: all, unless the flexible ones would get
    less than their minimums; then the droppable ones go, the highest ``drop`` first."""
    shown = list(columns)
    while True:
        fixed = sum(fixed_width(c, t) for c in shown if not c.weight)
        left = room - fixed - 2 * CELL_PADDING * len(shown)
        wanted = sum(c.minimum for c in shown if c.weight)
        droppable = [c for c in shown if c.drop]
        if left >= wanted or not droppable:
            return tuple(shown)
        shown.remove(max(droppable, key=lambda c: c.drop))


def column_widths(columns: tuple[Column, ...], t: Translator, room: int) -> dict[str, int]:
    """Every shown column's width for a table ``room`` cells wide (its scrollbar excluded)."""
    columns = shown_columns(columns, t, room)
    widths = {c.key: fixed_width(c, t) for c in columns if not c.weight}
    left = room - sum(widths.values()) - 2 * CELL_PADDING * len(columns)
    flexible = [c for c in columns if c.weight]
    total = sum(c.weight for c in flexible) or 1
    extra = max(0, left - sum(c.minimum for c in flexible))   # beyond the minimums, by weight
    given = 0
    for index, column in enumerate(flexible):
        share = extra - given if index == len(flexible) - 1 else extra * column.weight // total
        widths[column.key] = column.minimum + share
        given += share
    return widths
