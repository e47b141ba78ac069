"""Snapshots of the venues timeline (T) at both sizes, in English and Chinese, on the demo
day at 09:30: the now-line, the preparation windows, the report hall's overdue mark."""

from __future__ import annotations

import pytest
from boardkit import loaded, wait_for


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_timeline_layout(snap_compare, board_url: str, make_board, lang: str,  # noqa: ANN001
                         size: tuple[int, int]) -> None:
    app = make_board(board_url, lang=lang)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
        await pilot.press("T")
        await wait_for(pilot, lambda: app.board.timeline.lanes != [] and app.board.timeline.scroll_x > 0)
        await pilot.pause()
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_supervisor_sparkline(snap_compare, board_url: str, make_board, lang: str) -> None:  # noqa: ANN001
    """The tickets pane's bottom border for the desk supervisor: backlog and complaint rate."""
    app = make_board(board_url, login="super", lang=lang)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets")
                       and app.board.snapshot.trend is not None)
        await pilot.pause()
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)
