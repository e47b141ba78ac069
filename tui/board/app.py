"""The board application: holds the context, the poller, the themes, the keymap and the
command palette; the board itself is ``BoardScreen`` (screen.py)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dutyboard.store.context import Context
from dutyboard.store.health import failure, failure_reason
from dutyboard.store.read_ahead import ReadAhead
from textual import on
from textual.app import App, SystemCommand
from textual.binding import BindingsMap
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from .i18n import Translator, detect_lang
from .keys import APP, BOARD, KEYS, WRITE_KEYS, bindings, key_lines
from .messages import DatabaseProblem
from .palette import BoardPalette
from .poller import Poller
from .screen import BoardScreen, Cadence
from .startup_gc import AT_THE_LATEST, hold, release
from .themes import CONTRAST, THEMES

__all__ = ["BoardApp", "Cadence"]


class BoardApp(App[int]):
    CSS_PATH = Path(__file__).with_name("board.tcss")
    TITLE = "dutyboard"
    BINDINGS = bindings(APP)

    def __init__(self, ctx: Context, lang: str | None = None, theme: str | None = None,
                 readonly: bool = False, cadence: Cadence = Cadence(),
                 keymap: dict[str, str] | None = None, read_ahead: ReadAhead | None = None) -> None:
        """``read_ahead``: the first snapshot, being read by a child since launch (run.py)."""
        super().__init__()
        self.ctx = ctx
        self.t = Translator(detect_lang(lang))
        self.readonly = readonly
        self.cadence = cadence
        self.keymap = keymap or {}
        self.register_theme(CONTRAST)
        self.board_theme = theme if theme in THEMES else "dark"
        self.poller = Poller(ctx, self._to_board, cadence.poll, read_ahead)
        self._bindings = BindingsMap(bindings(APP, self.t))
        self.board = BoardScreen(ctx, self.t, self.poller, readonly, cadence, self.keymap)

    def get_default_screen(self) -> Screen:
        return self.board

    def _to_board(self, message: Message) -> None:
        """The poller's messages (from its thread) go to the board screen."""
        self.board.post_message(message)

    def on_load(self) -> None:
        self.theme = THEMES[self.board_theme]   # before the first styles: a change restyles all
        hold()     # until the first full board is on screen (startup_gc.py, screen.py)
        self._start_poller()   # the first read runs while the screen is built (screen.py)

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self.set_timer(AT_THE_LATEST, release)   # no first board by then: not waiting for it

    def _start_poller(self) -> None:
        self.run_worker(self.poller.run, thread=True, group="poll", exclusive=True, name="poller",
                        exit_on_error=False)

    @on(Worker.StateChanged)
    def poller_failed(self, event: Worker.StateChanged) -> None:
        """The poller catches database failures itself; should it still die (a bug), the
        board says STALE and starts it again instead of ending."""
        if event.state != WorkerState.ERROR or event.worker.group != "poll" or self.poller.stop.is_set():
            return
        error = event.worker.error
        self.board.post_message(DatabaseProblem(failure_reason(error), failure=failure(error)) if error
                                else DatabaseProblem("?"))
        self.set_timer(1.0, self._start_poller)

    def on_unmount(self) -> None:
        release()   # ended before its first full board
        self.poller.stop.set()
        self.poller.wake.set()
        self.poller.close_read_ahead()

    def action_next_theme(self) -> None:
        """Cycle dark -> light -> high contrast."""
        order = list(THEMES.values())
        self.theme = order[(order.index(self.theme) + 1) % len(order)] if self.theme in order else order[0]

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(BoardPalette(self.t))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The board's own keys, in the board's language (not Textual's English commands)."""
        if screen is not self.board:
            return
        for key, (shown, text) in zip(KEYS, key_lines(self.get_key_display, self.keymap, self.t),
                                      strict=True):
            if not key.palette or (self.board.readonly and key.id in WRITE_KEYS):
                continue
            target = self if key.where == APP else self.board
            assert key.where in (APP, BOARD)
            yield SystemCommand(text, shown, lambda a=key.action, n=target: n.run_action(a))

