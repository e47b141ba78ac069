"""Layout snapshots of the board: both sizes, every dialog, the STALE/PAUSED headers and
the light and contrast themes, in English and Chinese.

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


async def _help(pilot) -> None:  # noqa: ANN001
    await pilot.press("question_mark")


async def _detail(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "enter")
    await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "DetailScreen")


async def _prompt(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "j", "f", *"called")


async def _form_error(pilot) -> None:  # noqa: ANN001
    await pilot.press("n", "ctrl+s")


async def _form_phone(pilot) -> None:  # noqa: ANN001
    """A registered case without a phone: the reason beside the phone field."""
    await pilot.press("n", *"Room 305", "tab", *"Mr Wu", "tab", "tab", *"Leak", "tab", *"eng", "ctrl+s")


async def _emergency(pilot) -> None:  # noqa: ANN001
    """Where and what, then the checklist of who has been told (the supervisor ticked)."""
    await pilot.press("exclamation_mark", *"B2 garage", "tab", *"Car on fire", "tab", "space")


async def _handover_write(pilot) -> None:  # noqa: ANN001
    await pilot.press("H", *"Room 305 leak: plumber back at 08:00", "enter", *"B2 fire door fixed")


async def _stale(pilot) -> None:  # noqa: ANN001
    pilot.app.board.post_message(DatabaseProblem("OperationalError: database is locked"))
    await wait_for(pilot, lambda: pilot.app.board.stale is not None)


async def _paused(pilot) -> None:  # noqa: ANN001
    await pilot.press("p")


async def _confirm_open(pilot) -> None:  # noqa: ANN001
    from dutyboard.tui.board.confirm import ChoiceScreen
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))


async def _signoff(pilot) -> None:  # noqa: ANN001
    """The day's summary with both warnings (09:30, an emergency open), focus on Cancel."""
    await pilot.press("S")
    await _confirm_open(pilot)


async def _approve(pilot) -> None:  # noqa: ANN001
    """A close to approve, with the case's summary (the demo's major case, ticket 6)."""
    await pilot.press("3", "g", *["j"] * pilot.app.board.table("tickets").keys.index(
        next(k for k in pilot.app.board.table("tickets").keys if k.number == 6)), "A")
    await _confirm_open(pilot)


async def _picker(pilot) -> None:  # noqa: ANN001
    await pilot.press("3", "D")
    await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "PickerScreen")


async def _no_match(pilot) -> None:  # noqa: ANN001
    await pilot.press("2", "slash", *"zzz", "enter")
    await wait_for(pilot, lambda: pilot.app.board.table("tasks").filter_text == "zzz")
    await pilot.press("d", *"sec", "enter")
    await wait_for(pilot, lambda: pilot.app.board.dept_focus == "sec")


SCENES = {"help": _help, "detail": _detail, "prompt": _prompt, "form-error": _form_error,
          "stale": _stale, "paused": _paused, "form-phone": _form_phone, "emergency": _emergency,
          "handover-write": _handover_write, "signoff": _signoff, "approve": _approve,
          "picker": _picker, "no-match": _no_match}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scene", sorted(SCENES))
def test_dialogs_and_headers(snap_compare, board_url: str, make_board, scene: str, lang: str) -> None:  # noqa: ANN001
    app = make_board(board_url, lang=lang)
    assert snap_compare(app, terminal_size=(120, 40), run_before=ready(app, SCENES[scene]))


@pytest.mark.parametrize("lang", LANGS)
def test_handover_shown_on_opening(snap_compare, board_url: str, make_board, lang: str) -> None:  # noqa: ANN001
    """The note the last shift left, over the board the next person opens."""
    from boardkit import open_context
    from dutyboard.store.handover import write_note
    write_note(open_context(board_url, "clerk", "2026-11-23T08:55"),
               "Room 305 leak: plumber back at 10:00\nB2 fire door [propped] open, security told")
    app = make_board(board_url, lang=lang)

    async def shown(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "HandoverShowScreen")
    assert snap_compare(app, terminal_size=(120, 40), run_before=ready(app, shown))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("theme", ["light", "contrast"])
def test_themes(snap_compare, board_url: str, make_board, theme: str, lang: str) -> None:  # noqa: ANN001
    app = make_board(board_url, lang=lang, theme=theme)
    assert snap_compare(app, terminal_size=(160, 48), run_before=ready(app))
