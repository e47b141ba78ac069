"""A picker: choose one of a few values labelled in the board's language (a department, a
role, a priority) instead of typing a code. Typing narrows the list (by label, code or any
other name of the value: ``eng``, ``工程``, ``engineering`` all find engineering), the arrows
move, Enter picks the highlighted value, Esc cancels (None)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from .i18n import Translator
from .literal import shown


@dataclass(frozen=True)
class Choice:
    value: str
    label: str                      # in the board's language
    note: str = ""                  # shown dim after the label (the code, "told")
    names: tuple[str, ...] = ()     # other names typing may match


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("-", " ").strip()


def matches(choice: Choice, typed: str) -> int | None:
    """How well ``typed`` names ``choice``: 0 exactly (a code, a label, a name), 1 as the
    start of one, 2 inside one; None not at all."""
    needle = _fold(typed)
    if not needle:
        return 2
    words = [_fold(w) for w in (choice.value, choice.label, *choice.names)]
    if needle in words:
        return 0
    if any(w.startswith(needle) for w in words):
        return 1
    return 2 if any(needle in w for w in words) else None


class PickerScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
    ]

    def __init__(self, t: Translator, title: str, choices: Sequence[Choice],
                 current: str | None = None) -> None:
        super().__init__()
        self.t, self.title_text, self.choices = t, title, tuple(choices)
        self.current = current
        self.shown_choices: list[Choice] = list(self.choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="modal-box"):
            yield Label(self.title_text, classes="modal-title")
            yield Input(placeholder=self.t("picker.type"), id="picker-input")
            yield OptionList(*self._options(), id="picker-list")
            yield Label(self.t("picker.hint"), classes="modal-hint")

    def on_mount(self) -> None:
        values = [c.value for c in self.shown_choices]
        listing = self.query_one(OptionList)
        listing.highlighted = values.index(self.current) if self.current in values else 0
        self.query_one(Input).focus()

    def _options(self) -> list[Option]:
        out = []
        for choice in self.shown_choices:
            prompt = Text(shown(choice.label))
            if choice.note:
                prompt.append(f"  {shown(choice.note)}", "dim")
            out.append(Option(prompt, id=choice.value or "-"))
        return out

    @on(Input.Changed, "#picker-input")
    def narrow(self, event: Input.Changed) -> None:
        ranked = [(rank, i, c) for i, c in enumerate(self.choices)
                  if (rank := matches(c, event.value)) is not None]
        self.shown_choices = [c for _, _, c in sorted(ranked, key=lambda r: (r[0], r[1]))]
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(self._options())
        listing.highlighted = 0 if self.shown_choices else None

    def action_move(self, step: int) -> None:
        listing = self.query_one(OptionList)
        if self.shown_choices:
            now = listing.highlighted if listing.highlighted is not None else -step
            listing.highlighted = max(0, min(len(self.shown_choices) - 1, now + step))

    @on(Input.Submitted, "#picker-input")
    def pick_highlighted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.shown_choices:
            self.app.bell()  # nothing matches what was typed: keep the picker open
            return
        self.dismiss(self.shown_choices[index].value)

    @on(OptionList.OptionSelected, "#picker-list")
    def pick_clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown_choices[event.option_index].value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def department_choices(t: Translator, everything: bool = False) -> list[Choice]:
    """The six departments (board order), each by its short and long name in the board's
    language; ``everything``: "All departments" first (value "")."""
    from dutyboard.rules.departments import DEPARTMENT_NAMES

    from .rows import DEPT_ORDER
    out = [Choice("", t("picker.all_depts"))] if everything else []
    for code in DEPT_ORDER:
        name = t(f"deptname.{code}")   # the code beside it on the English board only
        out.append(Choice(code, t(f"dept.{code}"), f"{name}  {code}" if t.lang == "en" else name,
                          DEPARTMENT_NAMES[code]))
    return out


def role_choices(t: Translator, roles: Sequence[str], told: frozenset[str] = frozenset()) -> list[Choice]:
    """People to tick off as told of an emergency: those not yet told first."""
    ordered = sorted(roles, key=lambda r: r in told)
    return [Choice(r, t(f"role.{r}"), t("picker.told") if r in told else "", (r,)) for r in ordered]
