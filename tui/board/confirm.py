"""The confirmation dialog (issue 11): a step that cannot be taken back quietly (a sign-off,
a verification, an undo, an approval, a revocation) is shown first, naming exactly what it
acts on, and taken only on an explicit answer.

One modal, :class:`ChoiceScreen`: a title, the facts (user text among them, shown literally,
never as markup), warnings, and a few answers, each on its own key and button. Esc always
cancels (``None``). :func:`confirm` is the yes/no case. With a warning, the focus starts on
the cancelling answer, so a reflexive Enter does not sign a day off at 07:48."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from .i18n import Translator
from .literal import literal, shown


@dataclass(frozen=True)
class Choice:
    key: str      # one printable key ("y", "n", "s")
    label: str    # ours, translated
    value: Any    # what the dialog returns
    cancels: bool = False  # the safe answer: focused first when there is a warning


class ChoiceScreen(ModalScreen[Any]):
    """Ask one question about the facts in ``lines``; returns the chosen value, None on Esc."""

    DEFAULT_CSS = """
    ChoiceScreen #choice-box { width: 80%; max-width: 90; }
    ChoiceScreen #choice-body { padding: 1 0 0 0; }
    ChoiceScreen #choice-warnings { color: $warning; text-style: bold; padding: 1 0 0 0; }
    ChoiceScreen #choice-buttons { height: 1; margin: 1 0 0 0; }
    ChoiceScreen #choice-buttons Button { margin: 0 2 0 0; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, t: Translator, title: str, lines: Sequence[str], choices: Sequence[Choice],
                 warnings: Sequence[str] = ()) -> None:
        super().__init__()
        self.t, self.title_text = t, title
        self.lines, self.choices, self.warnings = tuple(lines), tuple(choices), tuple(warnings)
        self.by_key = {c.key: c for c in self.choices}

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box", classes="modal-box"):
            yield Label(literal(self.title_text), classes="modal-title", id="choice-title")
            yield Static(literal("\n".join(self.lines), multiline=True), id="choice-body")
            if self.warnings:
                yield Static(literal("\n".join(f"! {w}" for w in self.warnings), multiline=True),
                             id="choice-warnings")
            with Horizontal(id="choice-buttons"):
                for i, choice in enumerate(self.choices):
                    yield Button(Text(f"{choice.key}  {shown(choice.label)}"), id=f"choice-{i}",
                                 variant="error" if choice.cancels else "primary", compact=True)
            yield Label(self.t("confirm.hint"), classes="modal-hint")

    def on_mount(self) -> None:
        first = next((i for i, c in enumerate(self.choices) if c.cancels), 0) if self.warnings else \
            next((i for i, c in enumerate(self.choices) if not c.cancels), 0)
        self.query_one(f"#choice-{first}", Button).focus()

    def on_key(self, event: events.Key) -> None:
        choice = self.by_key.get(event.character or "")
        if choice is not None:
            event.stop()
            self.dismiss(choice.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        index = int((event.button.id or "choice-0").rsplit("-", 1)[1])
        self.dismiss(self.choices[index].value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def confirm(t: Translator, title: str, lines: Sequence[str], yes: str,
            warnings: Sequence[str] = ()) -> ChoiceScreen:
    """A yes/no confirmation: ``y`` (labelled ``yes``, e.g. "Sign off") returns True; ``n``
    and Esc cancel."""
    return ChoiceScreen(t, title, lines, (Choice("y", yes, True), Choice("n", t("confirm.no"), False,
                                                                          cancels=True)), warnings)


def yes_no(t: Translator, title: str, lines: Sequence[str], skip: str | None = None) -> ChoiceScreen:
    """A yes/no question (``y`` True, ``n`` False), optionally with ``s`` for "not asked"
    (returns the string ``"skip"``); Esc cancels the whole step (None)."""
    choices = [Choice("y", t("confirm.yes"), True), Choice("n", t("confirm.answer_no"), False)]
    if skip is not None:
        choices.append(Choice("s", skip, "skip"))
    return ChoiceScreen(t, title, lines, choices)
