"""The board's tables draw a one-line Text cell without Rich's generic layers
(tui/board/cell_render.py): the segments must be Textual's own, for any text (wide
characters, emoji, empty), base style, spans, justification, overflow, column width,
padding, cursor and hover."""

from __future__ import annotations

import asyncio

from dutyboard.tui.board.cell_render import FastCells
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

STYLES = st.sampled_from([Style(), Style(bold=True), Style(color="red"), Style(bgcolor="blue", italic=True),
                          Style(dim=True, color="#ffcc00"), Style(reverse=True), Style(underline=True)])
TEXT_STYLES = st.one_of(STYLES, st.sampled_from(["", "bold red", "dim italic", "reverse"]))  # as written
PLAIN = st.text(st.sampled_from("ab Zz09:-—…·中文核实紧急😀é"), max_size=24)


@st.composite
def cells(draw: st.DrawFn) -> Text:
    plain = draw(PLAIN)
    text = Text(plain, style=draw(TEXT_STYLES),
                justify=draw(st.sampled_from([None, "left", "right", "center"])),
                overflow=draw(st.sampled_from([None, "fold", "crop", "ellipsis"])),
                no_wrap=draw(st.sampled_from([None, True, False])), end=draw(st.sampled_from(["\n", ""])))
    for _ in range(draw(st.integers(0, 3))):
        if plain:
            start = draw(st.integers(0, len(plain) - 1))
            text.stylize(draw(TEXT_STYLES), start, draw(st.integers(start + 1, len(plain))))
    return text


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield FastCells(id="fast")


def _both(table: FastCells, row: int, width: int, base: Style, cursor: bool, hover: bool) -> tuple:
    table._cell_render_cache.clear()
    fast = table._render_cell(row, 0, base, width, cursor, hover)
    table._cell_render_cache.clear()
    textual = DataTable._render_cell(table, row, 0, base, width, cursor, hover)
    return fast, textual


def test_a_text_cell_is_drawn_as_textual_draws_it() -> None:
    async def check() -> None:
        app = Tables()
        async with app.run_test(size=(100, 10)):
            table = app.query_one(FastCells)
            table.add_column("c", key="c", width=10)

            @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
            @given(cell=cells(), width=st.integers(1, 30), padding=st.integers(0, 2), base=STYLES,
                   cursor=st.booleans(), hover=st.booleans())
            def same(cell: Text, width: int, padding: int, base: Style, cursor: bool, hover: bool) -> None:
                table.clear()
                table.cell_padding = padding
                table.add_row(cell, key="r")
                fast, textual = _both(table, 0, width, base, cursor, hover)
                assert fast == textual, (cell, width, padding)
            same()
    asyncio.run(check())


def test_other_cells_are_left_to_textual() -> None:
    """A cell with a line break, a row taller than one line and the header take Textual's way."""
    async def check() -> None:
        app = Tables()
        async with app.run_test(size=(100, 10)):
            table = app.query_one(FastCells)
            table.add_column("c", key="c", width=10)
            table.add_row(Text("two\nlines"), key="a")
            table.add_row(Text("tall"), key="b", height=2)
            table.add_row("plain str [b]markup[/b]", key="c")
            for row in (0, 1, 2):
                fast, textual = _both(table, row, 12, Style(), False, False)
                assert fast == textual
            table._cell_render_cache.clear()
            assert table._render_cell(-1, 0, Style(), 12) == DataTable._render_cell(table, -1, 0, Style(), 12)
    asyncio.run(check())
