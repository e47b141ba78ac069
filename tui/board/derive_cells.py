"""What derive.py works out per row, apart (issue 13): a row's cells as a ``LazyCells``
(pane_rows.py) works them out when first read, from what the derivation held at the time,
and the next instant of a source's schedule.

Only the rows a table shows are worked out on the first full board (the tickets and
escalations tables show their first 300 and 200 rows), the rest when the filter reads
them. A ticket's cells keep its row; an escalation row's cells keep the flag and the one
ticket or task its message names, not the snapshot (``BoardRows._named``)."""

from __future__ import annotations

from collections.abc import Iterable

import arrow
from dutyboard.rules import Flag, Rulebook
from dutyboard.store.board import Snapshot, TaskRow, TicketRow
from rich.text import Text

from . import rows as R
from .i18n import Translator
from .pane_rows import Cells
from .refs import RowRef

NONE: frozenset[str] = frozenset()


def next_instant(instants: Iterable[arrow.Arrow | None], now: arrow.Arrow) -> arrow.Arrow | None:
    """``rules.flag_times.next_instant``: the first of ``instants`` strictly after ``now``,
    compared as the datetimes inside the Arrows (what Arrow's operators compare, without
    their checks: 3,700 sources on the large site)."""
    at = now.datetime
    best: arrow.Arrow | None = None
    best_at = None
    for instant in instants:
        if instant is not None:
            moment = instant.datetime
            if moment > at and (best_at is None or moment < best_at):
                best, best_at = instant, moment
    return best


def flag_cells(f: Flag, named: TicketRow | TaskRow | None, now: arrow.Arrow, t: Translator,
               highlighted: set[str] | frozenset[str], ref: RowRef) -> Cells:
    """``rows.flag_cells`` on a snapshot of the one ticket or task the flag's message names."""
    if isinstance(named, TicketRow):
        snap = Snapshot(0, tickets={ref.number: named})
    elif isinstance(named, TaskRow):
        snap = Snapshot(0, dept_tasks={named.dept: [named]})
    else:
        snap = Snapshot(0)
    return R.flag_cells(f, snap, now, t, highlighted, ref)


def ticket_cells(row: TicketRow, now: arrow.Arrow, t: Translator, book: Rulebook, marked: bool) -> Cells:
    """A ticket's row in the tickets pane (as rows.ticket_rows), its number reversed when marked."""
    cells = R._ticket_cells(row, now, t, book)
    if marked:
        cells = (Text(f"*{cells[0]}", style="reverse"),) + cells[1:]
    return cells
