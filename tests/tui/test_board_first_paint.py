"""Issue 13, the time to the first full board: the board is laid out, styled and painted once.

The poller's first read starts with the app and the screen waits for it (a short while at
most) before its first layout, so the first frame is the full board; the screen's wide/narrow
classes and the theme are in place before the first styles; a table adds its rows once it
knows its width; the footer is one line, not a widget per key. Each of these used to make
the start lay out, restyle or render the whole board again."""

from __future__ import annotations

import collections
import threading

from boardkit import wait_for
from dutyboard.store.board import BoardReader
from dutyboard.tui.board import first_frame
from dutyboard.tui.board.cell_render import FastCells
from textual._compositor import Compositor


async def test_the_first_frame_is_the_full_board(board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    """When the first frame reaches the terminal the first snapshot is already in the panes."""
    app = make_board(board_url)
    loaded_at_first_frame: list[bool] = []
    original = Compositor.render_full_update

    def first_frame(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if not loaded_at_first_frame:
            loaded_at_first_frame.append(bool(app.board.table("tasks").keys))
        return original(self, *args, **kwargs)
    monkeypatch.setattr(Compositor, "render_full_update", first_frame)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: bool(loaded_at_first_frame) and app.board.snapshot is not None)
    assert loaded_at_first_frame == [True]


async def test_each_cell_of_the_first_board_is_rendered_once(board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    """The first snapshot is in the tables before the first layout now, so a later restyle or
    relayout at the start (the screen's classes for its size, the tables' real widths, the
    theme, the focus: each came after the first paint) would render every cell again: none
    does before the board settles."""
    app = make_board(board_url)
    renders: collections.Counter[tuple[str, int, int]] = collections.Counter()
    original = FastCells._render_cell

    def counting(self, row_index, column_index, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        cached = len(self._cell_render_cache)
        lines = original(self, row_index, column_index, *args, **kwargs)
        if row_index >= 0 and len(self._cell_render_cache) > cached:   # rendered, not cached
            renders[(str(self.id), row_index, column_index)] += 1
        return lines
    monkeypatch.setattr(FastCells, "_render_cell", counting)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.board.snapshot is not None)
        await pilot.pause(0.3)
    assert len(renders) > 100
    assert max(renders.values()) == 1, renders.most_common(3)


async def test_a_slow_first_read_opens_the_board_empty_then_fills_it(board_url: str, make_board,
                                                                    monkeypatch) -> None:  # noqa: ANN001
    """The screen waits for the first read a short while only: a database slower than that
    gets the board on screen at once, saying it is loading, and the snapshot when it comes."""
    monkeypatch.setattr(first_frame, "FIRST_READ_WAIT", 0.05)
    release = threading.Event()
    original = BoardReader.full

    def slow(self):  # noqa: ANN001, ANN202
        release.wait(10)
        return original(self)
    monkeypatch.setattr(BoardReader, "full", slow)
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.2)
        assert app.board.snapshot is None and app.board.table("tasks").keys == []
        release.set()
        await wait_for(pilot, lambda: bool(app.board.table("tasks").keys))


async def test_the_footer_is_one_widget_and_a_click_on_a_key_presses_it(board_url: str, make_board) -> None:  # noqa: ANN001
    """The footer draws its keys on one line (a widget per key was an eighth of the start's
    work): no widget inside it, and each key still answers a click and shows its tooltip,
    as Textual's did."""
    from dutyboard.tui.board.footer import BoardFooter
    from dutyboard.tui.board.keys import BY_ID

    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.board.snapshot is not None)
        await pilot.pause(0.2)
        footer = app.board.query_one(BoardFooter)
        assert not footer.children
        footer.render()
        where = {item.action: start for start, _end, item in footer.spans}
        assert BY_ID["help"].action in where, where
        palette = next((start, item) for start, _end, item in footer.spans if item.palette)
        await pilot.hover(BoardFooter, offset=(palette[0] + 2, 0))
        assert footer.tooltip == palette[1].tooltip and footer.tooltip
        await pilot.click(BoardFooter, offset=(where[BY_ID["help"].action] + 1, 0))
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
