"""Which rows a capped or windowed table shows (table_window.py) and where the venues
table's window starts (pane_rows.PaneRows.first_live): the first meeting not over when
derived, every row when none is over, after the last row when all are."""

from __future__ import annotations

from dutyboard.tui.board.pane_rows import PaneRows
from dutyboard.tui.board.refs import RowRef
from dutyboard.tui.board.table_window import window
from hypothesis import given
from hypothesis import strategies as st


@given(st.integers(0, 40), st.one_of(st.none(), st.integers(1, 30)), st.one_of(st.none(), st.integers(0, 50)))
def test_the_window_is_full_and_counts_every_row(n: int, cap: int | None, start: int | None) -> None:
    rows = [RowRef("meeting", i) for i in range(n)]
    shown, earlier, more = window(rows, cap, start)
    assert earlier + len(shown) + more == n
    assert shown == rows[earlier:earlier + len(shown)]
    if cap is None:
        assert shown == rows
    else:
        assert len(shown) == min(cap, n)
        if start is None or n <= cap:
            assert earlier == 0                              # the first rows, as before
        else:
            assert earlier == min(start, n - cap)             # from start, kept full


def test_the_window_starts_at_the_first_row_not_over() -> None:
    pane = PaneRows()
    for i in range(5):
        pane.put(("meeting", i), [(RowRef("meeting", i), (i,), (str(i),))], over=i in (0, 1, 3))
    assert pane.first_live() == 2          # 3 is over too, but 2 (running) comes first
    pane.put(("meeting", 2), [(RowRef("meeting", 2), (2,), ("2",))], over=True)
    assert pane.first_live() == 4
    pane.put(("meeting", 4), [], over=True)   # gone: no longer counted
    assert pane.first_live() == 4 == len(pane.order)
    pane.put(("meeting", 0), [(RowRef("meeting", 0), (0,), ("0",))], over=False)
    assert pane.first_live() == 0
    assert PaneRows().first_live() == 0
