"""The command palette in the board's language: its placeholder and its "No matches found"
(Textual writes that one in English inside a private method, so this subclass replaces the
method; textual is pinned in pyproject.toml and tests/tui/test_board_header.py checks it)."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from .i18n import Translator


class BoardPalette(CommandPalette):
    def __init__(self, t: Translator) -> None:
        super().__init__(id="--command-palette", placeholder=t("palette.search"))
        self.t = t

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(self.t("palette.no_matches"), style="not bold")),
                           disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:  # discovering with nothing typed: an empty list needs no remark
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
