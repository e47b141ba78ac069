"""Layout snapshots of the main screen: both sizes, the STALE/PAUSED headers, an empty
filter, and the light and contrast themes, in English and Chinese (every dialog:
test_snapshots_dialogs; 16 colours: test_board_colours).

Review a diff in snapshot_report.html (and the SVG's text) before accepting it with
--snapshot-update. Column widths depend only on the pane's width and the language, so a
render does not depend on when the data arrived.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from boardkit import loaded, wait_for
from dutyboard.tui.board.messages import DatabaseProblem
from textual.widgets import Input

LANGS = ["en", "zh"]


def ready(app, then: Callable[..., Awaitable[None]] | None = None):  # noqa: ANN001, ANN201
    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
        if then is not None:
            await then(pilot)
        await pilot.pause()
        for field in pilot.app.screen.query(Input):   # a blinking cursor is not layout
            field.cursor_blink = False
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_board_layout(snap_compare, board_url: str, make_board, lang: str,  # noqa: ANN001
                      size: tuple[int, int]) -> None:
    app = make_board(board_url, lang=lang)
    assert snap_compare(app, terminal_size=size, run_before=ready(app))


def test_tickets_pane_at_80x24(snap_compare, board_url: str, make_board) -> None:  # noqa: ANN001
    app = make_board(board_url, lang="zh")

    async def to_tickets(pilot) -> None:  # noqa: ANN001
        await pilot.press("3")
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready(app, to_tickets))


async def _stale(pilot) -> None:  # noqa: ANN001
    pilot.app.board.post_message(DatabaseProblem("OperationalError: database is locked"))
    await wait_for(pilot, lambda: pilot.app.board.stale is not None)


async def _paused(pilot) -> None:  # noqa: ANN001
    await pilot.press("p")


async def _no_match(pilot) -> None:  # noqa: ANN001
    await pilot.press("2", "slash", *"zzz", "enter")
    await wait_for(pilot, lambda: pilot.app.board.table("tasks").filter_text == "zzz")
    await pilot.press("d", *"sec", "enter")
    await wait_for(pilot, lambda: pilot.app.board.dept_focus == "sec")


SCENES = {"stale": _stale, "paused": _paused, "no-match": _no_match}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scene", sorted(SCENES))
def test_header_states(snap_compare, board_url: str, make_board, scene: str, lang: str) -> None:  # noqa: ANN001
    """STALE, PAUSED, a filter and a focus that match nothing (the dialogs are in
    test_snapshots_dialogs, at 160x48 and 80x24)."""
    app = make_board(board_url, lang=lang)
    assert snap_compare(app, terminal_size=(120, 40), run_before=ready(app, SCENES[scene]))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_themes(snap_compare, board_url: str, make_board, theme: str, lang: str) -> None:  # noqa: ANN001
    app = make_board(board_url, lang=lang, theme=theme)
    assert snap_compare(app, terminal_size=(160, 48), run_before=ready(app))
