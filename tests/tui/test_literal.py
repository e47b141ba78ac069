"""User text through the board's two doors: a Text, or a value in a markup template."""

from __future__ import annotations

import pytest
from dutyboard.tui.board.literal import literal, markup

HOSTILE = ["[/b]", "[link=https://x]y", "[@click=app.quit]quit[/]", "a\x1b]0;t\x07b", "[b]x\\",
           "a\\[b]", "$x"]


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_and_control_characters_show_literally(text):
    plain = literal(text).plain
    assert "\x1b" not in plain and "\x07" not in plain
    assert not literal(text).spans
    content = markup("[b]$x[/b] and $y", x=text, y=text)
    assert content.plain == f"{plain} and {plain}"
    assert [(s.start, s.end, str(s.style)) for s in content.spans] == [(0, len(plain), "b")]


def test_multiline_keeps_newlines():
    assert literal("a\nb", multiline=True).plain == "a\nb"
    assert literal("a\nb").plain == "a\u240ab"
    assert literal(None).plain == ""
