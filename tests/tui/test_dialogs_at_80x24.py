"""The dialogs at 80x24 (issue 11: "80x24 usable, no mouse"): what says how to save or close,
the buttons and the reason a save failed are on the screen without scrolling; what is
longer than the screen scrolls between a title and a hint that stay in view."""

from __future__ import annotations

import pytest
from boardkit import loaded, wait_for
from textual.errors import NoWidget
from textual.widget import Widget

pytestmark = pytest.mark.asyncio
SMALL = (80, 24)


def in_view(app, widget: Widget) -> bool:  # noqa: ANN001
    """The whole of ``widget`` is on the screen (not scrolled away, not clipped)."""
    try:
        region = app.screen.find_widget(widget).region
    except NoWidget:
        return False
    return region.height == widget.outer_size.height and app.screen.region.contains_region(region)


async def opened(pilot, app, keys: tuple[str, ...], name: str) -> None:  # noqa: ANN001
    await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
    await pilot.press(*keys)
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == name)
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("key", ["n", "exclamation_mark"], ids=["ticket", "emergency"])
async def test_the_ticket_form_fits_whole_with_its_buttons_and_what_went_wrong(
        board_url: str, make_board, key: str, lang: str) -> None:  # noqa: ANN001
    app = make_board(board_url, lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app, (key,), "TicketForm")
        await pilot.press("ctrl+s")          # nothing typed: refused, the form stays
        await pilot.pause()
        form = app.screen
        assert form.query_one("#form-box").max_scroll_y == 0
        for selector in ("#f-location", "#f-save", "#f-cancel", "#form-status", ".modal-hint",
                         ".modal-title"):
            assert in_view(app, form.query_one(selector)), selector
        assert str(form.query_one("#form-status").render())   # the reason is said, and seen


@pytest.mark.parametrize("scene", ["help", "meeting", "ticket"])
async def test_a_long_dialog_scrolls_between_its_title_and_its_hint(board_url: str, make_board,  # noqa: ANN001
                                                                    scene: str) -> None:
    keys = {"help": ("question_mark",), "meeting": ("1", "enter"), "ticket": ("3", "enter")}[scene]
    name = "HelpScreen" if scene == "help" else "DetailScreen"
    app = make_board(board_url)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app, keys, name)
        dialog = app.screen
        scroll = dialog.query_one(".modal-scroll")
        assert scroll.max_scroll_y > 0           # longer than 80x24: it scrolls
        hint = dialog.query(".modal-hint").first() if dialog.query(".modal-hint") else None
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y   # by keys alone
        assert in_view(app, dialog.query_one(".modal-title"))
        if hint is not None:
            assert in_view(app, hint)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_booking_form_keeps_its_buttons_status_and_hint_in_view(board_url: str, make_board,  # noqa: ANN001
                                                                          lang: str) -> None:
    app = make_board(board_url, login="clerk", lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app, ("b",), "BookingForm")
        form = app.screen
        await pilot.press(*["tab"] * 12)      # far down the fields: they scroll, the rest stays
        await pilot.pause()
        assert form.query_one("#bk-fields").scroll_y > 0
        for selector in ("#bk-save", "#bk-cancel", ".modal-hint", ".modal-title"):
            assert in_view(app, form.query_one(selector)), selector
        status = form.query_one("#bk-status")   # what a save says: below the buttons, not scrolled
        assert status.parent is form.query_one("#bk-box")
        assert form.query_one("#bk-save").region.bottom <= status.region.y


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("key", ["n", "exclamation_mark"], ids=["ticket", "emergency"])
async def test_ticket_form_dept_hint_is_whole_at_80x24(board_url: str, make_board, key: str,  # noqa: ANN001
                                                        lang: str) -> None:
    """The Dispatch field's placeholder (which departments, blank for later) is read whole,
    not cut ("department: eng sec sv"): an empty reason beside it gives it the room."""
    from rich.cells import cell_len
    from textual.widgets import Input
    app = make_board(board_url, lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app, (key,), "TicketForm")
        field = app.screen.query_one("#f-dept", Input)
        assert in_view(app, field)
        assert field.content_region.width >= cell_len(str(field.placeholder)), field.content_region
        await pilot.press("ctrl+s")           # a refusal shows its reasons beside the fields
        await pilot.pause()
        assert in_view(app, app.screen.query_one("#f-save"))
