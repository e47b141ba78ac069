"""The service notice on the board: ``n`` in a meeting's detail shows the notice, masked for a
viewer who is not cleared; a ticket's detail has no notice (snapshots: test_snapshots_dialogs)."""

from __future__ import annotations

import re

import pytest
from boardkit import loaded, settle, wait_for
from dutyboard.store.models import Meeting
from dutyboard.tui.board.refs import RowRef

SECRET = "预算审议（保密）Budget review"


async def _open_meeting(pilot, app, meeting_id: int) -> None:  # noqa: ANN001
    """Pane 1, the cursor on ``meeting_id``'s row, Enter: its detail."""
    await pilot.press("1")
    table = app.board.table("venues")
    index = table.keys.index(RowRef("meeting", meeting_id))
    await pilot.press("g", *["j"] * index, "enter")
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")


def _screen_text(app, selector: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(selector).render())


def _secret_meeting() -> int:
    return Meeting.get(Meeting.title == SECRET).id


@pytest.mark.parametrize(("login", "cleared"), [("duty", False), ("super", True)])
async def test_n_in_a_meeting_detail_shows_its_service_notice(board_url: str, make_board,  # noqa: ANN001
                                                              login: str, cleared: bool) -> None:
    app = make_board(board_url, login=login)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "venues"))
        ident = _secret_meeting()
        await _open_meeting(pilot, app, ident)
        assert "service notice" in _screen_text(app, "#detail-hint")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "NoticeScreen")
        body = _screen_text(app, "#notice-body")
        assert f"Service notice: meeting {ident}" in _screen_text(app, ".modal-title")
        assert "Departments:" in body and "  Engineering\n" in body and "  Security\n" in body
        assert "(eng)" not in body and "工程技术部" not in body
        assert (SECRET in body) is cleared
        assert ("(confidential)" in body) is not cleared
        assert ("shown only to cleared staff" in body) is not cleared
        await pilot.press("escape")   # back to the meeting's detail, then the board
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        await pilot.press("escape")
        assert app.screen is app.board


async def test_the_notice_is_in_the_boards_language(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "venues"))
        await _open_meeting(pilot, app, _secret_meeting())
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "NoticeScreen")
        body = _screen_text(app, "#notice-body")
        assert "会议服务通知单" in _screen_text(app, ".modal-title")
        assert "  工程技术部\n" in body and "会议名称：" in body   # the Chinese name only
        assert not re.search(r"\((eng|sec|svc|env|desk|fcc)\)|Engineering|Security", body), body


async def test_a_tickets_detail_has_no_notice_and_n_does_nothing(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        await pilot.press("3", "enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        assert not app.screen.query("#detail-hint")
        await pilot.press("n")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "DetailScreen"


async def test_a_remapped_notice_key_opens_the_notice(board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, keymap={"notice": "N"})
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "venues"))
        await _open_meeting(pilot, app, _secret_meeting())
        await pilot.press("n")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "DetailScreen"
        await pilot.press("N")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "NoticeScreen")
