"""The board's main screen: the four panes, their keys, the per-second tick and rendering.
Dialogs (help, detail, prompts, the ticket form) are pushed over it; writes run in worker
threads and come back as messages. Ticket triage lives in desk.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import arrow
import peewee
from dutyboard.rules.facts import PENDING
from dutyboard.store.board import Snapshot
from dutyboard.store.context import Context
from dutyboard.store.errors import DutyError, Unavailable
from dutyboard.store.health import failure_reason
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from . import rows as R
from .casework import Casework
from .columns import ESCALATION_COLUMNS, TASK_COLUMNS, TICKET_COLUMNS, VENUE_COLUMNS, Column
from .confirm import ChoiceScreen
from .desk import TicketDesk
from .dialogs import DetailScreen, HelpScreen, PromptScreen
from .handover import ShiftHandover
from .header import HeaderState, database_label, header_text
from .i18n import Translator
from .keys import BOARD, KEYS, OVERVIEW, REPORTS, WRITE_KEYS, bindings, key_lines
from .literal import literal, shown
from .meeting_actions import MeetingDesk
from .messages import ActionResult, DatabaseProblem, ShowDetail, SnapshotReady
from .notice import ShowNotice
from .picker import Choice, PickerScreen, department_choices
from .poller import Poller
from .readiness import Readiness
from .refs import RowRef
from .supervisor import SupervisorDesk
from .table import BoardTable
from .timeline import Timeline
from .trend_line import trend_text
from .wording import error_text, refusal_text

PANES = ("venues", "tasks", "tickets", "escalations")
T = TypeVar("T")
FOCUSED_PANES = ("tasks", "tickets")  # the panes a department focus narrows


@dataclass(frozen=True)
class Cadence:
    """How often the board redraws countdowns and re-evaluates time-driven flags (data
    changes re-evaluate at once), and how often the poller looks for changes. Tests shorten
    these so the real timers fire instead of calling ``tick()`` by hand."""
    tick: float = 1.0
    flags: float = 30.0
    poll: float = 0.25


class BoardScreen(Screen[None]):
    # wide: four panes in a grid; narrow (under 120x34): one pane, digits/Tab switch;
    # tiny (under 60x16): a plain "too small" message. Classes set by Textual on each resize.
    HORIZONTAL_BREAKPOINTS = [(0, "-w-tiny"), (60, "-w-narrow"), (120, "-w-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-h-tiny"), (16, "-h-narrow"), (34, "-h-wide")]

    def __init__(self, ctx: Context, t: Translator, poller: Poller, readonly: bool = False,
                 cadence: Cadence = Cadence(), keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.ctx, self.t, self.poller = ctx, t, poller
        self.readonly, self.cadence, self.keymap = readonly, cadence, keymap or {}
        self._bindings = BindingsMap(bindings(BOARD, t, readonly))
        self.snapshot: Snapshot | None = None
        self.pane_index = 0
        self.dept_focus: str | None = None
        self.focus_opened = False   # a lead's board opened on their department (once)
        self.database = database_label(ctx.db)
        self.pane_notes: dict[str, str] = {}   # pane -> what its border says narrows it
        self.flags: list = []
        self.flags_at = 0.0
        self.stale: str | None = None
        self.last_refresh_seconds = 0.0
        self.highlighted: set[str] = set()
        self.alerted: set[str] | None = None
        self.status_text = ""
        self.header_shown: object = None   # the header's last text: repainted only when it changes
        self.marked: set[int] = set()
        self.desk = TicketDesk(self)
        self.handover = ShiftHandover(self)
        self.meeting_desk = MeetingDesk(self)
        self.readiness = Readiness(self)
        self.supervisor = SupervisorDesk(self)
        self.casework = Casework(self)

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        t = self.t
        yield Static("", id="header")
        yield Static("", id="tabs")
        with Container(id="grid"):
            yield self._pane("venues", "1", VENUE_COLUMNS,
                             Timeline(t, self.ctx.tz, id="timeline", classes="-hidden"))
            yield self._pane("tasks", "2", TASK_COLUMNS)
            yield self._pane("tickets", "3", TICKET_COLUMNS)
            yield self._pane("escalations", "4", ESCALATION_COLUMNS)
        yield Static(t("small"), id="too-small")
        yield Static("", id="status")
        yield Footer()

    def _pane(self, name: str, digit: str, columns: tuple[Column, ...], *extra: Widget) -> Vertical:
        pane = Vertical(Static(self.t("pane.no_match"), id=f"no-match-{name}", classes="no-match"),
                        BoardTable(columns, self.t, id=f"table-{name}"), *extra, id=f"pane-{name}",
                        classes="pane")
        pane.border_title = f"{digit} {self.t('pane.' + name)}"
        return pane

    def table(self, name: str) -> BoardTable:
        return self.query_one(f"#table-{name}", BoardTable)

    def on_mount(self) -> None:
        self._select_pane(0)
        self.set_interval(self.cadence.tick, self.tick)
        self.update_header()
        self.handover.check_on_open()

    def on_screen_resume(self) -> None:
        self.handover.show_if_due()  # notes that arrived while a dialog was open

    def on_resize(self) -> None:
        self.update_header()  # it shortens to the new width at once, not at the next tick

    @property
    def narrow(self) -> bool:
        return not (self.has_class("-w-wide") and self.has_class("-h-wide"))

    # -- panes and focus -----------------------------------------------------------------
    def _select_pane(self, index: int) -> None:
        self.pane_index = index % len(PANES)
        if self.is_mounted:
            self.update_header()  # the header shows the current pane's filter
        for i, name in enumerate(PANES):
            self.query_one(f"#pane-{name}").set_class(i == self.pane_index, "-current")
        self.pane_body(PANES[self.pane_index]).focus()
        tabs = "  ".join(
            (f"[reverse] {i + 1} {self.t('pane.' + n)} [/]" if i == self.pane_index
             else f" {i + 1} {self.t('pane.' + n)} ") for i, n in enumerate(PANES))
        self.query_one("#tabs", Static).update(tabs)

    def action_pane(self, index: int) -> None:
        self._select_pane(index)

    def action_next_pane(self, step: int) -> None:
        self._select_pane(self.pane_index + step)

    @property
    def current_pane(self) -> str:
        return PANES[self.pane_index]

    def selected(self) -> RowRef | None:
        if self.current_pane == "venues" and self.timeline_shown:
            return None
        return self.table(self.current_pane).selected

    # -- the venues timeline (T) ----------------------------------------------------------
    @property
    def timeline(self) -> Timeline:
        return self.query_one("#timeline", Timeline)

    @property
    def timeline_shown(self) -> bool:
        return not self.timeline.has_class("-hidden")

    def pane_body(self, name: str) -> Widget:
        """What a pane shows and focuses: its table, or for venues the timeline when on."""
        return self.timeline if name == "venues" and self.timeline_shown else self.table(name)

    def action_timeline(self) -> None:
        """T: the venues pane swaps its list and the timeline; focus goes to the pane."""
        shown = not self.timeline_shown
        self.timeline.set_class(not shown, "-hidden")
        self.table("venues").set_class(shown, "-hidden")
        pane = self.query_one("#pane-venues")
        title = self.t("pane.venues") + (f" · {self.t('pane.timeline')}" if shown else "")
        pane.border_title = f"1 {title}"
        pane.border_subtitle = self.t("timeline.legend") if shown else ""
        self._select_pane(0)
        if shown:
            self.timeline.call_after_refresh(self.timeline.to_now)

    def _show_trend(self, snap: Snapshot) -> None:
        """The supervisor's sparkline (backlog, complaint rate) under the tickets pane; the
        reader loads it only for a supervisor or a manager."""
        pane = self.query_one("#pane-tickets")
        pane.border_subtitle = trend_text(snap.trend, self.t) if snap.trend is not None else ""

    def _timeline_clock(self, now: arrow.Arrow) -> None:
        """Each tick: a new day lays the timeline out again; otherwise it redraws only when
        the now-line changes column."""
        bounds = self.timeline.day_bounds
        if self.snapshot is not None and bounds is not None and not bounds[0] <= now < bounds[1]:
            self._timeline_show(now)
        else:
            self.timeline.clock(now)

    def _timeline_show(self, now: arrow.Arrow) -> None:
        if self.snapshot is not None:
            cal = self.ctx.book.calendar
            self.timeline.show(self.snapshot, cal.day_bounds(cal.today(now)), now)

    # -- data ------------------------------------------------------------------------------
    @on(SnapshotReady)
    def apply_snapshot(self, message: SnapshotReady) -> None:
        self.snapshot = message.snapshot
        self.stale = None
        self.last_refresh_seconds = message.seconds
        if self._open_on_own_department():
            self.render_panes()
        else:
            self.render_panes(message.snapshot.changed)

    @on(DatabaseProblem)
    def database_problem(self, message: DatabaseProblem) -> None:
        self.stale = message.error
        self.update_header()

    def render_panes(self, changed: set[str] | None = None) -> None:
        snap = self.snapshot
        if snap is None:
            return
        changed = changed or {"meetings", "tasks", "tickets", "flags"}
        now, tz = self.ctx.now(), self.ctx.tz
        with self.app.batch_update():
            if "meetings" in changed:
                self.table("venues").sync(R.meeting_rows(snap, now, self.t, tz))
                self._timeline_show(now)
            if "tasks" in changed:
                self._sync_tasks(now)
            if "tickets" in changed:
                self.table("tickets").sync(self._in_focus(
                    R.ticket_rows(snap, now, self.t, self.ctx.book, self.marked)))
                self._show_trend(snap)
            if changed & {"flags", "tickets", "tasks"}:
                self.recompute_flags(now)
        self.show_filters()
        self.update_header()

    def _sync_tasks(self, now: arrow.Arrow) -> None:
        snap = self.snapshot
        if snap is not None:
            self.table("tasks").sync(R.task_rows(snap, now, self.t, self.ctx.tz, self.dept_focus,
                                                 self.ctx.book.verify_by, self.highlighted))

    def recompute_flags(self, now: arrow.Arrow) -> None:
        snap = self.snapshot
        if snap is None:
            return
        self.flags = R.escalation_flags(snap, now, self.ctx.book)
        self.flags_at = time.monotonic()
        self._alert(now)
        self.table("escalations").sync(R.escalation_rows(self.flags, snap, now, self.t, self.highlighted,
                                                         self.ctx.tz))
        self.show_filters()

    def _alert(self, now: arrow.Arrow) -> None:
        """Ring once for a new emergency or a newly overdue item; highlight until acknowledged."""
        snap = self.snapshot
        assert snap is not None
        current = {f.subject for f in self.flags if f.kind == "emergency"}
        current |= {f"task:{r.id}" for rows in snap.dept_tasks.values() for r in rows
                    if r.state == PENDING and r.due <= now
                    or R.awaiting_verification(r) and r.meeting_start + self.ctx.book.verify_by <= now}
        if self.alerted is None:  # first load: what is already on the board is not news
            self.alerted = current
            return
        new = current - self.alerted
        self.alerted |= new
        if new:
            self.highlighted |= new
            self._sync_tasks(now)   # the tasks pane marks them NEW too
            self.app.bell()

    def tick(self) -> None:
        """Every tick: countdowns of the visible rows, the header; no database work."""
        snap = self.snapshot
        if snap is not None:
            now, t, book = self.ctx.now(), self.t, self.ctx.book
            venues, tasks, tickets = self.table("venues"), self.table("tasks"), self.table("tickets")
            venues.update_column("worst", R.meeting_countdowns(snap, venues.visible_keys(), now, t))
            tasks.update_column("countdown", R.task_countdowns(snap, tasks.visible_keys(), now, t,
                                                               book.verify_by))
            tickets.update_column("next", R.ticket_countdowns(snap, tickets.visible_keys(), now, t, book))
            self._timeline_clock(now)
            tickets.update_column("age", R.ticket_ages(snap, tickets.visible_keys(), now))
            if time.monotonic() - self.flags_at >= self.cadence.flags:
                self.recompute_flags(now)
            else:
                self._alert(now)
        self.update_header()

    def update_header(self) -> None:
        now = self.ctx.now()
        book = self.ctx.book
        state = HeaderState(stale=self.stale, paused=self.poller.paused, loaded=self.snapshot is not None,
                            data_age=int((now - self.poller.last_ok_at).total_seconds()),
                            dept_focus=self.dept_focus, readonly=self.readonly,
                            filter=self.table(self.current_pane).filter_text, login=self.ctx.login,
                            database=self.database, width=max(0, self.size.width - 2))
        site = shown(book.site_name_zh if self.t.lang == "zh" else book.site_name)
        text = header_text(self.t, now, self.ctx.tz, site, self.snapshot, state)
        if text != self.header_shown:
            self.header_shown = text
            self.query_one("#header", Static).update(text, layout=False)

    def say(self, text: str, ok: bool = True) -> None:
        """The status line. ``text`` often holds user text (a title, a note): never markup."""
        self.status_text = shown(text)
        self.query_one("#status", Static).update(literal(text, "" if ok else "bold red"))

    # -- writes (worker threads) -----------------------------------------------------------
    def write(self, fn: Callable[[], str]) -> None:
        """Run one store call in a worker thread; its result comes back as ActionResult."""
        if self.readonly:
            self.say(self.t("msg.readonly"), ok=False)
            return
        self._run_write(fn)

    def guard_file(self) -> None:
        """Before a write: a SQLite file renamed or replaced under the board is not written to
        (SQLite would create an empty file at the path); the failure says why."""
        if self.poller.file is not None:
            self.poller.file.check()

    @work(thread=True, group="write", exit_on_error=False)
    def _run_write(self, fn: Callable[[], str]) -> None:
        """A database failure is not caught here: the worker ends in ERROR and
        :meth:`worker_failed` says "not saved" and why; the board carries on."""
        try:
            self.guard_file()
            self.post_message(ActionResult(True, fn()))
        except Unavailable:
            raise  # busy past the wait, read-only, disk full: "not saved", by worker_failed
        except DutyError as exc:   # refused or not permitted: in the board's language
            self.post_message(ActionResult(False, refusal_text(exc, self.t)))
        finally:
            self.poller.wake.set()
            self.ctx.db.close()

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported: no worker can end the board."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        reason = failure_reason(error) if error is not None else "?"
        key = {"write": "msg.not_saved", "read": "msg.not_loaded"}.get(event.worker.group, "msg.not_saved")
        self.say(f"{self.t(key)}: {reason}", ok=False)
        self.app.bell()

    @on(ActionResult)
    def action_result(self, message: ActionResult) -> None:
        self.say(message.text, message.ok)
        if not message.ok:
            self.app.bell()

    async def ask(self, question: str, value: str = "") -> str | None:
        """One line from the user (None on Esc); call from an async worker."""
        return await self.app.push_screen_wait(PromptScreen(question, value))

    async def pick(self, title: str, choices: list[Choice], current: str | None = None) -> str | None:
        """One of ``choices`` from a picker (None on Esc); call from an async worker."""
        return await self.app.push_screen_wait(PickerScreen(self.t, title, choices, current))

    # -- readiness items ---------------------------------------------------------------------
    def action_check(self) -> None:
        self._task_action("done", "msg.done")

    def action_verify(self) -> None:
        """Verify the selected item after a confirmation naming it (readiness.py)."""
        self.run_steps(self.readiness.verify())

    def action_unverify(self) -> None:
        self.run_steps(self.readiness.unverify())

    def _task_action(self, action: str, done_key: str) -> None:
        task = R.find_task(self.snapshot, self.selected()) if self.snapshot is not None \
            and self.current_pane == "tasks" else None
        if task is None:
            self.say(self.t("msg.select_task"), ok=False)
            return
        from dutyboard.store.tasks import change_task

        def run() -> str:
            change_task(self.ctx, task.id, action, expected_version=task.version)
            return f"{self.t(done_key)}: #{task.id} {task.title}"
        self.write(run)

    def action_undo(self) -> None:
        """Undo my last check-off or verification, after naming it (readiness.py)."""
        self.run_steps(self.readiness.undo())

    # -- tickets (desk.py) --------------------------------------------------------------------
    def action_ticket(self, action: str) -> None:
        self.run_worker(self.desk.step(action), group="prompt", exclusive=True, exit_on_error=False)

    def action_mark(self) -> None:
        self.desk.mark()

    def action_signoff(self) -> None:
        self.run_steps(self.supervisor.sign_off())

    def action_revoke_signoff(self) -> None:
        self.run_steps(self.supervisor.revoke_sign_off())

    def action_approve(self) -> None:
        self.run_steps(self.supervisor.approve(self.desk.selected_ticket()))

    def action_ticket_later(self, action: str) -> None:
        """Stall, callback, classify (casework.py)."""
        self.run_steps(self.casework.step(action, self.desk.selected_ticket()))

    # -- confirmations (confirm.py): ask, read, choose ------------------------------------------
    def run_steps(self, steps: Coroutine[Any, Any, None]) -> None:
        """A multi-step action (read, confirm, write) as one prompt worker."""
        self.run_worker(steps, group="prompt", exclusive=True, exit_on_error=False)

    def writable(self) -> bool:
        """Said before any dialog opens: a read-only board asks nothing it cannot write."""
        if self.readonly:
            self.say(self.t("msg.readonly"), ok=False)
        return not self.readonly

    async def read(self, fn: Callable[[], T]) -> T | None:
        """One store read in a thread, from a prompt worker: what a confirmation will name.
        A refusal or a database failure is said on the status line and gives None."""
        def run() -> T:
            try:
                self.guard_file()
                return fn()
            finally:
                self.ctx.db.close()
        try:
            return await asyncio.to_thread(run)
        except DutyError as exc:
            self.say(error_text(exc, self.t), ok=False)
        except peewee.PeeweeException as exc:
            self.say(f"{self.t('msg.not_loaded')}: {failure_reason(exc)}", ok=False)
        return None

    async def choose(self, dialog: ChoiceScreen) -> Any:
        """The answer of a confirmation (None on Esc)."""
        return await self.app.push_screen_wait(dialog)

    async def action_new_ticket(self) -> None:
        await self.desk.open_form(emergency=False)

    async def action_emergency(self) -> None:
        await self.desk.open_form(emergency=True)

    def action_handover(self) -> None:
        self.handover.write_note()
    # -- bookings (meeting_actions.py) --------------------------------------------------------
    async def action_book(self) -> None:
        await self.meeting_desk.open_form()

    def action_meeting(self, action: str) -> None:
        self.run_worker(self.meeting_desk.step(action), group="prompt", exclusive=True,
                        exit_on_error=False)

    # -- other keys --------------------------------------------------------------------------
    def action_help(self) -> None:
        shown = [k for k in KEYS if k.where not in (REPORTS, OVERVIEW)   # they show their own
                 and not (self.readonly and k.id in WRITE_KEYS)]
        lines = key_lines(self.app.get_key_display, self.keymap, self.t, shown)
        self.app.push_screen(HelpScreen(self.t, lines))

    # -- filter and department focus: always shown (header, pane border), Esc clears both --
    def action_filter(self) -> None:
        self.run_worker(self._filter(self.table(self.current_pane)), group="prompt", exclusive=True,
                        exit_on_error=False)

    async def _filter(self, table: BoardTable) -> None:
        value = await self.ask(self.t("prompt.filter"), table.filter_text)
        table.filter_text = (value or "").strip()
        self.render_panes()

    def action_dept(self) -> None:
        self.run_worker(self._pick_dept(), group="prompt", exclusive=True, exit_on_error=False)

    async def _pick_dept(self) -> None:
        choice = await self.pick(self.t("picker.dept"), department_choices(self.t, everything=True),
                                 self.dept_focus or "")
        if choice is not None:
            self.focus_dept(choice or None)

    def focus_dept(self, dept: str | None) -> None:
        self.dept_focus = dept
        self.render_panes({"tasks", "tickets"})

    def action_clear_filters(self) -> None:
        """Esc: no filter on any pane, no department focus."""
        tables = [self.table(name) for name in PANES]
        if self.dept_focus is None and not any(t.filter_text for t in tables):
            return
        for table in tables:
            table.filter_text = ""
        self.dept_focus = None
        self.render_panes()
        self.say(self.t("msg.cleared"))

    def _open_on_own_department(self) -> bool:
        """A department lead's board opens on their department (the first snapshot that says
        who they are); Esc or d then shows any other."""
        viewer = self.snapshot.site.viewer if self.snapshot is not None else None
        if self.focus_opened or viewer is None:
            return False
        self.focus_opened = True
        if viewer.role != "lead" or not viewer.depts or self.dept_focus is not None:
            return False
        self.dept_focus = next(d for d in R.DEPT_ORDER if d in viewer.depts)
        return True

    def _in_focus(self, rows: R.Rows) -> R.Rows:
        """The tickets of the focused department (dispatched to it)."""
        snap = self.snapshot
        if self.dept_focus is None or snap is None:
            return rows
        return [row for row in rows if (ticket := snap.tickets.get(row[0].number)) is not None
                and ticket.dept == self.dept_focus]

    def show_filters(self) -> None:
        """Each pane's border says what narrows it; a pane left empty by it says "no rows match"."""
        for name in PANES:
            table = self.table(name)
            notes = []
            if self.dept_focus and name in FOCUSED_PANES:
                notes.append(self.t("pane.focus", dept=self.t(f"dept.{self.dept_focus}")))
            if table.filter_text:
                notes.append(self.t("pane.filter", text=shown(table.filter_text)))
            pane = self.query_one(f"#pane-{name}")
            text = "  ".join(notes)
            if self.pane_notes.get(name, "") != text:
                self.pane_notes[name] = text
                pane.border_subtitle = literal(text) if text else None
            pane.set_class(bool(notes) and not table.keys, "-no-match")

    def action_ack(self) -> None:
        """Clear the highlights and record who acknowledged what, and when (an audit row per
        alert, shown in the item's detail); a read-only board only clears its highlights."""
        subjects = set(self.highlighted)
        self.highlighted.clear()
        self.render_panes({"flags", "tasks"})
        if not subjects:
            self.say(self.t("msg.nothing_ack"))
            return
        if self.readonly:
            return
        from dutyboard.store.acknowledge import acknowledge

        def run() -> str:
            return f"{self.t('msg.acknowledged')}: {acknowledge(self.ctx, subjects)}"
        self.write(run)

    def action_pause(self) -> None:
        self.poller.paused = not self.poller.paused
        self.update_header()

    def action_reports(self) -> None:
        """The reports screen; the selected meeting (or a task's) and the department in
        focus are its defaults."""
        from .reports_screen import ReportsScreen
        ref = self.selected()
        meeting = None
        if ref is not None and ref.entity == "meeting":
            meeting = ref.number
        elif self.snapshot is not None and (task := R.find_task(self.snapshot, ref)) is not None:
            meeting = task.meeting_id
        self.app.push_screen(ReportsScreen(self.ctx, self.t, meeting, self.dept_focus))

    def action_overview(self) -> None:
        """Every site's counts (tui/board/overview.py)."""
        from .overview import open_overview
        open_overview(self)

    def on_data_table_row_selected(self, event: BoardTable.RowSelected) -> None:
        """Enter on a row (DataTable's own binding) opens what is behind it."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        key = self.selected()
        if key is not None:
            self._load_detail(key)

    @work(thread=True, group="read", exit_on_error=False)
    def _load_detail(self, key: RowRef) -> None:
        from .detail import detail_text
        from .notice import notice_meeting
        try:
            title, body = detail_text(self.ctx, key, self.t)
            self.post_message(ShowDetail(title, body, notice_meeting(key)))
        except DutyError as exc:
            self.post_message(ActionResult(False, error_text(exc, self.t)))
        finally:
            self.ctx.db.close()

    @on(ShowDetail)
    def show_detail(self, message: ShowDetail) -> None:
        self.app.push_screen(DetailScreen(message.title, message.body, self.t, message.meeting_id,
                                          self.open_notice))

    # -- the service notice (notice.py) -----------------------------------------------------
    def open_notice(self, meeting_id: int) -> None:
        self._load_notice(meeting_id)

    @work(thread=True, group="read", exit_on_error=False)
    def _load_notice(self, meeting_id: int) -> None:
        from .notice import load_notice
        try:
            self.post_message(ShowNotice(meeting_id, load_notice(self.ctx, meeting_id, self.t.lang)))
        except DutyError as exc:
            self.post_message(ActionResult(False, error_text(exc, self.t)))
        finally:
            self.ctx.db.close()

    @on(ShowNotice)
    def show_notice(self, message: ShowNotice) -> None:
        from .notice import NoticeScreen
        self.app.push_screen(NoticeScreen(self.t, message.meeting_id, message.text))
