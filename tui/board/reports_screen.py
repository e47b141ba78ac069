"""The reports screen (``R``, issue 12): the weekly summary, the monthly complaint rate,
the bookings for the administration office, a department's work sheet and a meeting's
readiness sheet, each read in a worker thread, shown as text and saved as Markdown or CSV
to the user's documents folder.

Parameters are asked in the board's language (a picker for the department, prompts with
today or the selected meeting filled in). A refusal, a bad answer or a database failure is
said on the screen's status line; nothing read or saved here can end the board.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dutyboard.rules.reports import parse_month, previous_month
from dutyboard.rules.rulebook import DEPARTMENTS
from dutyboard.store.context import Context
from dutyboard.store.errors import DutyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from . import report_catalog as catalog
from .dialogs import PromptScreen
from .i18n import Translator
from .keys import REPORTS, bindings
from .literal import literal, shown
from .wording import failure_text, refusal_text


class PickScreen(ModalScreen[str | None]):
    """Pick one of a few values from a list; Enter returns it, Esc returns None."""
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]], selected: str | None = None) -> None:
        super().__init__()
        self.question, self.choices, self.initial = question, choices, selected

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box", classes="modal-box"):
            yield Label(self.question, classes="modal-title")
            yield OptionList(*(Option(literal(label), id=value) for value, label in self.choices),
                             id="pick-list")

    def on_mount(self) -> None:
        picker = self.query_one("#pick-list", OptionList)
        values = [v for v, _ in self.choices]
        picker.highlighted = values.index(self.initial) if self.initial in values else 0
        picker.focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BadAnswer(ValueError):
    """An answer to a prompt that is not a day, a month or a number."""


class ReportsScreen(Screen[None]):
    """The list of reports on the left, the report on the right, the status line below."""

    def __init__(self, ctx: Context, t: Translator, meeting: int | None = None,
                 dept: str | None = None) -> None:
        super().__init__()
        self.ctx, self.t = ctx, t
        self.meeting, self.dept = meeting, dept   # the board's selection: the defaults
        self._bindings = BindingsMap(bindings(REPORTS, t))
        self.rendered: catalog.Rendered | None = None
        self.report: str | None = None
        self.status_text = ""
        self.saved: Path | None = None
        self.asked = 0   # numbers each load: only the newest one's answer is shown

    def compose(self) -> ComposeResult:
        t = self.t
        yield Label(t("rep.title"), id="reports-title", classes="modal-title")
        with Horizontal(id="reports-main"):
            yield OptionList(*(Option(t(key), id=ident) for ident, key, _ in catalog.REPORTS),
                             id="reports-list")
            with ScrollableContainer(id="reports-view"):
                yield Static(t("rep.hint"), id="reports-body")
        yield Static("", id="reports-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reports-list", OptionList).focus()

    # -- status and body -----------------------------------------------------------------
    def say(self, text: str, ok: bool = True) -> None:
        self.status_text = shown(text)
        self.query_one("#reports-status", Static).update(literal(text, "" if ok else "bold red"))

    def _show(self, report: str, rendered: catalog.Rendered, number: int) -> None:
        if not self.is_attached or number != self.asked:   # a later choice is on its way
            return
        self.report, self.rendered = report, rendered
        body = literal(catalog.aligned(rendered.markdown), multiline=True)
        body.no_wrap = True          # tables stay tables: scroll sideways instead
        self.query_one("#reports-body", Static).update(body)
        self.query_one("#reports-view", ScrollableContainer).scroll_home(animate=False)
        self.say(self.t(catalog.NAMES[report]))

    def _fail(self, text: str) -> None:
        if self.is_attached:
            self.say(text, ok=False)
            self.app.bell()

    # -- choosing a report -----------------------------------------------------------------
    @on(OptionList.OptionSelected, "#reports-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.run_worker(self._ask_and_load(event.option.id), group="prompt", exclusive=True,
                            exit_on_error=False)

    async def _ask(self, question: str, value: str = "") -> str | None:
        return await self.app.push_screen_wait(PromptScreen(question, value))

    async def _ask_and_load(self, report: str) -> None:
        try:
            params = await self._params(report)
        except BadAnswer as exc:
            self._fail(f"{self.t('rep.bad')}: {exc}")
            return
        if params is not None:
            self.say(self.t("rep.loading"))
            self.asked += 1
            self._load(report, params, self.asked)

    async def _params(self, report: str) -> catalog.Params | None:
        """Ask what ``report`` needs, in the board's language; None when the user backs out."""
        t, today = self.t, self.ctx.book.calendar.today(self.ctx.now())
        if report == "weekly":
            answer = await self._ask(t("rep.ask_week"), today.isoformat())
            return None if answer is None else catalog.Params(day=_day(answer, today))
        if report == "monthly":
            year, month = previous_month(today)
            answer = await self._ask(t("rep.ask_month"), f"{year:04d}-{month:02d}")
            return None if answer is None else catalog.Params(month=_month(answer))
        if report == "bookings":
            answer = await self._ask(t("rep.ask_days"), "2")
            return None if answer is None else catalog.Params(days=_number(answer, 2))
        if report == "worksheet":
            # named as the board's own department picker names them (not by code)
            choices = [(d, f"{t('dept.' + d)}  {t('rep.dept.' + d)}") for d in DEPARTMENTS]
            dept = await self.app.push_screen_wait(PickScreen(t("rep.ask_dept"), choices, self.dept))
            if dept is None:
                return None
            answer = await self._ask(t("rep.ask_day"), today.isoformat())
            return None if answer is None else catalog.Params(dept=dept, day=_day(answer, today))
        answer = await self._ask(t("rep.ask_meeting"), str(self.meeting or ""))
        return None if answer is None else catalog.Params(meeting=_number(answer, None))

    @work(thread=True, group="read", exit_on_error=False)
    def _load(self, report: str, params: catalog.Params, number: int) -> None:
        """A refusal (no such meeting) is said here; a database failure ends the worker in
        ERROR and :meth:`worker_failed` says why."""
        self.ctx.resume_site()  # a pooled thread: read at the board's site (store/scope.py)
        try:
            rendered = catalog.load(self.ctx, report, params, self.t.lang)
            self.app.call_from_thread(self._show, report, rendered, number)
        except DutyError as exc:
            self.app.call_from_thread(self._fail, refusal_text(exc, self.t))
        finally:
            self.ctx.db.close()

    # -- saving ----------------------------------------------------------------------------
    def action_save(self, fmt: str) -> None:
        if self.rendered is None:
            self._fail(self.t("rep.nothing"))
            return
        self._save(self.rendered, fmt)

    @work(thread=True, group="write", exit_on_error=False)
    def _save(self, rendered: catalog.Rendered, fmt: str) -> None:
        try:
            path = catalog.save(rendered, fmt)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            where = f" ({exc.filename})" if exc.filename else ""
            self.app.call_from_thread(self._fail, f"{self.t('msg.not_saved')}: {reason}{where}")
            return
        self.app.call_from_thread(self._saved, path)

    def _saved(self, path: Path) -> None:
        self.saved = path
        if self.is_attached:
            self.say(f"{self.t('rep.saved')}: {path}")

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        """No worker of this screen ends the board: a failure is said on its status line."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        reason = failure_text(error, self.t) if error is not None else "?"
        key = "msg.not_saved" if event.worker.group == "write" else "msg.not_loaded"
        self._fail(self.t("msg.why", what=self.t(key), why=reason))

    def action_close(self) -> None:
        self.dismiss(None)


def _day(text: str, default: date) -> date:
    text = text.strip()
    if not text:
        return default
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise BadAnswer(f"{text} (YYYY-MM-DD)") from None
    if not 2000 <= value.year <= 2100:
        raise BadAnswer(f"{text} (2000-2100)")
    return value


def _month(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        year, month = parse_month(text)
    except ValueError:
        raise BadAnswer(f"{text} (YYYY-MM)") from None
    if not 2000 <= year <= 2100:
        raise BadAnswer(f"{text} (2000-2100)")
    return f"{year:04d}-{month:02d}"


def _number(text: str, default: int | None) -> int:
    text = text.strip().lstrip("#")
    if not text and default is not None:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise BadAnswer(text or "-")
    return int(text)
