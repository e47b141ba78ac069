"""User text is data: control characters become visible, hostile names are refused."""

from __future__ import annotations

import pytest
from dutyboard.rules.text import name_problem, valid_name, visible

HOSTILE = [
    "\x1b]0;owned\x07",          # OSC: set the window title
    "\x1b[2J\x1b[H",             # CSI: clear the screen
    "\x1b]8;;http://x\x1b\\a\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m",                   # C1 CSI
    "\x9d0;t\x9c",               # C1 OSC + ST
    "abc\u202edcba",             # right-to-left override
    "ad\u200bmin",               # zero-width space
    "x\u2028y",                  # line separator
    "bad\udcffbyte",             # a non-UTF-8 byte via surrogateescape
    "\x00\x07\x08\x7f",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_visible_leaves_no_control_character(text: str) -> None:
    shown = visible(text)
    assert shown.isprintable(), repr(shown)
    shown.encode("utf-8")  # a lone surrogate would raise here


def test_visible_symbols() -> None:
    assert visible("\x1b[31mred") == "\u241b[31mred"
    assert visible("bell\x07") == "bell\u2407"
    assert visible("a\nb") == "a\u240ab"
    assert visible("a\nb\tc", keep_newlines=True) == "a\nb\tc"
    assert visible("\x9b") == "\\x9b"
    assert visible("abc\u202edcba") == "abc\\u202edcba"
    assert visible("ad\u200bmin") == "admin"
    assert visible("bad\udcffbyte") == "bad\\xffbyte"
    assert visible("\x7f") == "\u2421"


@pytest.mark.parametrize("text", ["Hall A", "会议室 三", "[/b] literal", "O'Brien", "ärger", "a" * 100])
def test_visible_keeps_ordinary_text(text: str) -> None:
    assert visible(text) == text
    assert valid_name(text)


@pytest.mark.parametrize("text", HOSTILE + ["", "   ", "a\tb", "a" * 101, "\ufeffadmin"])
def test_hostile_names_are_refused(text: str) -> None:
    assert not valid_name(text)
    problem = name_problem(text, "login")
    assert problem is not None and problem.startswith("login")
    assert problem.isprintable() and "\n" not in problem
