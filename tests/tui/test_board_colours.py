"""Colour is never the only cue, on any terminal: each tier and state has its symbol, and a
colour that keeps its meaning on a 16-colour terminal (``TERM=xterm``) and in the contrast
theme. The main screen is snapshotted as a 16-colour terminal shows it (colourkit)."""

from __future__ import annotations

import arrow
import pytest
from colourkit import at_16_colours, downgrade
from dutyboard.tui.board.fmt import STYLES, SYMBOLS, countdown, task_mark, tier, verify_countdown
from dutyboard.tui.board.i18n import Translator
from rich.style import Style
from test_board_snapshots import LANGS, ready

NOW = arrow.get("2026-11-23T01:30:00+00:00")
# the standard colour each meaning must land on at 16 colours (foreground or background)
RED, GREEN, YELLOW, BRIGHT_YELLOW, MAGENTA, CYAN, BRIGHT_WHITE = 1, 2, 3, 11, 5, 6, 15


def standard(style: str) -> tuple[int | None, int | None]:
    got = downgrade(Style.parse(style))
    assert got is not None
    return (got.color.number if got.color else None, got.bgcolor.number if got.bgcolor else None)


def test_each_state_keeps_its_colour_at_16_colours() -> None:
    assert standard(STYLES["overdue"]) == (BRIGHT_WHITE, RED)          # not magenta
    assert standard(STYLES["soon"])[1] in (YELLOW, BRIGHT_YELLOW)      # not bright red
    assert standard(STYLES["hour"])[0] == CYAN
    assert standard(STYLES["verify"])[0] == MAGENTA
    assert standard(STYLES["unverified"])[0] == MAGENTA
    assert standard(STYLES["done"])[0] == GREEN and standard(STYLES["verified"])[0] == GREEN


@pytest.mark.parametrize("lang", LANGS)
def test_each_tier_has_its_own_symbol(lang: str) -> None:
    t = Translator(lang)
    cells = {tier(NOW.shift(minutes=m), NOW): str(countdown(NOW.shift(minutes=m), NOW, t))
             for m in (-5, 20, 40, 120)}
    assert set(cells) == {"overdue", "soon", "hour", "later"}
    marks = {name: text.split(" ")[0] or " " for name, text in cells.items()}
    assert len(set(marks.values())) == 4, cells      # four different leading symbols
    assert str(verify_countdown(NOW.shift(minutes=25), NOW, t)).startswith("? ")
    assert str(verify_countdown(NOW.shift(minutes=-5), NOW, t)).startswith("!? ")
    assert {str(task_mark(s, v)) for s, v in [("pending", True), ("done", False), ("done", True),
                                             ("verified", True)]} == {"[ ]", "[x]", "[?]", "[V]"}
    assert SYMBOLS["overdue"] != SYMBOLS["verify"]


@pytest.mark.parametrize("lang", LANGS)
def test_board_at_16_colours(snap_compare, board_url: str, make_board, lang: str) -> None:  # noqa: ANN001
    app = at_16_colours(make_board(board_url, lang=lang))
    assert snap_compare(app, terminal_size=(160, 48), run_before=ready(app))


@pytest.mark.parametrize("lang", LANGS)
def test_board_at_16_colours_at_80x24(snap_compare, board_url: str, make_board, lang: str) -> None:  # noqa: ANN001
    app = at_16_colours(make_board(board_url, lang=lang))
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready(app))


def test_no_ansi_colour_names_on_the_board() -> None:
    """Textual turns ANSI colour names into its own palette's RGB, which a 16-colour terminal
    then shows as another colour (Monokai's red as magenta): the board's cells use hex."""
    import inspect
    import re

    from dutyboard.tui.board import fmt, rows
    names = r"\b(red|green|yellow|blue|magenta|cyan)\b"
    for module in (fmt, rows):
        code = "\n".join(line for line in inspect.getsource(module).splitlines()
                         if "style" in line and not line.strip().startswith("#"))
        assert not re.search(rf"[\"'][^\"']*{names}[^\"']*[\"']", code), module.__name__
