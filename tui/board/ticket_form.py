"""The new-ticket form (one key from anywhere) and the emergency intake.

The form opens at once; completion from what the database knows (venues, recent locations
and contacts) loads in a worker thread and is attached when it arrives. Validation runs on
the form with the reason next to the field (a registered case without a phone, too), and
nothing is saved until every field is valid.

A routine phone repair is the first four fields and a department: kind, channel and
priority default to a phoned-in normal repair, and the case is registered and dispatched in
one save (``store.intake.register``). The emergency intake asks where and what, then "who
have you told?" as a checklist; the ticks are recorded as notify steps in the same save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dutyboard.rules.facts import CATEGORIES, CHANNELS, NATURES, PRIORITIES, TICKET_KINDS
from dutyboard.rules.rulebook import DEPARTMENTS
from dutyboard.store.context import Context
from dutyboard.store.intake import known_phones
from dutyboard.store.tickets import TicketInput, known_contacts, known_locations, validate_input
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select

from .form_kit import FormScreen
from .i18n import Translator


@dataclass(frozen=True)
class Intake:
    """What the form saves: the case, whether it is only an inquiry, the department it is
    dispatched to (None: not yet) and the roles already told (the emergency checklist)."""
    data: TicketInput
    inquiry: bool = False
    dept: str | None = None
    told: tuple[str, ...] = ()


Save = Callable[[Intake], str]  # -> what the status line says

# the rows the whole form takes with three-line fields; a shorter screen gets one-line fields
FULL_FORM_ROWS = 46
FIELDS = ("location", "contact", "phone", "content", "dept", "kind", "channel", "priority",
          "nature", "category")  # in the form's order: the first invalid one takes the focus


class TicketForm(FormScreen[str | None]):
    """Saves through ``save`` (in a worker thread) and returns what it said, or None on Esc.
    A save that fails keeps the form open with everything typed, says why ("NOT SAVED:
    database busy"), and Enter (or Ctrl+S) tries again."""

    AUTO_FOCUS = "#f-location"  # kind and channel default to a phoned-in repair

    def __init__(self, t: Translator, ctx: Context, save: Save, emergency: bool = False) -> None:
        super().__init__(t, ctx, save)
        self.emergency = emergency
        self.told_roles = tuple(ctx.book.notify_emergency) if emergency else ()
        self.phones: dict[str, str] = {}

    def on_mount(self) -> None:
        self._load_choices()

    def on_resize(self, event: events.Resize) -> None:
        """Under FULL_FORM_ROWS rows (80x24) each field takes one line instead of three, so the
        whole form, its buttons and the reason a save failed are on the screen, unscrolled."""
        short = event.size.height < FULL_FORM_ROWS
        self.set_class(short, "-short")
        for widget in self.query("Input, Select, Checkbox, Button"):
            if isinstance(widget, Input | Select | Checkbox | Button):
                widget.compact = short

    def read_choices(self) -> tuple[list[str], list[str], dict[str, str]]:
        return known_locations(), known_contacts(), known_phones()

    def attach_choices(self, choices: tuple[list[str], list[str], dict[str, str]]) -> None:
        places, people, phones = choices
        self.phones = phones
        self.query_one("#f-location", Input).suggester = SuggestFromList(places, case_sensitive=False)
        self.query_one("#f-contact", Input).suggester = SuggestFromList(people, case_sensitive=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Reaching an empty phone field after a contact who called before: their phone."""
        if event.widget.id != "f-phone":
            return
        phone = self.query_one("#f-phone", Input)
        contact = (self._value("contact") or "").strip().casefold()
        if not phone.value and contact in self.phones:
            phone.value = self.phones[contact]

    def compose(self) -> ComposeResult:
        t = self.t
        title = t("form.emergency") if self.emergency else t("form.new")
        names = [*DEPARTMENTS, *(t(f"dept.{d}") for d in DEPARTMENTS)]
        dept = self._row("dept", Input(id="f-dept", placeholder=t("form.dept_hint"),
                                       suggester=SuggestFromList(names, case_sensitive=False)))
        with VerticalScroll(id="form-box", classes="modal-box"):
            yield Label(title, classes="modal-title")
            yield self._row("location", Input(id="f-location"))
            if self.emergency:  # where and what, then who has been told
                yield self._row("content", Input(id="f-content"))
                yield Label(t("form.told"), id="told-title", classes="form-question")
                for role in self.told_roles:
                    yield Checkbox(t(f"role.{role}"), id=f"f-told-{role}", classes="form-tick")
                yield dept
                yield self._row("contact", Input(id="f-contact", value="-"))
            else:  # a routine phone repair: these five fields, then Enter
                yield self._row("contact", Input(id="f-contact"))
                yield self._row("phone", Input(id="f-phone"))
                yield self._row("content", Input(id="f-content"))
                yield dept
                yield self._row("kind", Select(self._options(TICKET_KINDS), value="repair",
                                               allow_blank=False, id="f-kind"))
                yield self._row("channel", Select(self._options(CHANNELS), value="phone",
                                                  allow_blank=False, id="f-channel"))
                yield self._row("priority", Select([(t(f"pri.{p}"), p) for p in PRIORITIES], value="normal",
                                                   allow_blank=False, id="f-priority"))
                yield self._row("nature", Select(self._options(NATURES), prompt=t("form.choose"),
                                                   id="f-nature"))
                yield self._row("category", Select(self._options(CATEGORIES), prompt=t("form.choose"),
                                                   id="f-category"))
                yield Checkbox(t("form.inquiry"), id="f-inquiry")
            with Horizontal(id="form-buttons"):
                yield Button(t("form.save"), id="f-save", variant="primary")
                yield Button(t("form.cancel"), id="f-cancel")
            yield Label("", id="form-status", classes="form-error")
            yield Label(t("form.hint_emergency" if self.emergency else "form.hint"), classes="modal-hint")

    def _options(self, values: tuple[str, ...]) -> list[tuple[str, str]]:
        """(label in the board's language, stored value)."""
        return [(self.t(f"opt.{v}"), v) for v in values]

    def _error(self, name: str, text: str) -> str:
        """The store's validation message; the common ones in the board's language."""
        if not text:
            return ""
        if text == "required":
            return self.t("form.required")
        if name == "phone":
            return self.t("form.phone_required" if text.startswith("required") else "form.phone_chars")
        if name == "dept":
            return self.t(text)  # the form's own check gives an i18n key
        return text if self.t.lang == "en" else self.t("form.invalid")

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

    def inquiry(self) -> bool:
        return False if self.emergency else self.query_one("#f-inquiry", Checkbox).value

    def dept(self) -> str | None:
        """The department code typed (or its name in the board's language); None if blank.
        Raises ValueError for anything else."""
        text = (self._value("dept") or "").strip().lower()
        if not text:
            return None
        for code in DEPARTMENTS:
            if text in (code, self.t(f"dept.{code}").lower()):
                return code
        raise ValueError(text)

    def told(self) -> tuple[str, ...]:
        """The roles ticked on the emergency checklist, in the rulebook's order."""
        return tuple(role for role in self.told_roles
                     if self.query_one(f"#f-told-{role}", Checkbox).value)

    def check(self) -> tuple[Intake | None, dict[str, str]]:
        """The intake, or the reason per invalid field (the store's rules and the department)."""
        data, inquiry = self.collect(), self.inquiry()
        errors = validate_input(data, inquiry)  # a registered case needs a phone: shown here
        dept = None
        try:
            dept = self.dept()
        except ValueError:
            errors["dept"] = "form.dept_unknown"
        if dept and inquiry:
            errors["dept"] = "form.inquiry_dispatch"
        if errors:
            return None, errors
        return Intake(data, inquiry, dept, self.told()), errors

    def action_save(self) -> None:
        intake, errors = self.check()
        for name in FIELDS:
            self._show_error(name, self._error(name, errors.get(name, "")))
        if intake is None:
            self._focus_field(next(name for name in FIELDS if name in errors))
            self._say(self.t("form.fix"), error=True)
            return
        if self.saving:  # one save at a time; Enter again while it runs does nothing
            return
        self.saving = True
        self._say(self.t("msg.saving"))
        self._run_save(intake)
