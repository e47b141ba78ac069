"""Modal screens: help, a detail view (meeting or ticket with its history), a one-line prompt."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from .i18n import Translator
from .keys import DETAIL, bindings
from .literal import literal


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, t: Translator, lines: list[tuple[str, str]]) -> None:
        super().__init__()
        self.t, self.lines = t, lines

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.lines) + 2
        body = "\n".join(f"{k.ljust(width)}{d}" for k, d in self.lines)
        with Vertical(id="help-box", classes="modal-box"):   # title and hint stay in view
            yield Label(self.t("help.title"), classes="modal-title")
            with VerticalScroll(classes="modal-scroll"):
                yield Static(body, id="help-body")
            yield Label(self.t("help.close"), classes="modal-hint")


class DetailScreen(ModalScreen[None]):
    """A meeting's detail (``meeting_id`` set) also binds the detail keys of keys.py: the
    service notice calls ``on_notice(meeting_id)``."""
    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close")]

    def __init__(self, title: str, body: str, t: Translator | None = None,
                 meeting_id: int | None = None, on_notice: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.title_text, self.body = title, body
        self.t, self.meeting_id, self.on_notice = t, meeting_id, on_notice
        if meeting_id is not None and on_notice is not None:
            self._bindings = BindingsMap.merge([self._bindings, BindingsMap(bindings(DETAIL, t))])

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box", classes="modal-box"):  # user text: never markup
            yield Label(literal(self.title_text), classes="modal-title")
            with VerticalScroll(classes="modal-scroll"):
                yield Static(literal(self.body, multiline=True), id="detail-body")
            if self.t is not None and self.meeting_id is not None and self.on_notice is not None:
                yield Label(self.t("notice.hint"), classes="modal-hint", id="detail-hint")

    def action_notice(self) -> None:
        if self.meeting_id is not None and self.on_notice is not None:
            self.on_notice(self.meeting_id)


class PromptScreen(ModalScreen[str | None]):
    """Ask one line; Enter returns it, Esc returns None."""
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question, self.value = question, value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box", classes="modal-box"):
            yield Label(literal(self.question), classes="modal-title")  # may name user text
            yield Input(value=self.value, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
