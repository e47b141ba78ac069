"""The main screen's footer is never cut (issue 11: at 80x24 in Chinese ``^p 命令`` lost half
its word): at a narrow width it shows fewer keys (help, the palette, the current pane's main
actions first), each whole; every key stays reachable through ``?`` and the palette."""

from __future__ import annotations

import pytest
from boardkit import loaded, wait_for
from dutyboard.tui.board.footer import BoardFooter, FooterItem, fitting, key_width
from rich.cells import cell_len

PANE_ACTIONS = {"1": {"?", "b"}, "2": {"?", "space", "v", "u"}, "3": {"?", "n", "!", "D", "f"},
                "4": {"?", "a", "!"}}


def test_fitting_keeps_the_first_ones_and_leaves_out_whole_keys() -> None:
    keys = [("help", 8), ("check", 15), ("filter", 10), ("book", 18)]
    assert fitting(keys, 40, ["help", "book"]) == {"help", "book", "filter"}
    assert fitting(keys, 26, ["help", "book"]) == {"help", "book"}
    assert fitting(keys, 25, ["help", "book"]) == {"help", "check"}   # book too wide: left out whole
    assert fitting(keys, 100, []) == {"help", "check", "filter", "book"}
    assert key_width("^p", "命令") == 2 + 2 + 4 + 1


def footer_keys(app) -> list[tuple[int, int, FooterItem]]:  # noqa: ANN001
    """(x, end, key) of each key on the footer's line, as last drawn."""
    footer = app.screen.query_one(BoardFooter)
    footer.render()
    return footer.spans


def drawn(item: FooterItem) -> str:
    return f"▏{item.display} {item.description} " if item.palette else f" {item.display} {item.description} "


@pytest.mark.asyncio
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (60, 24), (160, 48)], ids=["80", "60", "160"])
async def test_no_footer_key_is_cut_and_each_pane_shows_its_actions(
        board_url: str, make_board, lang: str, size: tuple[int, int]) -> None:  # noqa: ANN001
    app = make_board(board_url, lang=lang)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
        for digit, actions in PANE_ACTIONS.items():
            wanted = actions if size[0] >= 80 else {"?"}      # 60 wide: whole keys, fewer of them
            await pilot.press(digit)
            await wait_for(pilot, lambda wanted=wanted: wanted <= {k.display for _, _, k in footer_keys(app)})
            await pilot.pause()
            keys = footer_keys(app)
            shown = {k.display for _, _, k in keys}
            assert "^p" in shown, shown
            line = app.screen.query_one(BoardFooter).render()
            assert line.cell_len <= size[0]
            for start, end, key in keys:           # each key whole: its place holds its text
                assert drawn(key) in line.plain, (drawn(key), line.plain)
                assert end - start == cell_len(drawn(key)) and end <= size[0], (key, start, end)
            spans = sorted((start, end) for start, end, _ in keys)
            for left, right in zip(spans, spans[1:], strict=False):
                assert left[1] <= right[0], (left, right)     # none covers another
