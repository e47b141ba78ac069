"""Bookings from the board: ``b`` opens the booking form, ``M`` moves the selected meeting,
``X`` cancels it. A collaborator of ``BoardScreen`` like the ticket desk: it asks through
``screen.ask``, confirms naming the meeting, and writes through ``screen.write``; the store
checks a move exactly as it checks a booking (its pending items move, done ones stay)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import arrow
from dutyboard.store.board import MeetingRow
from dutyboard.store.errors import Refused
from dutyboard.store.models import Department, Meeting, Task
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from . import rows as R
from .literal import literal
from .wording import failure_text, refusal_text, unmask

if TYPE_CHECKING:
    from dutyboard.store.booking_check import MeetingInput, Problem

    from .booking_form import Booked
    from .screen import BoardScreen

# The booking form, the store's booking and move code and the time parsing are imported when
# a key first needs them, not before the board's first full screen (issue 13;
# tests/tui/test_board_startup.py).


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no to one named change: y or Enter confirms, n or Esc declines."""
    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]
    DEFAULT_CSS = "ConfirmScreen #confirm-body { padding: 1 0; }"

    def __init__(self, title: str, question: str, keys: str) -> None:
        super().__init__()
        self.title_text, self.question, self.keys = title, question, keys

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="modal-box"):
            yield Label(self.title_text, classes="modal-title")
            yield Static(literal(self.question, multiline=True), id="confirm-body")  # names user text
            yield Label(self.keys, classes="modal-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MeetingDesk:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    # -- the booking form ----------------------------------------------------------------------
    async def open_form(self) -> None:
        """Open the form at once and focus the venue before the next key is read."""
        screen = self.screen
        if screen.readonly:
            screen.say(screen.t("msg.readonly"), ok=False)
            return
        from .booking_form import BookingForm
        form = BookingForm(screen.t, screen.ctx, self._save)
        await screen.app.push_screen(form, self._form_done)
        form.focus_first()

    def _save(self, data: MeetingInput) -> Booked:
        """Runs in the form's worker thread: the store's add (which checks again), then the
        preparation items it generated, by department, for the summary."""
        from dutyboard.store import meetings as M

        from .booking_form import Booked
        screen, t = self.screen, self.screen.t
        screen.guard_file()
        try:
            meeting = M.add_meeting(screen.ctx, data)
            tasks = list(Task.select().where(Task.meeting == meeting).order_by(Task.due_at, Task.id))
            names = {d.code: (d.name_zh if t.lang == "zh" else d.name) for d in Department.select()}
        finally:
            screen.poller.wake.set()
        tz = screen.ctx.tz
        lines: list[str] = []
        for dept in R.DEPT_ORDER:
            mine = [task for task in tasks if task.dept == dept]
            if not mine:
                continue
            lines.append(f"{names.get(dept, dept)} ({len(mine)})")
            for task in mine:
                due = arrow.get(task.due_at).replace(tzinfo="UTC").to(tz).format("MM-DD HH:mm")
                asap = f" ({t('bk.asap')})" if task.short_notice else ""
                lines.append(f"  {due}  {task.title_zh if t.lang == 'zh' else task.title}{asap}")
        title = t("bk.summary", id=meeting.id, n=len(tasks))
        return Booked(f"{t('bk.saved')} #{meeting.id} {meeting.title}", title, "\n".join(lines))

    def _form_done(self, result: Booked | None) -> None:
        if result is not None:
            from .dialogs import DetailScreen
            self.screen.say(result.text)
            self.screen.app.push_screen(DetailScreen(result.summary_title, result.summary))

    # -- move and cancel -----------------------------------------------------------------------
    def selected_meeting(self) -> MeetingRow | None:
        """The meeting of the selected row: a venue row, or a readiness item of a meeting."""
        screen = self.screen
        ref, snap = screen.selected(), screen.snapshot
        if ref is None or snap is None:
            return None
        if ref.entity == "meeting":
            return snap.meetings.get(ref.number)
        if ref.entity == "task":
            task = R.find_task(snap, ref)
            return snap.meetings.get(task.meeting_id) if task is not None else None
        return None

    def _name(self, m: MeetingRow) -> str:
        return f"#{m.id} {unmask(m.title, self.screen.t)} ({m.venue})"

    def _span(self, start: arrow.Arrow, end: arrow.Arrow) -> str:
        tz = self.screen.ctx.tz
        a, b = start.to(tz), end.to(tz)
        return f"{a.format('MM-DD HH:mm')}-{b.format('HH:mm' if a.date() == b.date() else 'MM-DD HH:mm')}"

    async def _confirm(self, question: str) -> bool:
        t = self.screen.t
        return bool(await self.screen.app.push_screen_wait(
            ConfirmScreen(t("mt.confirm_title"), question, t("mt.confirm_keys"))))

    async def step(self, action: str) -> None:
        screen, t = self.screen, self.screen.t
        if screen.readonly:
            screen.say(t("msg.readonly"), ok=False)
            return
        m = self.selected_meeting()
        if m is None:
            screen.say(t("mt.select"), ok=False)
            return
        if m.status == "cancelled":
            screen.say(f"{self._name(m)}: {t('mt.cancelled')}", ok=False)
            return
        if action == "move":
            await self._move(m)
        else:
            await self._cancel(m)

    async def _move(self, m: MeetingRow) -> None:
        from dutyboard.store import meetings as M

        from .booking_when import parse_end, parse_start
        screen, t, ctx = self.screen, self.screen.t, self.screen.ctx
        first = await screen.ask(t("mt.new_start", name=self._name(m)),
                                 m.start.to(ctx.tz).format("MM-DD HH:mm"))
        if first is None:
            return
        start = parse_start(first, ctx.now(), ctx.tz)
        if start is None:
            screen.say(f"{t('mt.bad_time')}: {first}", ok=False)
            return
        second = await screen.ask(t("mt.new_end"))
        if second is None:
            return
        end = parse_end(second, start, ctx.now(), ctx.tz) if second.strip() else start + (m.end - m.start)
        if end is None:
            screen.say(f"{t('mt.bad_time')}: {second}", ok=False)
            return
        try:   # the store's checks before asking: a move the rules refuse is not confirmed
            problems = await asyncio.to_thread(self._move_problems, m.id, start, end)
        except Exception as exc:  # noqa: BLE001 - a read that failed: say why, write nothing
            screen.say(t("msg.why", what=t("msg.not_loaded"), why=failure_text(exc, t)), ok=False)
            return
        if problems:
            screen.say(refusal_text(Refused(problems[0].message, problems[0].rule), t), ok=False)
            screen.app.bell()
            return
        question = t("mt.confirm_move", name=self._name(m), old=self._span(m.start, m.end),
                     new=self._span(start, end))
        if not await self._confirm(question):
            screen.say(f"{self._name(m)}: {t('mt.dropped')}")
            return
        name, span = self._name(m), self._span(start, end)

        def run() -> str:
            M.move_meeting(ctx, m.id, start, end)
            return f"{t('mt.moved')}: {name} {span}"
        screen.write(run)

    def _move_problems(self, ident: int, start: arrow.Arrow, end: arrow.Arrow) -> list[Problem]:
        """In a thread: the store's move checks (``booking_check.move_problems``)."""
        from dutyboard.store.booking_check import Problem, move_problems
        ctx = self.screen.ctx
        try:
            meeting = Meeting.get_or_none(Meeting.id == ident)
            if meeting is None:
                return [Problem("start", "not_found", f"no meeting {ident}")]
            return move_problems(meeting, start, end, ctx.book, ctx.now())
        finally:
            ctx.db.close()

    async def _cancel(self, m: MeetingRow) -> None:
        from dutyboard.store import meetings as M
        screen, t, ctx = self.screen, self.screen.t, self.screen.ctx
        reason = await screen.ask(t("mt.reason", name=self._name(m)))
        if reason is None:
            return
        if not reason.strip():
            screen.say(t("mt.need_reason"), ok=False)
            return
        question = t("mt.confirm_cancel", name=self._name(m), old=self._span(m.start, m.end),
                     reason=reason.strip())
        if not await self._confirm(question):
            screen.say(f"{self._name(m)}: {t('mt.dropped')}")
            return
        name = self._name(m)

        def run() -> str:
            M.cancel_meeting(ctx, m.id, reason.strip())
            return f"{t('mt.cancel_done')}: {name}"
        screen.write(run)
