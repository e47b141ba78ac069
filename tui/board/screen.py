"""The board's main screen: the four panes, their keys, the per-second tick and rendering.
Dialogs (help, detail, prompts, the ticket form) are pushed over it; writes run in worker
threads and come back as messages (acting.py). Ticket triage lives in desk.py, readiness
corrections in readiness.py, filters and the department focus in focus.py."""

from __future__ import annotations

from dataclasses import dataclass

import arrow
from dutyboard.store.board import Snapshot
from dutyboard.store.context import Context
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Container, Vertical
from textual.widget import Widget
from textual.widgets import Static

from .acting import ActingScreen
from .alerts import Alerts
from .casework import Casework
from .columns import ESCALATION_COLUMNS, TASK_COLUMNS, TICKET_COLUMNS, VENUE_COLUMNS, Column
from .desk import TicketDesk
from .first_frame import first_snapshot
from .first_layout import FirstLayout
from .focus import PANES, Focus
from .footer import BoardFooter
from .handover import ShiftHandover
from .header import HeaderCache, HeaderState, database_label
from .header_bar import HeaderBar
from .i18n import Translator
from .keys import BOARD, KEYS, OVERVIEW, REPORTS, WRITE_KEYS, bindings, key_lines
from .literal import shown
from .live_rows import LiveRows
from .meeting_actions import MeetingDesk
from .messages import DatabaseProblem, ShowDetail, SnapshotReady
from .notice import ShowNotice
from .opening import Opening
from .paint import CellPaintCompositor
from .poller import Poller
from .readiness import Readiness
from .refs import RowRef
from .startup_gc import AFTER_FIRST_BOARD, held, release
from .supervisor import SupervisorDesk
from .table import EARLIER, MORE, BoardTable
from .tick_rows import tick_rows
from .ticking import Ticker
from .timeline import Timeline
from .trend_line import trend_text
from .venue_timeline import VenueTimeline
from .wording import failure_text


@dataclass(frozen=True)
class Cadence:
    """How often the board redraws countdowns and re-evaluates time-driven flags (data
    changes re-evaluate at once), and how often the poller looks for changes. Tests shorten
    these so the real timers fire instead of calling ``tick()`` by hand."""
    tick: float = 1.0
    flags: float = 600.0    # the safety net: everything derived again (live_rows.py)
    poll: float = 0.25


CAPS = {"venues": 300, "tickets": 300, "escalations": 200}   # rows shown; then "… N more — / to filter"
WINDOWED = ("venues",)   # from the first meeting not over, under "… N earlier" (table_window.py)


class BoardScreen(FirstLayout, ActingScreen):
    # wide: four panes in a grid; narrow (under 120x34): one pane, digits/Tab switch;
    # tiny (under 60x16): a plain "too small" message. Classes set by Textual on each resize.
    HORIZONTAL_BREAKPOINTS = [(0, "-w-tiny"), (60, "-w-narrow"), (120, "-w-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-h-tiny"), (16, "-h-narrow"), (34, "-h-wide")]

    def __init__(self, ctx: Context, t: Translator, poller: Poller, readonly: bool = False,
                 cadence: Cadence = Cadence(), keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self._compositor = CellPaintCompositor()   # a changed cell costs its own cells (paint.py)
        self.ctx, self.t, self.poller = ctx, t, poller
        self.readonly, self.cadence, self.keymap = readonly, cadence, keymap or {}
        self._bindings = BindingsMap(bindings(BOARD, t, readonly))
        self.snapshot: Snapshot | None = None
        self.shown_serial = 0     # the poller's serial of the snapshot shown (messages.py)
        self.pane_index = 0
        self.dept_focus: str | None = None
        self.database = database_label(ctx.db)
        self.pane_notes: dict[str, str] = {}   # pane -> what its border says narrows it
        self.flags_at = 0.0    # the last full derivation (monotonic)
        self.stale: str | None = None
        self.last_refresh_seconds = 0.0
        self.highlighted: set[str] = set()
        self.alerted: set[str] | None = None
        self.status_text = ""
        self.header_cache = HeaderCache()
        self.marked: set[int] = set()
        self.desk = TicketDesk(self)
        self.handover = ShiftHandover(self)
        self.meeting_desk = MeetingDesk(self)
        self.readiness = Readiness(self)
        self.supervisor = SupervisorDesk(self)
        self.casework = Casework(self)
        self.focus = Focus(self)
        self.venue_timeline = VenueTimeline(self)
        self.alerts = Alerts(self)
        self.live = LiveRows(self)
        self.ticker = Ticker()    # when each countdown in view next changes (ticking.py)
        self.opening = Opening(self)
        self._resumed = False

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.classes_for_size()   # before the first layout, not at the first Resize (first_layout.py)
        t = self.t
        yield HeaderBar()   # the clock apart: its tick repaints only its cells
        yield Static("", id="tabs")
        with Container(id="grid"):
            yield self._pane("venues", "1", VENUE_COLUMNS,
                             Timeline(t, self.ctx.tz, id="timeline", classes="-hidden"))
            yield self._pane("tasks", "2", TASK_COLUMNS)
            yield self._pane("tickets", "3", TICKET_COLUMNS)
            yield self._pane("escalations", "4", ESCALATION_COLUMNS)
        yield Static(t("small"), id="too-small")
        yield Static("", id="status")
        yield BoardFooter()   # fitted to the width: nothing cut (footer.py)

    def _pane(self, name: str, digit: str, columns: tuple[Column, ...], *extra: Widget) -> Vertical:
        table = BoardTable(columns, self.t, CAPS.get(name), name in WINDOWED, id=f"table-{name}")
        pane = Vertical(Static(self.t("pane.no_match"), id=f"no-match-{name}", classes="no-match"),
                        table, *extra, id=f"pane-{name}",
                        classes="pane -current" if name == PANES[self.pane_index] else "pane")
        pane.border_title = f"{digit} {self.t('pane.' + name)}"
        return pane

    def table(self, name: str) -> BoardTable:
        return self.query_one(f"#table-{name}", BoardTable)

    def on_mount(self) -> None:
        self._select_pane(0)
        if (first := first_snapshot(self.poller)) is not None:   # the first frame: the full board
            self.apply_snapshot(first)                                 # (first_frame.py)
        self.set_interval(self.cadence.tick, self.tick)
        self.update_header()
        self.handover.check_on_open()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed:
            # The first resume follows the mount: every node was styled as it was mounted,
            # with the theme and the size's classes (first_frame.py); Textual restyled it all
            self._resumed = True
            event.refresh_styles = False
        self.handover.show_if_due()  # notes that arrived while a dialog was open

    def resized(self) -> None:
        self.update_header()  # it shortens to the new width at once, not at the next tick

    @property
    def narrow(self) -> bool:
        return not (self.has_class("-w-wide") and self.has_class("-h-wide"))

    # -- the venues timeline (T, venue_timeline.py) --------------------------------------------
    @property
    def timeline(self) -> Timeline:
        return self.venue_timeline.widget

    @property
    def timeline_shown(self) -> bool:
        return self.venue_timeline.shown

    def pane_body(self, name: str) -> Widget:
        """What a pane shows and focuses: its table, or for venues the timeline when on."""
        return self.timeline if name == "venues" and self.timeline_shown else self.table(name)

    def action_timeline(self) -> None:
        self.venue_timeline.toggle()

    # -- panes and focus -----------------------------------------------------------------
    def _select_pane(self, index: int) -> None:
        self.pane_index = index % len(PANES)
        if self.is_mounted:
            self.update_header()  # the header shows the current pane's filter
        for i, name in enumerate(PANES):
            self.query_one(f"#pane-{name}").set_class(i == self.pane_index, "-current")
        self.pane_body(PANES[self.pane_index]).focus()
        self.refresh_bindings()   # the footer shows the current pane's main actions
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

    def _show_trend(self, snap: Snapshot) -> None:
        """The supervisor's sparkline (backlog, complaint rate) under the tickets pane; the
        reader loads it only for a supervisor or a manager."""
        pane = self.query_one("#pane-tickets")
        pane.border_subtitle = trend_text(snap.trend, self.t) if snap.trend is not None else ""

    # -- data ------------------------------------------------------------------------------
    @on(SnapshotReady)
    def apply_snapshot(self, message: SnapshotReady) -> None:
        if message.snapshot is self.snapshot or (message.serial or self.shown_serial) < self.shown_serial:
            return   # the first frame's snapshot (taken at mount) or one posted before it
        self.snapshot, self.shown_serial = message.snapshot, message.serial or self.shown_serial
        self.stale = None
        self.last_refresh_seconds = message.seconds
        if self.focus.open_on_own_department():
            self.render_panes()
        else:
            self.render_panes(message.snapshot.changed)
        self.alerts.acknowledged_elsewhere(message.snapshot)

    @on(DatabaseProblem)
    def database_problem(self, message: DatabaseProblem) -> None:
        self.stale = failure_text(message.failure, self.t) if message.failure else message.error
        self.update_header()
        release()   # no first board yet: not waiting for it (startup_gc.py)

    def render_panes(self, changed: set[str] | None = None) -> None:
        """Bring the panes to the snapshot: only the rows its delta names, or the panes in
        ``changed`` re-derived (None: everything; live_rows.py)."""
        snap = self.snapshot
        if snap is None:
            return
        now = self.ctx.now()
        self.ticker.reset()     # rows may have new due instants: every countdown looked at again
        with self.app.batch_update():
            touched = self.live.render(changed)
            if "meetings" in touched:
                self.venue_timeline.show(now)
            if "tickets" in touched:
                self._show_trend(snap)
            self.alerts.check(now)
        self.show_filters()
        self.update_header()
        if held():   # the first full board: the collector back on once it is painted (startup_gc.py)
            self.set_timer(AFTER_FIRST_BOARD, release)

    def recompute_flags(self, now: arrow.Arrow) -> None:
        """The escalations pane derived again from scratch."""
        if self.snapshot is not None:
            self.ticker.reset()
            self.live.rebuild(("escalations",), now)
            self.alerts.check(now)
            self.show_filters()

    def tick(self) -> None:
        """Every tick: countdowns of the visible rows, the header; no database work."""
        snap = self.snapshot
        if snap is not None:
            now = self.ctx.now()
            tick_rows(self, snap, now)   # only the rows whose text can have moved (tick_rows.py)
            self.venue_timeline.clock(now)
            self.live.time_passes(now)   # flags and rows fallen due (live_rows.py)
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
        self.query_one(HeaderBar).show(
            self.header_cache.line(self.t, now, self.ctx.tz, site, self.snapshot, state))

    # -- readiness items ---------------------------------------------------------------------
    def action_check(self) -> None:
        """Check off the selected item after a confirmation naming it (readiness.py)."""
        self.run_steps(self.readiness.check_off())

    def action_verify(self) -> None:
        """Verify the selected item after a confirmation naming it (readiness.py)."""
        self.run_steps(self.readiness.verify())

    def action_unverify(self) -> None:
        self.run_steps(self.readiness.unverify())

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
        from .dialogs import HelpScreen
        shown = [k for k in KEYS if k.where not in (REPORTS, OVERVIEW)   # they show their own
                 and not (self.readonly and k.id in WRITE_KEYS)]
        lines = key_lines(self.app.get_key_display, self.keymap, self.t, shown)
        self.app.push_screen(HelpScreen(self.t, lines))

    # -- filter and department focus: always shown (header, pane border), Esc clears both --
    def action_filter(self) -> None:
        self.run_steps(self.focus.filter())

    def action_dept(self) -> None:
        self.run_steps(self.focus.pick_dept())

    def focus_dept(self, dept: str | None) -> None:
        self.focus.focus_dept(dept)

    def action_clear_filters(self) -> None:
        self.focus.clear()

    def show_filters(self) -> None:
        self.focus.show()

    def action_ack(self) -> None:
        self.alerts.acknowledge()

    def action_pause(self) -> None:
        self.poller.paused = not self.poller.paused
        self.update_header()

    def action_reports(self) -> None:
        """The reports screen; the selected meeting (or a task's) and the department in
        focus are its defaults."""
        self.opening.reports()

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
        if key in (MORE, EARLIER):   # the "more" or "earlier" row of a capped table: narrow it down
            self.action_filter()
        elif key is not None:
            self.opening.detail(key)

    @on(ShowDetail)
    def show_detail(self, message: ShowDetail) -> None:
        from .dialogs import DetailScreen
        self.app.push_screen(DetailScreen(message.title, message.body, self.t, message.meeting_id,
                                          self.open_notice))

    # -- the service notice (notice.py) -----------------------------------------------------
    def open_notice(self, meeting_id: int) -> None:
        self.opening.notice(meeting_id)

    @on(ShowNotice)
    def show_notice(self, message: ShowNotice) -> None:
        from .notice import NoticeScreen
        self.app.push_screen(NoticeScreen(self.t, message.meeting_id, message.text))
