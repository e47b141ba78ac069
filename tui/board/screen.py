"""The board's main screen: the four panes, their keys, the per-second tick and rendering.
Dialogs (help, detail, prompts, the ticket form) are pushed over it; writes run in worker
threads and come back as messages. Ticket triage lives in desk.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import arrow
from dutyboard.rules.facts import PENDING
from dutyboard.store.board import Snapshot
from dutyboard.store.context import Context
from dutyboard.store.errors import DutyError, NotPermitted, Unavailable
from dutyboard.store.health import failure_reason
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from . import rows as R
from .columns import ESCALATION_COLUMNS, TASK_COLUMNS, TICKET_COLUMNS, VENUE_COLUMNS, Column
from .desk import TicketDesk
from .dialogs import DetailScreen, HelpScreen, PromptScreen
from .header import HeaderState, header_text
from .i18n import Translator
from .keys import BOARD, bindings, key_lines
from .literal import literal, shown
from .messages import ActionResult, DatabaseProblem, ShowDetail, SnapshotReady
from .poller import Poller
from .refs import RowRef
from .table import BoardTable

PANES = ("venues", "tasks", "tickets", "escalations")
DEPT_CYCLE = (None, *R.DEPT_ORDER)


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
        self._bindings = BindingsMap(bindings(BOARD, t))
        self.snapshot: Snapshot | None = None
        self.pane_index = 0
        self.dept_focus: str | None = None
        self.flags: list = []
        self.flags_at = 0.0
        self.stale: str | None = None
        self.last_refresh_seconds = 0.0
        self.highlighted: set[str] = set()
        self.alerted: set[str] | None = None
        self.status_text = ""
        self.marked: set[int] = set()
        self.desk = TicketDesk(self)

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        t = self.t
        yield Static("", id="header")
        yield Static("", id="tabs")
        with Container(id="grid"):
            yield self._pane("venues", "1", VENUE_COLUMNS)
            yield self._pane("tasks", "2", TASK_COLUMNS)
            yield self._pane("tickets", "3", TICKET_COLUMNS)
            yield self._pane("escalations", "4", ESCALATION_COLUMNS)
        yield Static(t("small"), id="too-small")
        yield Static("", id="status")
        yield Footer()

    def _pane(self, name: str, digit: str, columns: tuple[Column, ...]) -> Vertical:
        pane = Vertical(BoardTable(columns, self.t, id=f"table-{name}"), id=f"pane-{name}",
                        classes="pane")
        pane.border_title = f"{digit} {self.t('pane.' + name)}"
        return pane

    def table(self, name: str) -> BoardTable:
        return self.query_one(f"#table-{name}", BoardTable)

    def on_mount(self) -> None:
        self._select_pane(0)
        self.set_interval(self.cadence.tick, self.tick)
        self.update_header()

    @property
    def narrow(self) -> bool:
        return not (self.has_class("-w-wide") and self.has_class("-h-wide"))

    # -- panes and focus -----------------------------------------------------------------
    def _select_pane(self, index: int) -> None:
        self.pane_index = index % len(PANES)
        for i, name in enumerate(PANES):
            self.query_one(f"#pane-{name}").set_class(i == self.pane_index, "-current")
        self.table(PANES[self.pane_index]).focus()
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
        return self.table(self.current_pane).selected

    # -- data ------------------------------------------------------------------------------
    @on(SnapshotReady)
    def apply_snapshot(self, message: SnapshotReady) -> None:
        self.snapshot = message.snapshot
        self.stale = None
        self.last_refresh_seconds = message.seconds
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
            if "tasks" in changed:
                self._sync_tasks(now)
            if "tickets" in changed:
                self.table("tickets").sync(R.ticket_rows(snap, now, self.t, self.ctx.book, self.marked))
            if changed & {"flags", "tickets", "tasks"}:
                self.recompute_flags(now)
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
                            dept_focus=self.dept_focus, readonly=self.readonly)
        site = shown(book.site_name_zh if self.t.lang == "zh" else book.site_name)
        text = header_text(self.t, now, self.ctx.tz, site, self.snapshot, state)
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
        except NotPermitted as exc:
            self.post_message(ActionResult(False, f"{self.t('msg.denied')}: {exc}"))
        except DutyError as exc:
            self.post_message(ActionResult(False, f"{self.t('msg.refused')}: {exc}"))
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

    # -- readiness items ---------------------------------------------------------------------
    def action_check(self) -> None:
        self._task_action("done", "msg.done")

    def action_verify(self) -> None:
        self._task_action("verify", "msg.verified")

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
        from dutyboard.store.tasks import change_task, last_done_by

        def run() -> str:
            task = last_done_by(self.ctx)
            if task is None:
                return self.t("msg.nothing_undo")
            change_task(self.ctx, task.id, "undo", expected_version=task.version)
            return f"{self.t('msg.undone')}: #{task.id} {task.title}"
        self.write(run)

    # -- tickets (desk.py) --------------------------------------------------------------------
    def action_ticket(self, action: str) -> None:
        self.run_worker(self.desk.step(action), group="prompt", exclusive=True, exit_on_error=False)

    def action_mark(self) -> None:
        self.desk.mark()

    def action_signoff(self) -> None:
        self.desk.sign_off()

    async def action_new_ticket(self) -> None:
        await self.desk.open_form(emergency=False)

    async def action_emergency(self) -> None:
        await self.desk.open_form(emergency=True)

    # -- other keys --------------------------------------------------------------------------
    def action_help(self) -> None:
        lines = key_lines(self.app.get_key_display, self.keymap, self.t)
        self.app.push_screen(HelpScreen(self.t, lines))

    def action_filter(self) -> None:
        self.run_worker(self._filter(self.table(self.current_pane)), group="prompt", exclusive=True,
                        exit_on_error=False)

    async def _filter(self, table: BoardTable) -> None:
        value = await self.ask(self.t("prompt.filter"), table.filter_text)
        table.filter_text = (value or "").strip()
        self.render_panes()

    def action_dept(self) -> None:
        self.dept_focus = DEPT_CYCLE[(DEPT_CYCLE.index(self.dept_focus) + 1) % len(DEPT_CYCLE)]
        self.render_panes({"tasks"})

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
        try:
            title, body = detail_text(self.ctx, key, self.t)
            self.post_message(ShowDetail(title, body))
        except DutyError as exc:
            self.post_message(ActionResult(False, str(exc)))
        finally:
            self.ctx.db.close()

    @on(ShowDetail)
    def show_detail(self, message: ShowDetail) -> None:
        self.app.push_screen(DetailScreen(message.title, message.body))
