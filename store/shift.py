"""The shift summary (``report shift``, issue 11): what the outgoing shift hands over.

The window ends at the report's instant and starts at:

* ``--since``: the given instant;
* ``--shift day``: the working day's start (``calendar.work_start``) of today, or of
  yesterday before today's has begun; the window ends at ``work_end`` if that has passed;
* ``--shift night``: the previous ``work_end`` up to ``work_start`` of today (the night just
  ended), or, before today's ``work_start``, the night still running;
* neither: the shift in progress (day between ``work_start`` and ``work_end``, otherwise
  night).

Shifts follow the clock, not the working calendar: the fire-control centre is staffed every
night and weekend. Every read is bounded by the window (tickets by registration time, their
events by time: index ``ticket_event_at`` of 0010) or by what is still in hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import arrow
from dutyboard.rules.facts import DONE, INQUIRY, PENDING

from .context import Context
from .errors import UsageError
from .handover import notes_between
from .models import Handover, Meeting, Person, Task, Ticket, TicketEvent, Venue
from .names import SHIFTS  # the parser's too (store/names.py)
from .oversight import site_name
from .tickets import tickets_in_hand
from .timeutil import must, to_db

READINESS_LOOKBACK_DAYS = 2  # as the flags: items of meetings that ended in the last two days


@dataclass(frozen=True)
class CaseLine:
    id: int
    at: arrow.Arrow         # when it happened in the window (registered, resolved, escalated)
    priority: str
    state: str
    dept: str | None
    location: str
    content: str
    note: str = ""          # the event's note (the result, why it was escalated)


@dataclass(frozen=True)
class EmergencyLine:
    id: int
    opened_at: arrow.Arrow
    state: str
    location: str
    content: str
    still_to_notify: tuple[str, ...]


@dataclass(frozen=True)
class ReadinessLine:
    id: int
    due_at: arrow.Arrow
    dept: str
    venue: str
    start_at: arrow.Arrow
    title: str


@dataclass(frozen=True)
class NoteLine:
    id: int
    written_at: arrow.Arrow
    writer: str
    text: str
    acked_by: str | None
    acked_at: arrow.Arrow | None


@dataclass(frozen=True)
class ShiftReport:
    site: str
    tz: str
    shift: str               # day, night, or "since"
    start: arrow.Arrow
    end: arrow.Arrow
    as_of: arrow.Arrow                 # the report's instant: states, readiness, emergencies
    registered: list[CaseLine]
    inquiries: int
    resolved: list[CaseLine]
    escalated: list[CaseLine]
    emergencies: list[EmergencyLine]   # registered in the window, or still in hand
    overdue: list[ReadinessLine]       # readiness items past due, not reported
    unverified: list[ReadinessLine]    # reported, awaiting verification
    notes: list[NoteLine]              # handover notes written in the window
    pending_notes: list[NoteLine]      # older notes nobody has acknowledged yet


def shift_window(ctx: Context, shift: str | None = None,
                 since: arrow.Arrow | None = None) -> tuple[str, arrow.Arrow, arrow.Arrow]:
    """(name, start, end) of the report's window; see the module's docstring."""
    now = ctx.now()
    if since is not None and shift is not None:
        raise UsageError("give --since or --shift, not both")
    if since is not None:
        if since >= now:
            raise UsageError(f"--since {since.to(ctx.tz).format('YYYY-MM-DDTHH:mm')} is not before "
                             f"the report's time {now.to(ctx.tz).format('YYYY-MM-DDTHH:mm')}")
        return "since", since, now
    if shift is not None and shift not in SHIFTS:
        raise UsageError(f"--shift: {shift!r}; shifts are {', '.join(SHIFTS)}")
    cal = ctx.book.calendar
    today = cal.today(now)
    yesterday = today - datetime.timedelta(days=1)
    day_start, day_end = cal.at(today, cal.work_start), cal.at(today, cal.work_end)
    if shift is None:
        shift = "day" if day_start <= now < day_end else "night"
        if shift == "day":
            return shift, day_start, now
        return shift, (day_end if now >= day_end else cal.at(yesterday, cal.work_end)), now
    if shift == "day":
        if now < day_start:
            day_start, day_end = cal.at(yesterday, cal.work_start), cal.at(yesterday, cal.work_end)
        return shift, day_start, min(day_end, now)
    if now < day_start:
        return shift, cal.at(yesterday, cal.work_end), now
    return shift, cal.at(yesterday, cal.work_end), day_start


def shift_report(ctx: Context, shift: str | None = None, since: arrow.Arrow | None = None) -> ShiftReport:
    name, start, end = shift_window(ctx, shift, since)
    # half-open [start, end), but a window ending now holds what happened at this instant
    until = end.shift(microseconds=1) if end == ctx.now() else end
    window = (Ticket.opened_at >= to_db(start)) & (Ticket.opened_at < to_db(until))
    opened = list(Ticket.select().where(window).order_by(Ticket.opened_at, Ticket.id))
    registered = [_case(t, t.opened_at) for t in opened if t.state != INQUIRY]
    inquiries = sum(1 for t in opened if t.state == INQUIRY)
    resolved = _events(start, until, "resolve")
    escalated = _events(start, until, "escalate")
    roles = ctx.book.notify_emergency
    emergencies = {t.id: t for t in opened if t.priority == "emergency" and t.state != INQUIRY}
    for t in tickets_in_hand().where(Ticket.priority == "emergency"):
        emergencies.setdefault(t.id, t)
    emergency_lines = [EmergencyLine(t.id, must(t.opened_at), t.state, t.location, t.content,
                                     tuple(r for r in roles if r not in t.notified.split(",")))
                       for t in sorted(emergencies.values(), key=lambda t: (t.opened_at, t.id))]
    overdue, unverified = _readiness(ctx, ctx.now())
    notes = [_note(n) for n in notes_between(start, until)]
    written = {n.id for n in notes}
    pending = [_note(n) for n in _unacknowledged() if n.id not in written]
    return ShiftReport(site_name(), ctx.tz, name, start, end, ctx.now(), registered, inquiries, resolved,
                       escalated, emergency_lines, overdue, unverified, notes, pending)


def _case(t: Ticket, at: datetime.datetime, note: str = "") -> CaseLine:
    return CaseLine(t.id, must(at), t.priority, t.state, t.dept, t.location, t.content, note)


def _events(start: arrow.Arrow, end: arrow.Arrow, kind: str) -> list[CaseLine]:
    """Tickets with a ``kind`` event in the window (the last one of each), by time."""
    rows = (TicketEvent.select(TicketEvent, Ticket).join(Ticket)
            .where((TicketEvent.at >= to_db(start)) & (TicketEvent.at < to_db(end))
                   & (TicketEvent.kind == kind))
            .order_by(TicketEvent.at, TicketEvent.id))
    last = {e.ticket_id: e for e in rows}
    return [_case(e.ticket, e.at, e.note) for e in last.values()]


def _readiness(ctx: Context, end: arrow.Arrow) -> tuple[list[ReadinessLine], list[ReadinessLine]]:
    since = end.shift(days=-READINESS_LOOKBACK_DAYS)
    live = (Meeting.status == "booked") & (Meeting.end_at >= to_db(since))
    rows = (Task.select(Task, Meeting, Venue).join(Meeting).join(Venue)
            .where(Task.meeting.in_(Meeting.select(Meeting.id).where(live)) & live
                   & (((Task.state == PENDING) & (Task.due_at <= to_db(end)))
                      | ((Task.state == DONE) & Task.verify)))
            .order_by(Task.due_at, Task.id))
    overdue: list[ReadinessLine] = []
    unverified: list[ReadinessLine] = []
    for t in rows:  # in English, as the other reports
        line = ReadinessLine(t.id, must(t.due_at), t.dept, t.meeting.venue.name,
                             must(t.meeting.start_at), t.title)
        (overdue if t.state == PENDING else unverified).append(line)
    return overdue, unverified


def _unacknowledged() -> list[Handover]:
    return list(Handover.select(Handover, Person).join(Person, on=Handover.written_by)
                .where(Handover.acked_at.is_null()).order_by(Handover.written_at, Handover.id))


def _note(n: Handover) -> NoteLine:
    acked = Person.get_by_id(n.acked_by_id).login if n.acked_by_id else None
    return NoteLine(n.id, must(n.written_at), n.written_by.login, n.text, acked,
                    must(n.acked_at) if n.acked_at else None)
