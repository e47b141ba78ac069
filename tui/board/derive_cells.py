"""What derive.py works out per row, apart (issue 13): a row's cells as a ``LazyCells``
(pane_rows.py) works them out when first read, from what the derivation held at the time.

Only the rows a table shows are worked out on the first full board (the tickets and
escalations tables show their first 300 and 200 rows), the rest when the filter reads
them. A ticket's cells keep its row; an escalation row's cells keep the flag and the one
ticket or task its message names, not the snapshot (``BoardRows._named``)."""

from __future__ import annotations

import arrow
from dutyboard.rules import Flag, Rulebook
from dutyboard.store.board import Snapshot, TaskRow, TicketRow
from rich.text import Text

from . import rows as R
from .i18n import Translator
from .pane_rows import Cells
from .refs import RowRef

NONE: frozenset[str] = frozenset()


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
