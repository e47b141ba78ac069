"""The new-ticket form (one key from anywhere) and the emergency intake.

Defaults and completion come from what the database knows (venues, recent locations
and contacts); validation runs on the form with the reason next to the field, and
nothing is saved until every field is valid."""

from __future__ import annotations

from dutyboard.rules.facts import CATEGORIES, CHANNELS, NATURES, PRIORITIES, TICKET_KINDS
from dutyboard.store.tickets import TicketInput, validate_input
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select

from .i18n import Translator

FIELDS = ("kind", "channel", "location", "contact", "phone", "content", "priority", "nature",
          "category")


class TicketForm(ModalScreen[tuple[TicketInput, bool] | None]):
    """Returns (input, inquiry_only) once valid, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]
    AUTO_FOCUS = "#f-location"  # kind and channel default to a phoned-in repair

    def __init__(self, t: Translator, locations: list[str], contacts: list[str],
                 emergency: bool = False) -> None:
        super().__init__()
        self.t, self.locations, self.contacts, self.emergency = t, locations, contacts, emergency

    def compose(self) -> ComposeResult:
        t = self.t
        title = t("form.emergency") if self.emergency else t("form.new")
        with VerticalScroll(id="form-box", classes="modal-box"):
            yield Label(title, classes="modal-title")
            if not self.emergency:
                yield self._row("kind", Select([(k, k) for k in TICKET_KINDS], value="repair",
                                               allow_blank=False, id="f-kind"))
                yield self._row("channel", Select([(c, c) for c in CHANNELS], value="phone",
                                                  allow_blank=False, id="f-channel"))
            places = SuggestFromList(self.locations, case_sensitive=False)
            people = SuggestFromList(self.contacts, case_sensitive=False)
            yield self._row("location", Input(id="f-location", suggester=places))
            yield self._row("contact", Input(id="f-contact", value="-" if self.emergency else "",
                                             suggester=people))
            if not self.emergency:
                yield self._row("phone", Input(id="f-phone"))
            yield self._row("content", Input(id="f-content"))
            if not self.emergency:
                yield self._row("priority", Select([(p, p) for p in PRIORITIES], value="normal",
                                                   allow_blank=False, id="f-priority"))
                yield self._row("nature", Select([(n, n) for n in NATURES], id="f-nature"))
                yield self._row("category", Select([(c, c) for c in CATEGORIES], id="f-category"))
                yield Checkbox(t("form.inquiry"), id="f-inquiry")
            with Horizontal(id="form-buttons"):
                yield Button(t("form.save"), id="f-save", variant="primary")
                yield Button(t("form.cancel"), id="f-cancel")
            yield Label(t("form.hint"), classes="modal-hint")

    def _row(self, name: str, widget: Input | Select) -> Horizontal:
        return Horizontal(Label(self.t(f"field.{name}"), classes="form-label"), widget,
                          Label("", id=f"e-{name}", classes="form-error"), classes="form-row")

    def _value(self, name: str) -> str | None:
        try:
            widget = self.query_one(f"#f-{name}")
        except Exception:  # noqa: BLE001 - field not on this form (emergency intake)
            return None
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def collect(self) -> TicketInput:
        if self.emergency:
            return TicketInput(kind="repair", channel="phone", location=self._value("location") or "",
                               contact=self._value("contact") or "", content=self._value("content") or "",
                               priority="emergency")
        return TicketInput(
            kind=self._value("kind") or "", channel=self._value("channel") or "",
            location=self._value("location") or "", contact=self._value("contact") or "",
            content=self._value("content") or "", phone=self._value("phone") or "",
            priority=self._value("priority") or "normal", nature=self._value("nature"),
            category=self._value("category"))

    def action_save(self) -> None:
        data = self.collect()
        errors = validate_input(data)
        for name in FIELDS:
            try:
                self.query_one(f"#e-{name}", Label).update(errors.get(name, ""))
            except Exception:  # noqa: BLE001 - field not on this form
                continue
        if errors:
            first = next(iter(errors))
            try:
                self.query_one(f"#f-{first}").focus()
            except Exception:  # noqa: BLE001
                pass
            return
        inquiry = False if self.emergency else self.query_one("#f-inquiry", Checkbox).value
        self.dismiss((data, inquiry))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "f-save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
