"""The header line on the board: the clock in a widget of its own (fixed width, at the left
where the line always began) and the rest of the header beside it. Each is repainted only
when its own text changed, so a second's tick sends the terminal the clock's few cells,
not the whole header line (issue 13). The text comes from header.py."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from .header import HeaderLine


class HeaderBar(Horizontal):
    def __init__(self) -> None:
        super().__init__(id="header-bar")
        self.clock_shown: object = None    # the texts last shown: repainted only when changed
        self.rest_shown: object = None

    def compose(self) -> ComposeResult:
        yield Static("", id="clock")
        yield Static("", id="header")

    def show(self, line: HeaderLine) -> None:
        if line.clock != self.clock_shown:
            clock = self.query_one("#clock", Static)
            if clock.styles.width is None or clock.styles.width.value != line.clock.cell_len:
                clock.styles.width = line.clock.cell_len   # a new form (resize): a layout
            self.clock_shown = line.clock
            clock.update(line.clock, layout=False)
        if line.rest != self.rest_shown:
            self.rest_shown = line.rest
            self.query_one("#header", Static).update(line.rest, layout=False)
