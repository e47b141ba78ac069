"""The booking form (``b``): the service notice, 《会议服务通知单》.

Faster than the paper form: the fields a routine booking needs come first, times are typed
compactly (``booking_when``), the end defaults to start + 2 h, drinking water is ticked, and a
known organizer fills in its last contact, a known contact their phone. The rules are checked
while the clerk types, by the store's own checks (``store.booking_check``) in a worker thread,
each reason beside its field; Enter saves only a booking those checks accept, and the store
checks again when it writes (it stays the enforcer). After the save the board lists the
preparation items the booking generated, department by department."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dutyboard.rules.durations import format_length
from dutyboard.rules.rulebook import PURCHASES, SERVICES, SIZES
from dutyboard.store.booking_check import MeetingInput, Problem, booking_problems
from dutyboard.store.booking_choices import BookingChoices, VenueChoice, booking_choices
from dutyboard.store.context import Context
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList
from textual.worker import Worker, WorkerState

from .booking_when import parse_end, parse_start
from .form_kit import FormScreen
from .i18n import Translator
from .literal import literal
from .wording import without_code

INPUTS = ("venue", "start", "end", "title", "organizer", "contact", "phone", "attendees",
          "layout", "approval")
FIELDS = (*INPUTS[:8], "size", "layout", "services", "purchases", "approval")
USUAL_SERVICES = ("water",)
CHECK_DELAY = 0.2  # seconds of quiet typing before the rules are asked


@dataclass(frozen=True)
class Booked:
    """What a save returns: the status line, and the summary of the generated items."""
    text: str
    summary_title: str
    summary: str


Save = Callable[[MeetingInput], Booked]


class BookingForm(FormScreen[Booked | None]):
    # compact: one line a field, so most of the notice shows at once even at 80x24
    DEFAULT_CSS = """
    BookingForm .bk-row { height: auto; }
    BookingForm .bk-label { width: 12; padding: 0 1 0 0; }
    BookingForm .bk-row Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    BookingForm .bk-row Input:focus { background: $accent 40%; }
    BookingForm .bk-row Select { width: 1fr; }
    BookingForm #bk-venue-info { width: auto; max-width: 45%; padding: 0 0 0 1; color: $text-muted; }
    BookingForm .bk-error { width: 100%; height: auto; padding: 0 0 0 12; color: $error; }
    BookingForm .bk-error.-empty { display: none; }
    BookingForm SelectionList { height: auto; max-height: 16; }
    BookingForm .bk-list-label { padding: 0 0 0 0; }
    BookingForm #bk-buttons { height: 1; margin: 1 0 0 0; }
    BookingForm #bk-buttons Button { margin: 0 2 0 0; }
    BookingForm #bk-status { width: 100%; height: auto; padding: 0 0 0 1; }
    """
    ID_PREFIX, ERROR_PREFIX, CSS_PREFIX, LABEL_KEY = "bk-", "bk-e-", "bk", "bk.{name}"
    ERRORS_UNDER = True  # under the field: the rules' reasons are long
    STATUS_ID, SAVE_ID, FIRST = "bk-status", "bk-save", "venue"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]   # -short: board.tcss

    def __init__(self, t: Translator, ctx: Context, save: Save) -> None:
        super().__init__(t, ctx, save)
        self.choices = BookingChoices()
        self.filled: dict[str, str] = {}   # field -> the value we filled in (replaced while untouched)
        self._timer: Timer | None = None
        self._generation = 0              # the newest check; older answers are dropped
        self._save_generation = -1        # the check a save waits for
        self.problems: dict[str, str] = {}
        self.pending: MeetingInput | None = None  # the booking being saved
        self.touched: set[str] = set()            # fields typed in or left

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="bk-box", classes="modal-box"):   # title, buttons and status stay in view
            yield Label(t("bk.title"), classes="modal-title")
            with VerticalScroll(id="bk-fields", classes="modal-scroll"):
                yield self._row("venue", Input(id="bk-venue"), Label("", id="bk-venue-info"))
                yield self._row("start", Input(id="bk-start", placeholder="14:00"))
                yield self._row("end", Input(id="bk-end", placeholder=t("bk.end.auto")))
                yield self._row("title", Input(id="bk-title"), label="bk.title_field")
                yield self._row("organizer", Input(id="bk-organizer"))
                yield self._row("contact", Input(id="bk-contact"))
                yield self._row("phone", Input(id="bk-phone"))
                yield self._row("attendees", Input(id="bk-attendees", restrict=r"\d*", max_length=6))
                yield self._row("size", Select([(t(f"size.{s}"), s) for s in SIZES],
                                               prompt=t("bk.size.auto"), id="bk-size"))
                yield self._row("layout", Input(id="bk-layout"))
                yield Checkbox(t("bk.confidential"), id="bk-confidential")
                yield Label(t("bk.services"), classes="bk-list-label")
                yield SelectionList[str](*[(t(f"svc.{s}"), s, s in USUAL_SERVICES) for s in SERVICES
                                           if s != "purchase"], id="bk-services")
                yield self._error_line("services")
                yield Label(t("bk.purchases"), classes="bk-list-label")
                yield SelectionList[str](*[(t(f"buy.{p}"), p) for p in PURCHASES], id="bk-purchases")
                yield self._error_line("purchases")
                yield self._row("approval", Input(id="bk-approval"))
            with Horizontal(id="bk-buttons"):
                yield Button(t("form.save"), id="bk-save", variant="primary", compact=True)
                yield Button(t("form.cancel"), id="bk-cancel", compact=True)
            yield Label("", id="bk-status")
            yield Label(t("bk.hint"), classes="modal-hint")

    def on_mount(self) -> None:
        box = self.query_one("#bk-box")   # wider than the board's other dialogs (its .modal-box)
        box.styles.width, box.styles.max_width = "96%", 110
        self._load_choices()

    # -- completion ----------------------------------------------------------------------------
    def read_choices(self) -> BookingChoices:
        return booking_choices()

    def attach_choices(self, choices: BookingChoices) -> None:
        self.choices = choices
        for name, values in (("venue", list(choices.venues)), ("organizer", choices.organizers),
                             ("contact", choices.contacts), ("layout", choices.layouts)):
            self.query_one(f"#bk-{name}", Input).suggester = SuggestFromList(values, case_sensitive=False)
        self._show_venue()

    def venue(self) -> VenueChoice | None:
        """The venue typed: its exact name, or a fragment only one venue's name holds
        ("201", "vip", "报告"), so the clerk never types a whole bilingual name."""
        typed = self._value("venue").strip()
        if typed in self.choices.venues:
            return self.choices.venues[typed]
        fold = typed.casefold()
        found = [v for name, v in self.choices.venues.items() if fold and fold in name.casefold()]
        return found[0] if len(found) == 1 else None

    def _show_venue(self) -> None:
        venue = self.venue()
        text = "" if venue is None else self.t(
            "bk.venue.info", cls=venue.venue_class, kind=self.t(f"kind.{venue.kind}"), cap=venue.capacity)
        if venue is not None and venue.name != self._value("venue").strip():
            text = f"= {venue.name} · {text}"
        self.query_one("#bk-venue-info", Label).update(literal(text))

    def _fill(self, name: str, value: str | None) -> None:
        """Fill a field the clerk has left empty (or that still holds what we filled)."""
        field = self.query_one(f"#bk-{name}", Input)
        if value and (not field.value or field.value == self.filled.get(name)):
            self.filled[name] = value
            field.value = value

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.touched.add((event.widget.id or "").removeprefix("bk-"))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("bk-")
        if event.input.has_focus:
            self.touched.add(name)
        if name == "venue":
            self._show_venue()
        elif name == "organizer":
            self._fill("contact", self.choices.last_contact.get(event.value.strip()))
        elif name == "contact":
            self._fill("phone", self.choices.phones.get(event.value.strip()))
        self._schedule_check()

    @on(SelectionList.SelectedChanged)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _choice_changed(self) -> None:
        self._schedule_check()

    # -- checking ------------------------------------------------------------------------------
    def _value(self, name: str) -> str:
        return self.query_one(f"#bk-{name}", Input).value

    def collect(self) -> tuple[MeetingInput | None, dict[str, str]]:
        """The booking typed so far, or None with the reasons the form itself can give
        (times it cannot read, no attendee count)."""
        now, tz = self.ctx.now(), self.ctx.tz
        local: dict[str, str] = {}
        start = parse_start(self._value("start"), now, tz)
        end = parse_end(self._value("end"), start, now, tz)
        if start is None:
            local["start"] = self.t("bk.e.time")
        elif end is None:
            local["end"] = self.t("bk.e.end")
        count = self._value("attendees").strip()
        if not count.isdigit():
            local["attendees"] = self.t("bk.e.count")
        for name in ("venue", "title", "organizer", "contact", "phone"):
            if not self._value(name).strip():
                local[name] = self.t("bk.e.required")
        if local or start is None or end is None:
            return None, local
        size = self.query_one("#bk-size", Select).value
        venue = self.venue()
        return MeetingInput(
            venue=venue.name if venue is not None else self._value("venue").strip(),
            start=start, end=end, title=self._value("title").strip(),
            organizer=self._value("organizer").strip(), contact=self._value("contact").strip(),
            phone=self._value("phone").strip(), attendees=int(count),
            services=tuple(self.query_one("#bk-services", SelectionList).selected),
            purchases=tuple(self.query_one("#bk-purchases", SelectionList).selected),
            approval_ref=self._value("approval").strip() or None,
            confidential=self.query_one("#bk-confidential", Checkbox).value,
            layout=self._value("layout").strip(), size="" if size is Select.NULL else str(size)), local

    def _schedule_check(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(CHECK_DELAY, self.check_now)

    def check_now(self) -> None:
        """Show the form's own reasons at once, and ask the store's checks in a worker."""
        self._generation += 1
        data, local = self.collect()
        if data is None:
            self._show(local, only_touched=True)
            return
        self._say(self.t("bk.checking"))
        self._run_check(data, self._generation)

    @work(thread=True, group="read", name="check", exit_on_error=False)
    def _run_check(self, data: MeetingInput, generation: int) -> tuple[int, list[Problem]]:
        """Ask the store's checks (a read, in a thread)."""
        try:
            return generation, booking_problems(data, self.ctx.book, self.ctx.now())
        finally:
            self.ctx.db.close()

    def _checked(self, problems: list[Problem], save: bool) -> None:
        reasons: dict[str, str] = {}
        for p in problems:
            reasons.setdefault(p.field, self.reason(p))
        self._show(reasons, only_touched=not save)
        if problems:
            self._say("")
            if save:
                self._focus_field(next(iter(reasons)))
                self.app.bell()
        else:
            self._say(self.t("bk.valid"))

    def reason(self, p: Problem) -> str:
        """A refusal in the board's language; in English the store's own words."""
        t = self.t
        venue = self.venue()
        if p.rule == "required":
            return t("bk.e.required")
        if p.rule == "venue":
            return t("bk.e.venue") if t.lang == "zh" else without_code(p.message, p.hint)
        if t.lang != "zh":
            return without_code(p.message, p.hint)
        if p.rule == "usage":
            return t("bk.e.usage")
        if p.rule in ("booking.times", "booking.past", "booking.attendees"):
            return t("bk.e." + p.rule.split(".")[1])
        if p.rule == "booking.capacity":
            return t("bk.e.capacity", cap=venue.capacity if venue else "?")
        if p.rule == "booking.max_duration":
            return t("bk.e.max", h=f"{self.ctx.book.max_meeting.total_seconds() / 3600:g}")
        cls = p.rule.split(".")[1] if p.rule.startswith("class.") else ""
        if p.rule.endswith(".notice"):
            return t("bk.e.notice", cls=cls, need=format_length(self.ctx.book.classes[cls].notice))
        if p.rule.endswith(".notice_working_days"):
            return t("bk.e.notice_days", cls=cls, n=f"{self.ctx.book.classes[cls].notice_working_days:g}")
        if p.rule.startswith("kind.") and p.rule.endswith(".approval"):
            return t("bk.e.kind_approval", kind=p.rule.split(".")[1])
        if p.rule.endswith(".approval"):
            return t("bk.e.approval", cls=cls)
        other = re.search(r"meeting (\d+)", p.message)
        ident = other.group(1) if other else "?"
        if p.rule == "booking.min_gap":
            return t("bk.e.min_gap", id=ident, gap=format_length(self.ctx.book.min_gap))
        if p.rule in ("booking.overlap", "booking.gap"):
            return t("bk.e." + p.rule.split(".")[1], id=ident)
        return without_code(p.message, p.hint)

    def _show(self, reasons: dict[str, str], only_touched: bool = False) -> None:
        """Each reason beside its field. While typing, the form's own reasons (required, not
        a time) wait until the clerk has typed in or left the field: a fresh form is not a
        page of errors; the rules' reasons show at once. A save shows everything."""
        self.problems = reasons
        local = {self.t(k) for k in ("bk.e.required", "bk.e.time", "bk.e.end", "bk.e.count")}
        for name in FIELDS:
            text = reasons.get(name, "")
            if only_touched and text in local and name not in self.touched:
                text = ""
            self._show_error(name, text)

    # -- saving --------------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:  # one save at a time; Enter again while it runs does nothing
            return
        if self._timer is not None:
            self._timer.stop()
        self._generation += 1
        data, local = self.collect()
        if data is None:
            self._show(local)
            self._focus_field(next(iter(local)))
            self.app.bell()
            return
        self.saving = True
        self.pending = data
        self._save_generation = self._generation
        self._say(self.t("bk.checking"))
        self._run_check(data, self._generation)

    def read_done(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "check":
            self._check_done(event)

    def _check_done(self, event: Worker.StateChanged) -> None:
        """The store's checks answered: show their reasons; on a save with none, save."""
        if event.state == WorkerState.ERROR:
            if self.saving:
                self.saving = False
                self._failed(event.worker.error)
            return
        generation, problems = event.worker.result
        if generation != self._generation:
            # an older answer: the newer check answers. Only the save's own check answering
            # late (the form changed while it ran) ends the save (Enter again); a live check
            # of the typing before Enter, answering after it, used to end the save as well,
            # and Enter was lost.
            if self.saving and generation == self._save_generation:
                self.saving = False
            return
        self._checked(problems, self.saving)
        if self.saving and self.pending is not None and not problems:
            self._say(self.t("msg.saving"))
            self._run_save(self.pending)
        else:
            self.saving = False
