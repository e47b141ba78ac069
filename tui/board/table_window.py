"""Which of a table's rows it shows (table.py), and the rows that say how many it does not.

A capped table shows its first ``cap`` rows (of those the filter matches: the filter searches
every row, shown or not) and a final row "… 3,412 more — / to filter". A *windowed* table
(the venues pane: today's meetings by start time) shows ``cap`` rows from the first meeting
not over yet (``start``, worked out by the derivation: pane_rows.PaneRows.first_live), kept
full at the end of the day, under a first row "… 1,180 earlier — / to filter" (issue 13: the
large site's 1,500 meetings were all derived and added to the table at start). With a filter
typed there is no window: the person is looking for something, from the start of the day.
Both rows are selectable; Enter on either opens the filter (screen.py)."""

from __future__ import annotations

from collections.abc import Sequence

from .refs import RowRef

EARLIER = RowRef("earlier", "rows")   # the first row of a windowed table: how many come before
MORE = RowRef("more", "rows")         # the final row of a capped table: how many are not shown
EXTRA = {EARLIER: "pane.earlier", MORE: "pane.more"}   # the rows that are no row: their text


def window(rows: Sequence[RowRef], cap: int | None, start: int | None) -> tuple[list[RowRef], int, int]:
    """(the rows shown, how many come before them, how many after) of ``rows`` (those the
    filter matches, in order); ``start``: where the window starts (None: no window)."""
    if cap is None:
        return list(rows), 0, 0
    first = 0
    if start is not None and len(rows) > cap:
        first = max(0, min(start, len(rows) - cap))
    shown = list(rows[first:first + cap])
    return shown, first, len(rows) - first - len(shown)
