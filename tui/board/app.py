"""The board: composes the panes, routes keys to store calls in worker threads, and
applies snapshots from the poller. Layout in board.tcss; rows in rows.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from dutyboard.rules.facts import PENDING
from dutyboard.store.board import Snapshot
from dutyboard.store.context import Context
from dutyboard.store.errors import DutyError, NotPermitted
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.widgets import Footer, Static

from . import rows as R
from .i18n import Translator, detect_lang
from .messages import ActionResult, DatabaseProblem, ShowDetail, SnapshotReady
from .poller import Poller
from .screens import DetailScreen, HelpScreen, PromptScreen
from .table import BoardTable
from .ticket_actions import TicketActions

PANES = ("venues", "tasks", "tickets", "escalations")
# (key, label, width): the essentials first, so a narrow pane cuts only the long text
VENUE_COLUMNS = [("time", "col.time", 11), ("venue", "col.venue", 14), ("phase", "col.phase", 11),
                 ("worst", "col.worst", 17), ("ready", "col.ready", 8), ("class", "col.class", 2),
                 ("title", "col.title", None)]
TASK_COLUMNS = [("countdown", "col.countdown", 17), ("dept", "col.dept", 5),
                ("item", "col.item", 30), ("state", "col.state", 14), ("venue", "col.venue", None)]
TICKET_COLUMNS = [("no", "col.no", 4), ("pri", "col.pri", 6), ("next", "col.next", 28),
                  ("state", "col.state", 10), ("dept", "col.dept", 4), ("age", "col.age", 6),
                  ("location", "col.location", None)]
ESCALATION_COLUMNS = [("sev", "col.sev", 8), ("subject", "col.no", 10), ("age", "col.age", 6),
                      ("message", "col.message", None), ("kind", "col.kind", None)]
NARROW_WIDTH, NARROW_HEIGHT = 120, 34
FLAG_RECOMPUTE_SECONDS = 30.0  # time-driven flags; data changes recompute at once
BINDING_TEXT = {  # binding id -> i18n key
    "quit": "key.quit", "help": "key.help", "check": "key.check", "verify": "key.verify",
    "undo": "key.undo", "open": "key.open", "filter": "key.filter", "dept": "key.dept",
    "ack": "key.ack", "pause": "key.pause", "dispatch": "key.dispatch", "follow-up": "key.follow",
    "escalate": "key.escalate", "resolve": "key.resolve", "close": "key.close", "theme": "key.theme",
    "next-pane": "key.pane", "prev-pane": "key.pane", "new": "key.new",
    "emergency": "key.emergency", "mark": "key.mark", "notify": "key.notify",
    "signoff": "key.signoff", "unresolvable": "key.unresolvable", "reopen": "key.reopen",
    "link": "key.link",
}


class BoardApp(TicketActions, App[int]):
    CSS_PATH = Path(__file__).with_name("board.tcss")
    TITLE = "dutyboard"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("tab", "next_pane(1)", "Pane", id="next-pane", show=False, priority=True),
        Binding("shift+tab", "next_pane(-1)", "Pane", id="prev-pane", show=False, priority=True),
        Binding("1", "pane(0)", "Venues", id="pane-1", show=False),
        Binding("2", "pane(1)", "Tasks", id="pane-2", show=False),
        Binding("3", "pane(2)", "Tickets", id="pane-3", show=False),
        Binding("4", "pane(3)", "Escalations", id="pane-4", show=False),
        Binding("space", "check", "Check off", id="check"),
        Binding("v", "verify", "Verify", id="verify"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("enter", "open", "Open", id="open"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("d", "dept", "Dept", id="dept"),
        Binding("a", "ack", "Ack", id="ack"),
        Binding("p", "pause", "Pause", id="pause", show=False),
        Binding("D", "ticket('dispatch')", "Dispatch", id="dispatch", show=False),
        Binding("f", "ticket('follow-up')", "Follow-up", id="follow-up", show=False),
        Binding("e", "ticket('escalate')", "Escalate", id="escalate", show=False),
        Binding("r", "ticket('resolve')", "Resolve", id="resolve", show=False),
        Binding("c", "ticket('close')", "Close", id="close", show=False),
        Binding("U", "ticket('unresolvable')", "Unresolvable", id="unresolvable", show=False),
        Binding("o", "ticket('reopen')", "Reopen", id="reopen", show=False),
        Binding("L", "ticket('link')", "Link", id="link", show=False),
        Binding("t", "theme", "Theme", id="theme", show=False),
        Binding("n", "new_ticket", "New ticket", id="new"),
        Binding("exclamation_mark", "emergency", "Emergency", id="emergency"),
        Binding("m", "mark", "Mark", id="mark", show=False),
        Binding("N", "notify", "Notified", id="notify", show=False),
        Binding("S", "signoff", "Sign off", id="signoff", show=False),
    ]
    HELP_KEYS = [
        ("Tab / 1-4", "key.pane"), ("j k / arrows, g G", "col.item"), ("space", "key.check"),
        ("v", "key.verify"), ("u", "key.undo"), ("Enter", "key.open"), ("/", "key.filter"),
        ("d", "key.dept"), ("D", "key.dispatch"), ("f", "key.follow"), ("e", "key.escalate"),
        ("r", "key.resolve"), ("c", "key.close"),
        ("U", "key.unresolvable"), ("o", "key.reopen"), ("L", "key.link"), ("a", "key.ack"),
        ("p", "key.pause"),
        ("t", "key.theme"), ("n", "key.new"), ("!", "key.emergency"), ("m", "key.mark"),
        ("N", "key.notify"), ("S", "key.signoff"), ("ctrl+p", "Commands"), ("?", "key.help"),
        ("q", "key.quit"),
    ]

    def __init__(self, ctx: Context, lang: str | None = None, theme: str | None = None,
                 readonly: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.t = Translator(detect_lang(lang))
        self.readonly = readonly
        self.board_theme = theme or "dark"
        self.snapshot: Snapshot | None = None
        self.poller = Poller(ctx, self.post_message)
        self.pane_index = 0
        self.dept_focus: str | None = None
        self.flags: list = []
        self.flags_at = 0.0
        self.stale: str | None = None
        self.fresh_at = 0.0
        self.fresh_clock = ctx.now()
        self.last_refresh_seconds = 0.0
        self.highlighted: set[str] = set()
        self.alerted: set[str] | None = None
        self.status_text = ""
        self.marked: set[int] = set()
        self._translate_bindings()

    def _translate_bindings(self) -> None:
        """Footer, help and palette show the key descriptions in the board's language."""
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                replace(b, description=self.t(BINDING_TEXT[b.id])) if b.id in BINDING_TEXT else b
                for b in bindings]

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        t = self.t
        yield Static("", id="header")
        yield Static("", id="tabs")
        with Container(id="grid"):
            yield self._pane("venues", "1", t("pane.venues"), VENUE_COLUMNS)
            yield self._pane("tasks", "2", t("pane.tasks"), TASK_COLUMNS)
            yield self._pane("tickets", "3", t("pane.tickets"), TICKET_COLUMNS)
            yield self._pane("escalations", "4", t("pane.escalations"), ESCALATION_COLUMNS)
        yield Static(t("small"), id="too-small")
        yield Static("", id="status")
        yield Footer()

    def _pane(self, name: str, digit: str, title: str, columns: list[tuple[str, str, int | None]]
              ) -> Vertical:
        labelled = [(key, self.t(label), width) for key, label, width in columns]
        pane = Vertical(BoardTable(labelled, id=f"table-{name}"), id=f"pane-{name}", classes="pane")
        pane.border_title = f"{digit} {title}"
        return pane

    @property
    def main_screen(self) -> Any:
        """The board's own screen (queries must not land on a dialog opened over it)."""
        return self.screen_stack[0]

    def table(self, name: str) -> BoardTable:
        return self.main_screen.query_one(f"#table-{name}", BoardTable)

    def on_mount(self) -> None:
        self.theme = {"dark": "textual-dark", "light": "textual-light",
                      "contrast": "textual-ansi"}.get(self.board_theme, "textual-dark")
        self._apply_size()
        self._select_pane(0)
        self.set_interval(1.0, self.tick)
        self.run_worker(self.poller.run, thread=True, group="poll", exclusive=True,
                        name="poller")
        self.update_header()

    def on_unmount(self) -> None:
        self.poller.stop.set()
        self.poller.wake.set()

    def on_resize(self) -> None:
        self._apply_size()

    def _apply_size(self) -> None:
        width, height = self.size
        self.main_screen.set_class(width < NARROW_WIDTH or height < NARROW_HEIGHT, "narrow")
        self.main_screen.set_class(width < 60 or height < 16, "too-small")

    # -- panes and focus ----------------------------------------------------------
    def _select_pane(self, index: int) -> None:
        self.pane_index = index % len(PANES)
        for i, name in enumerate(PANES):
            self.main_screen.query_one(f"#pane-{name}").set_class(i == self.pane_index, "-current")
        self.table(PANES[self.pane_index]).focus()
        tabs = "  ".join(
            (f"[reverse] {i + 1} {self.t('pane.' + n)} [/]" if i == self.pane_index
             else f" {i + 1} {self.t('pane.' + n)} ") for i, n in enumerate(PANES))
        self.main_screen.query_one("#tabs", Static).update(tabs)

    def action_pane(self, index: int) -> None:
        self._select_pane(index)

    def action_next_pane(self, step: int) -> None:
        if self.screen is not self.screen_stack[0]:  # a form or dialog: Tab moves between fields
            if step > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        self._select_pane(self.pane_index + step)

    @property
    def current_pane(self) -> str:
        return PANES[self.pane_index]

    # -- data -------------------------------------------------------------------------
    @on(SnapshotReady)
    def apply_snapshot(self, message: SnapshotReady) -> None:
        self.snapshot = message.snapshot
        self.stale = None
        self.fresh_at = time.monotonic()
        self.fresh_clock = self.ctx.now()
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
        now = self.ctx.now()
        tz = self.ctx.tz
        with self.batch_update():
            if "meetings" in changed:
                self.table("venues").sync(R.meeting_rows(snap, now, self.t, tz))
            if "tasks" in changed:
                self.table("tasks").sync(R.task_rows(snap, now, self.t, tz, self.dept_focus))
            if "tickets" in changed:
                self.table("tickets").sync(R.ticket_rows(snap, now, self.t, self.ctx.book,
                                                         self.marked))
            if changed & {"flags", "tickets", "tasks"}:
                self.recompute_flags(now)
        self.update_header()

    def recompute_flags(self, now: Any) -> None:
        snap = self.snapshot
        if snap is None:
            return
        self.flags = R.escalation_flags(snap, now, self.ctx.book)
        self.flags_at = time.monotonic()
        self._alert(now)
        self.table("escalations").sync(R.escalation_rows(self.flags, snap, now, self.t,
                                                         self.highlighted))

    def _alert(self, now: Any) -> None:
        """Ring once for a new emergency or a newly overdue item; highlight until acknowledged."""
        snap = self.snapshot
        assert snap is not None
        current = {f.subject for f in self.flags if f.kind == "emergency"}
        current |= {f"task:{r.id}" for rows in snap.dept_tasks.values() for r in rows
                    if r.state == PENDING and r.due <= now}
        if self.alerted is None:  # first load: what is already on the board is not news
            self.alerted = current
            return
        new = current - self.alerted
        self.alerted |= new
        if new:
            self.highlighted |= new
            self.bell()

    def tick(self) -> None:
        """Every second: countdowns of the visible rows, the header; no database work."""
        snap = self.snapshot
        if snap is None:
            self.update_header()
            return
        now = self.ctx.now()
        t = self.t
        venues, tasks, tickets = self.table("venues"), self.table("tasks"), self.table("tickets")
        venues.update_column("worst", R.meeting_countdowns(snap, venues.visible_keys(), now, t))
        tasks.update_column("countdown", R.task_countdowns(snap, tasks.visible_keys(), now, t))
        tickets.update_column("next", R.ticket_countdowns(snap, tickets.visible_keys(), now, t,
                                                          self.ctx.book))
        if time.monotonic() - self.flags_at >= FLAG_RECOMPUTE_SECONDS:
            self.recompute_flags(now)
        else:
            self._alert(now)
        self.update_header()

    def update_header(self) -> None:
        t = self.t
        now = self.ctx.now()
        local = now.to(self.ctx.tz)
        snap = self.snapshot
        overdue = R.overdue_count(snap, now) if snap else 0
        open_count = len(snap.tickets) if snap else 0
        emerg = sum(1 for r in snap.tickets.values() if r.fact.priority == "emergency") if snap else 0
        if self.stale:
            fresh = f"[reverse bold] {t('hdr.stale')} [/] {self.stale}"
        elif self.poller.paused:
            fresh = f"[reverse] {t('hdr.paused')} [/]"
        elif self.fresh_at:
            fresh = f"{t('hdr.fresh')} {max(0, int((now - self.poller.last_ok_at).total_seconds()))}s"
        else:
            fresh = "..."
        extras = []
        if self.dept_focus:
            extras.append(f"{t('hdr.focus')}={self.dept_focus}")
        if self.readonly:
            extras.append(t("hdr.readonly"))
        site = self.ctx.book.site_name_zh if t.lang == "zh" else self.ctx.book.site_name
        alarm = "[reverse bold]" if overdue or emerg else "[b]"
        text = (f"[b]{local.format('MM-DD HH:mm:ss')}[/b]  {alarm}{overdue} {t('hdr.overdue')}[/]  "
                f"[b]{open_count}[/b] {t('hdr.open')}  {alarm}{emerg} {t('hdr.emerg')}[/]  "
                f"{fresh}  {' '.join(extras)}  {site}")
        self.main_screen.query_one("#header", Static).update(text, layout=False)

    def say(self, text: str, ok: bool = True) -> None:
        self.status_text = text
        style = "" if ok else "bold red"
        self.main_screen.query_one("#status", Static).update(f"[{style}]{text}[/]" if style else text)

    # -- writes (worker threads) -----------------------------------------------------
    def write(self, fn: Callable[[], str]) -> None:
        if self.readonly:
            self.say(self.t("msg.readonly"), ok=False)
            return
        self._run_write(fn)

    @work(thread=True, group="write")
    def _run_write(self, fn: Callable[[], str]) -> None:
        try:
            text = fn()
            self.post_message(ActionResult(True, text))
        except NotPermitted as exc:
            self.post_message(ActionResult(False, f"{self.t('msg.denied')}: {exc}"))
        except DutyError as exc:
            self.post_message(ActionResult(False, f"{self.t('msg.refused')}: {exc}"))
        finally:
            self.poller.wake.set()
            self.ctx.db.close()

    @on(ActionResult)
    def action_result(self, message: ActionResult) -> None:
        self.say(message.text, message.ok)
        if not message.ok:
            self.bell()

    def _selected_task(self) -> R.TaskRow | None:
        if self.snapshot is None or self.current_pane != "tasks":
            return None
        return R.find_task(self.snapshot, self.table("tasks").selected_key)

    def action_check(self) -> None:
        self._task_action("done", "msg.done")

    def action_verify(self) -> None:
        self._task_action("verify", "msg.verified")

    def _task_action(self, action: str, done_key: str) -> None:
        task = self._selected_task()
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

    def ask(self, question: str, then: Callable[[str], None]) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                then(value)
        self.push_screen(PromptScreen(question), done)

    # -- other keys ----------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.t, [(k, self.t(d)) for k, d in self.HELP_KEYS]))

    def action_filter(self) -> None:
        table = self.table(self.current_pane)

        def done(value: str | None) -> None:
            table.filter_text = (value or "").strip()
            self.render_panes()
        self.push_screen(PromptScreen(self.t("prompt.filter"), table.filter_text), done)

    def action_dept(self) -> None:
        cycle = [None, "eng", "sec", "svc", "env", "desk", "fcc"]
        self.dept_focus = cycle[(cycle.index(self.dept_focus) + 1) % len(cycle)]
        self.render_panes({"tasks"})

    def action_ack(self) -> None:
        self.highlighted.clear()
        self.render_panes({"flags"})

    def action_pause(self) -> None:
        self.poller.paused = not self.poller.paused
        self.update_header()

    def action_theme(self) -> None:
        order = ["textual-dark", "textual-light", "textual-ansi"]
        self.theme = order[(order.index(self.theme) + 1) % len(order)] if self.theme in order \
            else order[0]

    def on_data_table_row_selected(self, event: BoardTable.RowSelected) -> None:
        """Enter on a row (DataTable's own binding) opens what is behind it."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        key = self.table(self.current_pane).selected_key
        if key is None or self.snapshot is None:
            return
        self._load_detail(key)

    @work(thread=True, group="read")
    def _load_detail(self, key: str) -> None:
        from .detail import detail_text
        try:
            title, body = detail_text(self.ctx, self.snapshot, key, self.t)
            self.post_message(ShowDetail(title, body))
        except DutyError as exc:
            self.post_message(ActionResult(False, str(exc)))
        finally:
            self.ctx.db.close()

    @on(ShowDetail)
    def show_detail(self, message: ShowDetail) -> None:
        self.push_screen(DetailScreen(message.title, message.body))

    def get_system_commands(self, screen: Any) -> Any:
        yield from super().get_system_commands(screen)
        from textual.app import SystemCommand
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id not in (None, "quit", "help"):
                yield SystemCommand(binding.description, f"key {binding.key}",
                                    lambda a=binding.action: self.run_action(a))


def run_board(ctx: Context, url: str, args: Any) -> int:
    app = BoardApp(ctx, lang=args.lang, theme=args.theme, readonly=args.readonly)
    app.run()
    return 0

