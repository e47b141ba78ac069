"""Issue 13, the time to the first full board: nothing before it that can wait.

The cyclic garbage collector is off from the board's start to a second after its first full
board (startup_gc.py), and back on after; a process that runs without it keeps it off."""

from __future__ import annotations

import gc

from boardkit import wait_for
from dutyboard.tui.board import startup_gc
from dutyboard.tui.board.header_bar import HeaderBar


def _first_board_collector(app) -> tuple[list[bool], object]:  # noqa: ANN001
    seen: list[bool] = []
    original = app.board.render_panes

    def timed(changed: set[str] | None = None) -> None:
        seen.append(gc.isenabled())
        original(changed)
    app.board.render_panes = timed
    return seen, original


async def test_the_collector_waits_for_the_first_full_board(board_url: str, make_board) -> None:  # noqa: ANN001
    assert gc.isenabled()
    app = make_board(board_url)
    seen, _ = _first_board_collector(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: bool(seen))
        assert seen[0] is False          # the first full board: derived and shown without it
        assert "overdue" in str(app.board.query_one(HeaderBar).rest_shown)
        await wait_for(pilot, gc.isenabled, timeout=startup_gc.AFTER_FIRST_BOARD + 5)
    assert gc.isenabled() and not startup_gc.held()


async def test_a_board_that_ends_at_once_turns_the_collector_back_on(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)):
        assert not gc.isenabled()
    assert gc.isenabled() and not startup_gc.held()


async def test_a_process_without_the_collector_keeps_it_off(board_url: str, make_board) -> None:  # noqa: ANN001
    gc.disable()
    try:
        app = make_board(board_url)
        seen, _ = _first_board_collector(app)
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: bool(seen))
            startup_gc.release()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
