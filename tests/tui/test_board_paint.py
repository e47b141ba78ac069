"""The per-second tick repaints only what changed (issue 13, item 2): no cell, no table cache
and no header is touched when no text changed; a countdown that moved repaints the characters
that changed in its own cell without dropping the rest of the table's render cache; the
clock's tick repaints the clock, not the header's text; and what the terminal gets for a
repaint starts at the change, not at the widget's left edge (paint.py)."""

from __future__ import annotations

from typing import Any

from boardkit import countdowns_only, loaded, tick_later, wait_for
from dutyboard.tui.board.paint import CellPaintCompositor, SpanChopsUpdate, char_end, char_start
from dutyboard.tui.board.refs import RowRef
from dutyboard.tui.board.table import BoardTable
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowKey

TICKET = RowRef("ticket", 11)      # the demo's ticket whose age shows 8m at NOW (minutes only)


def _line_of(table: Any, key: RowRef) -> int:
    """The table's line (virtual y, below its header) that shows ``key``'s row."""
    return table.header_height + table.keys.index(key)


def _spy(monkeypatch: Any) -> dict[str, list[Any]]:
    calls: dict[str, list[Any]] = {"cells": [], "update_cell": [], "clear": [], "header": [],
                                   "clock": []}
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
        if self.id in ("header", "clock"):
            calls[self.id].append(args)
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
        board = countdowns_only(app)            # this test is about the countdowns only
        await pilot.pause()
        tables = [board.table(p) for p in ("venues", "tasks", "tickets")]
        counts = [t._update_count for t in tables]
        calls = _spy(monkeypatch)
        for _ in range(3):
            board.tick()
        await pilot.pause()
        assert calls == {"cells": [], "update_cell": [], "clear": [], "header": [], "clock": []}
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
        assert " 8m " in table._render_line(y, 0, width, table.rich_style).text   # cached now
        table._render_line(other_y, 0, width, table.rich_style)
        cached = [k for k in table._line_cache.keys() if k[0] == other_y]
        count = table._update_count
        calls = _spy(monkeypatch)
        tick_later(app, seconds=60)
        await pilot.pause()
        assert (str(TICKET), "age", "9m") in calls["cells"]
        assert str(table.get_cell(str(TICKET), "age")) == "9m"
        line = table._render_line(y, 0, width, table.rich_style).text
        assert " 9m " in line and " 8m " not in line           # the row's stale render is gone
        assert table._update_count == count and calls["clear"] == []
        assert cached and all(k in table._line_cache for k in cached)   # other rows stay cached
        assert calls["update_cell"] == []                      # no whole-table invalidation
        assert len(calls["clock"]) == 1 and calls["header"] == []   # the clock moved: once
        # the rows' cached renders were patched with the new cells, not dropped; and every
        # line painted from them is the line a render from scratch gives
        assert any(k[0] == RowKey(str(TICKET)) for k in table._row_render_cache.keys())
        lines = range(table.header_height, table.header_height + len(table.keys))
        patched = [list(table._render_line(y, 0, width, table.rich_style)) for y in lines]
        table._clear_caches()
        assert patched == [list(table._render_line(y, 0, width, table.rich_style)) for y in lines]


def _partial_updates(monkeypatch: Any, console: Console) -> list[tuple[list, str]]:
    """What the board's compositor sends the terminal for each partial update: (spans, bytes)."""
    sent: list[tuple[list, str]] = []
    render = CellPaintCompositor.render_partial_update

    def spy(self: Any) -> Any:
        update = render(self)
        if update is not None:
            sent.append((update.spans, update.render_segments(console)))
        return update
    monkeypatch.setattr(CellPaintCompositor, "render_partial_update", spy)
    return sent


async def test_a_clock_tick_repaints_the_clock_and_not_the_headers_text(
        board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        board = countdowns_only(app)
        await pilot.pause()
        clock = board.query_one("#clock", Static)
        header = board.query_one("#header", Static)
        assert "11-23 09:30:00" in str(clock.render())
        assert "overdue" in str(header.render()) and "overdue" not in str(clock.render())
        calls = _spy(monkeypatch)
        sent = _partial_updates(monkeypatch, app.console)
        tick_later(app, seconds=1)
        await pilot.pause()
        assert "11-23 09:30:01" in str(clock.render())
        assert len(calls["clock"]) == 1 and calls["header"] == []
        header_spans = [(x1, x2) for spans, _ in sent for y, x1, x2 in spans if y == 0]
        assert header_spans and all(x2 <= clock.region.right for _, x2 in header_spans)
        assert all("overdue" not in data for _, data in sent)   # the header's text: not resent


async def test_a_countdown_sends_the_terminal_only_its_changed_characters(
        board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        board = countdowns_only(app)                             # the clock is frozen: the first tick settles
        await pilot.pause()
        table = board.table("tickets")
        row_y = table.region.y + _line_of(table, TICKET) - int(table.scroll_y)
        sent = _partial_updates(monkeypatch, app.console)
        tick_later(app, seconds=60)   # age 8m -> 9m
        await pilot.pause()
        row_spans = [(x1, x2) for spans, _ in sent for y, x1, x2 in spans
                     if y == row_y and x1 >= table.region.x]
        assert row_spans and all(x1 > table.region.x for x1, _ in row_spans)  # not the row's start
        assert any(x2 - x1 == 2 for x1, x2 in row_spans)                    # "9m", not the row
        data = "".join(out for _, out in sent)
        assert "9m" in data and "EMERG" not in data and "dispatched" not in data


async def test_a_partial_update_renders_only_the_widgets_under_its_changes(
        board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    """The clock (line 1) and a ticket's age (the tickets pane) changed: Textual rendered
    every widget inside the rectangle around both, all their lines, each second; the
    board's compositor renders the widgets under each change, and only its lines."""
    from textual.widget import Widget
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        board = countdowns_only(app)
        await pilot.pause()
        rendered: list[tuple[Any, int]] = []
        render_lines = Widget.render_lines

        def spy(self: Any, crop: Any) -> Any:
            rendered.append((self, crop.height))
            return render_lines(self, crop)
        monkeypatch.setattr(Widget, "render_lines", spy)
        sent = _partial_updates(monkeypatch, app.console)
        tick_later(app, seconds=60)   # clock, age 8m -> 9m
        await pilot.pause()
        assert sent and "9m" in "".join(out for _, out in sent)
        widgets = {w for w, _ in rendered}
        assert board.table("tickets") in widgets and board.query_one("#clock") in widgets
        assert board.query_one("#tabs") not in widgets and board.query_one("#status") not in widgets
        dirty_lines = {y for spans, _ in sent for y, _, _ in spans}
        assert all(height <= len(dirty_lines) for _, height in rendered)   # only dirty lines


def test_a_span_starts_at_its_own_left_edge_never_inside_a_wide_character() -> None:
    console = Console(color_system=None, force_terminal=True, width=40)
    strip = Strip([Segment("ab"), Segment("贵宾", Style(bold=True)), Segment("cd")])  # 2+4+2
    assert [char_start(strip, x) for x in range(8)] == [0, 1, 2, 2, 4, 4, 6, 7]
    assert [char_end(strip, x) for x in range(9)] == [0, 1, 2, 4, 4, 6, 6, 7, 8]
    line = {0: None, 10: strip}
    update = SpanChopsUpdate([line], [(0, 16, 18)], [[10, 18]])
    assert update.render_segments(console) == "\x1b[1;17Hcd"       # only the span, from x=16
    update = SpanChopsUpdate([line], [(0, 13, 15)], [[10, 18]])     # 13: inside 贵, 15: 宾
    assert update.render_segments(console) == "\x1b[1;13H\x1b[1m贵宾\x1b[0m"


def test_the_header_cache_fits_the_line_again_only_when_more_than_the_clock_changed(
        board_url: str, monkeypatch) -> None:  # noqa: ANN001
    from boardkit import open_context
    from dutyboard.rules.facts import PENDING
    from dutyboard.store.board import BoardReader
    from dutyboard.tui.board import header as H
    from dutyboard.tui.board.i18n import Translator
    ctx = open_context(board_url, "duty")
    snap = BoardReader(ctx).full()
    now = ctx.now()
    due = min(r.due for rows in snap.dept_tasks.values() for r in rows
              if r.state == PENDING and r.due > now)
    t, state = Translator("en"), H.HeaderState(loaded=True, database="board.db", width=158)
    fitted: list[object] = []
    header_line = H.header_line

    def spy(*args: Any, **kwargs: Any) -> Any:
        fitted.append(args[1])
        return header_line(*args, **kwargs)
    monkeypatch.setattr(H, "header_line", spy)
    cache = H.HeaderCache()
    instants = [now, now.shift(seconds=1), now.shift(seconds=2), due, due.shift(seconds=1)]
    for at in instants:
        line = cache.line(t, at, "Asia/Shanghai", "Site", snap, state)
        whole = header_line(t, at, "Asia/Shanghai", "Site", snap, state).whole
        assert line.whole == whole                      # the same line as fitting it afresh
    assert fitted == [now, due]                         # again only when an item fell due
    cache.line(t, due, "Asia/Shanghai", "Site", snap, H.HeaderState(loaded=True, width=158))
    assert len(fitted) == 3                             # a state change fits it again
