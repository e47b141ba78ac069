"""The per-second tick repaints only what changed (issue 13, item 2): no cell, no table cache
and no header is touched when no text changed, and a countdown that moved repaints its own
cell without dropping the rest of the table's render cache."""

from __future__ import annotations

from typing import Any

from boardkit import loaded, wait_for
from dutyboard.tui.board.refs import RowRef
from dutyboard.tui.board.table import BoardTable
from textual.widgets import DataTable, Static

TICKET = RowRef("ticket", 11)      # the demo's ticket whose age shows 8m00s at NOW


def _line_of(table: Any, key: RowRef) -> int:
    """The table's line (virtual y, below its header) that shows ``key``'s row."""
    return table.header_height + table.keys.index(key)


def _spy(monkeypatch: Any) -> dict[str, list[Any]]:
    calls: dict[str, list[Any]] = {"cells": [], "update_cell": [], "clear": [], "header": []}
    set_cells, update_cell = BoardTable.set_cells, DataTable.update_cell
    clear, header_update = DataTable._clear_caches, Static.update

    def spy_set_cells(self: Any, changes: Any) -> None:
        calls["cells"].extend(changes)
        set_cells(self, changes)

    def spy_update_cell(self: Any, *args: Any, **kwargs: Any) -> None:
        calls["update_cell"].append(args)
        update_cell(self, *args, **kwargs)

    def spy_clear(self: Any) -> None:
        calls["clear"].append(self)
        clear(self)

    def spy_header(self: Any, *args: Any, **kwargs: Any) -> None:
        if self.id == "header":
            calls["header"].append(args)
        header_update(self, *args, **kwargs)

    monkeypatch.setattr(BoardTable, "set_cells", spy_set_cells)
    monkeypatch.setattr(DataTable, "update_cell", spy_update_cell)
    monkeypatch.setattr(DataTable, "_clear_caches", spy_clear)
    monkeypatch.setattr(Static, "update", spy_header)
    return calls


async def test_a_tick_where_nothing_changed_touches_no_cell_and_no_header(
        board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        board = app.board
        board.flags_at = float("inf")            # this test is about the countdowns only
        board.tick()                             # the clock is frozen: the first tick settles
        await pilot.pause()
        tables = [board.table(p) for p in ("venues", "tasks", "tickets")]
        counts = [t._update_count for t in tables]
        calls = _spy(monkeypatch)
        for _ in range(3):
            board.tick()
        await pilot.pause()
        assert calls == {"cells": [], "update_cell": [], "clear": [], "header": []}
        assert [t._update_count for t in tables] == counts


async def test_a_countdown_that_moved_repaints_its_cell_and_keeps_the_tables_cache(
        board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        board = app.board
        board.flags_at = float("inf")
        table = board.table("tickets")
        other = next(k for k in table.keys if k != TICKET)
        y, other_y = _line_of(table, TICKET), _line_of(table, other)
        width = table.size.width
        assert "8m00s" in table._render_line(y, 0, width, table.rich_style).text   # cached now
        table._render_line(other_y, 0, width, table.rich_style)
        cached = [k for k in table._line_cache.keys() if k[0] == other_y]
        count = table._update_count
        calls = _spy(monkeypatch)
        app.ctx.clock.instant = app.ctx.clock.instant.shift(seconds=5)
        board.tick()
        await pilot.pause()
        assert (str(TICKET), "age", "8m05s") in calls["cells"]
        assert str(table.get_cell(str(TICKET), "age")) == "8m05s"
        line = table._render_line(y, 0, width, table.rich_style).text
        assert "8m05s" in line and "8m00s" not in line         # the row's stale render is gone
        assert table._update_count == count and calls["clear"] == []
        assert cached and all(k in table._line_cache for k in cached)   # other rows stay cached
        assert calls["update_cell"] == []                      # no whole-table invalidation
        assert len(calls["header"]) == 1                       # the clock moved: once
