"""Snapshots of the reports screen (``R``, issue 12) in English and Chinese: the list of
reports, a department's work sheet on the right, the department picker over it."""

from __future__ import annotations

import pytest
from boardkit import loaded, settle, wait_for
from dutyboard.tui.board.report_catalog import REPORTS
from dutyboard.tui.board.reports_screen import ReportsScreen
from textual.widgets import Input

LANGS = ["en", "zh"]
WORKSHEET = [ident for ident, _, _ in REPORTS].index("worksheet")


def scene(app, pick_only: bool):  # noqa: ANN001, ANN201
    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen))
        app.screen.query_one("#reports-list").highlighted = WORKSHEET
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "PickScreen")
        if not pick_only:
            await pilot.press("down", "enter")
            await wait_for(pilot, lambda: bool(app.screen.query(Input)))
            await pilot.press("enter")
            await settle(pilot, app)
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("what", ["worksheet", "picker"])
def test_reports_screen(snap_compare, board_url: str, make_board, what: str, lang: str) -> None:  # noqa: ANN001
    app = make_board(board_url, lang=lang)
    assert snap_compare(app, terminal_size=(120, 40), run_before=scene(app, what == "picker"))
