"""Snapshots of the booking form (en and zh, 160x48 and 80x24, with refusals beside their
fields; the move and cancel confirmations are in test_snapshots_dialogs). The form's live
check runs in a worker after a short pause; each scene waits for it before the picture is
taken."""

from __future__ import annotations

import pytest
from boardkit import settle, wait_for
from test_board_snapshots import LANGS, ready

SIZES = {"160x48": (160, 48), "80x24": (80, 24)}


async def _form(pilot) -> None:  # noqa: ANN001
    # a class A room at 10:00 (30 min notice, 1 h needed) for more people than it seats
    await pilot.press("b", *"201", "tab", *"10:00", "tab", "tab", *"Budget talk", "tab",
                      *"Finance Bureau", "tab", *"Mr Qian", "tab", *"0571-1234", "tab", *"31")
    await pilot.pause(0.3)
    await settle(pilot, pilot.app)
    await wait_for(pilot, lambda: bool(pilot.app.screen.problems))
    pilot.app.screen.query_one("#bk-venue").focus()   # the top of the form in view
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", sorted(SIZES))
def test_booking_form(snap_compare, board_url: str, make_board, size: str, lang: str) -> None:  # noqa: ANN001
    app = make_board(board_url, login="clerk", lang=lang)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=ready(app, _form))
