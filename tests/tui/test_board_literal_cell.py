"""``literal.cell`` keeps one Text per string (issue 13): each is the Text it made before
(text, spans, style, end), for any string; the same string gives the same object; a Text or
another value passes through; rendering a shared Text leaves it as it was."""

from __future__ import annotations

from dutyboard.rules.text import visible
from dutyboard.tui.board import literal
from dutyboard.tui.board.literal import cell
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text


def old_cell(value: object) -> object:
    """The function before the cache (verbatim)."""
    return Text(visible(value), end="") if isinstance(value, str) else value


def looks(text: Text) -> tuple:
    return (text.plain, list(text.spans), str(text.style), text.end, text.justify, text.overflow,
            text.no_wrap, text.tab_size)


@given(st.text() | st.sampled_from(["", "[/b]", "a\x1b]0;t\x07b", "\r\n\t", "\x85\u202e", "12m"]))
def test_a_string_is_the_text_it_was_and_the_same_one_again(value: str) -> None:
    first = cell(value)
    assert isinstance(first, Text) and looks(first) == looks(old_cell(value))  # type: ignore[arg-type]
    assert cell(value) is first


def test_other_values_pass_through() -> None:
    text = Text("x", style="bold")
    assert cell(text) is text and cell(None) is None and cell(3) == 3


def test_the_cache_starts_again_past_its_limit(monkeypatch) -> None:
    monkeypatch.setattr(literal, "CELLS_KEPT", 3)
    literal._CELLS.clear()
    for value in ("a", "b", "c", "d"):
        cell(value)
    assert set(literal._CELLS) == {"d"}


def test_rendering_a_shared_text_leaves_it_as_it_was() -> None:
    text = cell("Hall 1 east wing, by the lifts")
    assert isinstance(text, Text)
    before = looks(text)
    console = Console(width=12, record=True)
    console.print(text, no_wrap=True, overflow="ellipsis")
    console.print(text)
    list(console.render_lines(text, console.options.update(width=8, height=1, no_wrap=True)))
    assert looks(text) == before
