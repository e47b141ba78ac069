"""The supervisor's sparkline under the tickets pane: shown to a desk supervisor (and a
manager), not to a clerk, and kept up to date as cases are registered."""

from __future__ import annotations

import re

import pytest
from boardkit import loaded, open_context, wait_for
from dutyboard.store import tickets
from dutyboard.tui.board.trend_line import BLOCKS

pytestmark = pytest.mark.asyncio


def subtitle(app) -> str:  # noqa: ANN001
    pane = app.board.query_one("#pane-tickets")
    return pane._border_subtitle.plain if pane._border_subtitle is not None else ""   # what is drawn


def backlog_now(text: str) -> int:
    match = re.search(rf"[{BLOCKS}]+ (\d+) · ", text)
    assert match, text
    return int(match.group(1))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_supervisor_sees_backlog_and_complaint_rate(board_url: str, make_board, lang: str) -> None:  # noqa: ANN001
    app = make_board(board_url, login="super", lang=lang)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets") and subtitle(app) != "")
        text = subtitle(app)
        assert ("backlog 14d" if lang == "en" else "积压14天") in text
        assert re.search(r"[✓!]<5%$", text), text
        trend = app.board.snapshot.trend
        assert trend is not None and len(trend.open_cases) == 14
        assert backlog_now(text) == trend.open_cases[-1] > 0
        before = backlog_now(text)
        other = open_context(board_url, "clerk")
        tickets.open_ticket(other, tickets.TicketInput(
            kind="repair", channel="phone", location="Room 305", contact="Mr Wu",
            content="Door closer broken", phone="13800001111"))
        await wait_for(pilot, lambda: backlog_now(subtitle(app)) == before + 1)


async def test_a_clerk_sees_no_sparkline(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        await pilot.pause()
        assert app.board.snapshot.trend is None
        assert subtitle(app) == ""
