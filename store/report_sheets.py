"""The desk's working sheets (issue 12), read-only, as data; the front ends render them
(``dutyboard.tui.sheet_text``):

* the **bookings report** to the administration office: the meetings of the next working
  days (000 §3.3B, every working day before closing; days: ``rules.reports.bookings_days``);
* a **department's work sheet** for a local day: every readiness item of the department
  due that day, with its time and state;
* a **meeting's readiness sheet**: every item of one meeting, who reported it done and who
  verified it, and when.

A confidential meeting's topic, organizer, contact, phone and approval reference are masked
for viewers who are not cleared (``facts.mask_meeting``), as on every other surface. Every
read is bounded (issue 13): meetings by a start-time window (a booking lasts at most
``booking.max_duration``), items by their due time or by their meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import arrow
from dutyboard.rules.facts import TASK_STATES
from dutyboard.rules.reports import bookings_days, readiness_counts
from dutyboard.rules.rulebook import DEPARTMENTS

from .context import Context
from .errors import NotFound, UsageError
from .facts import mask_meeting
from .models import Meeting, Person, Task, Venue
from .names import MAX_BOOKING_DAYS  # the parser's too (store/names.py)
from .oversight import site_name
from .timeutil import from_db, must, to_db


@dataclass(frozen=True)
class MeetingHead:
    """A meeting as a sheet shows it, already masked for the viewer."""
    id: int
    venue: str
    venue_class: str
    kind: str
    start: arrow.Arrow
    end: arrow.Arrow
    title: str
    organizer: str
    contact: str
    phone: str
    attendees: int
    services: tuple[str, ...]
    approval_ref: str
    layout: str
    confidential: bool
    status: str


@dataclass(frozen=True)
class BookingsReport:
    site: str
    tz: str
    as_of: arrow.Arrow
    written_on: date       # the local day the report is written
    first: date            # tomorrow
    last: date             # the last working day covered
    days: int              # working days covered
    meetings: tuple[MeetingHead, ...]


@dataclass(frozen=True)
class SheetItem:
    id: int
    meeting_id: int
    meeting: str           # masked title
    venue: str
    dept: str
    code: str
    title: str
    title_zh: str
    due: arrow.Arrow
    state: str
    verify: bool           # needs the duty officer's (or the desk's) verification
    short_notice: bool
    done_by: str | None
    done_at: arrow.Arrow | None
    verified_by: str | None
    verified_at: arrow.Arrow | None


@dataclass(frozen=True)
class Worksheet:
    site: str
    tz: str
    as_of: arrow.Arrow
    dept: str
    day: date
    items: tuple[SheetItem, ...]


@dataclass(frozen=True)
class ReadinessSheet:
    site: str
    tz: str
    as_of: arrow.Arrow
    meeting: MeetingHead
    counts: dict[str, int]
    items: tuple[SheetItem, ...]


def _viewer(ctx: Context) -> Person | None:
    return Person.get_or_none(Person.login == ctx.login)


def _head(m: Meeting, viewer: Person | None) -> MeetingHead:
    venue: Venue = m.venue
    shown = mask_meeting({"title": m.title, "organizer": m.organizer, "contact": m.contact,
                          "phone": m.phone, "approval_ref": m.approval_ref or ""},
                         m.confidential, viewer)
    return MeetingHead(
        id=m.id, venue=venue.name, venue_class=venue.venue_class, kind=venue.kind,
        start=must(m.start_at), end=must(m.end_at), title=shown["title"],
        organizer=shown["organizer"], contact=shown["contact"], phone=shown["phone"],
        attendees=m.attendees, services=tuple(sorted(m.service_set)),
        approval_ref=shown["approval_ref"], layout=m.layout, confidential=bool(m.confidential),
        status=m.status)


def _logins() -> dict[int, str]:
    return {p.id: p.login for p in Person.select(Person.id, Person.login)}


def _item(t: Task, viewer: Person | None, logins: dict[int, str]) -> SheetItem:
    m: Meeting = t.meeting
    return SheetItem(
        id=t.id, meeting_id=m.id,
        meeting=str(mask_meeting({"title": m.title}, m.confidential, viewer)["title"]),
        venue=m.venue.name, dept=t.dept, code=t.code, title=t.title, title_zh=t.title_zh,
        due=must(t.due_at), state=t.state, verify=bool(t.verify), short_notice=bool(t.short_notice),
        done_by=logins.get(t.done_by_id) if t.done_by_id else None, done_at=from_db(t.done_at),
        verified_by=logins.get(t.verified_by_id) if t.verified_by_id else None,
        verified_at=from_db(t.verified_at))


def bookings_report(ctx: Context, days: int = 2) -> BookingsReport:
    """The meetings of the next ``days`` working days (and the days off between), booked or
    cancelled (the office hears of a cancellation too), in start order."""
    if not 1 <= days <= MAX_BOOKING_DAYS:
        raise UsageError(f"--days must be from 1 to {MAX_BOOKING_DAYS}, not {days}")
    as_of = ctx.now()
    cal = ctx.book.calendar
    today = cal.today(as_of)
    first, last = bookings_days(today, days, cal.next_working_day)
    lo, _ = cal.day_bounds(first)
    _, hi = cal.day_bounds(last)
    # a meeting overlapping the window started at most max_duration before it: both ends
    # of the start-time index are bounded, never a scan of every past booking
    earliest = lo - ctx.book.max_meeting
    query = (Meeting.select(Meeting, Venue).join(Venue)
             .where((Meeting.start_at >= to_db(earliest)) & (Meeting.start_at < to_db(hi))
                    & (Meeting.end_at > to_db(lo)))
             .order_by(Meeting.start_at, Venue.name, Meeting.id))
    viewer = _viewer(ctx)
    return BookingsReport(site=site_name(), tz=ctx.tz, as_of=as_of, written_on=today, first=first,
                          last=last, days=days, meetings=tuple(_head(m, viewer) for m in query))


def worksheet(ctx: Context, dept: str, day: date | None = None) -> Worksheet:
    """Every item of ``dept`` due on the local ``day`` (default today), in time order, of
    meetings not cancelled."""
    if dept not in DEPARTMENTS:
        raise UsageError(f"--dept must be one of {', '.join(DEPARTMENTS)}, not {dept!r}")
    as_of = ctx.now()
    day = day or ctx.book.calendar.today(as_of)
    lo, hi = ctx.book.calendar.day_bounds(day)
    query = (Task.select(Task, Meeting, Venue).join(Meeting).join(Venue)
             # every state named: the (dept, state, due_at) index is searched by the due
             # time in each state, not read for the department's whole history
             .where((Task.dept == dept) & Task.state.in_(TASK_STATES)
                    & (Task.due_at >= to_db(lo)) & (Task.due_at < to_db(hi))
                    & (Meeting.status == "booked"))
             .order_by(Task.due_at, Task.id))
    viewer, logins = _viewer(ctx), _logins()
    return Worksheet(site=site_name(), tz=ctx.tz, as_of=as_of, dept=dept, day=day,
                     items=tuple(_item(t, viewer, logins) for t in query))


def readiness_sheet(ctx: Context, meeting_id: int) -> ReadinessSheet:
    """Every item of one meeting, by department (the desk first, as the service notice
    lists them) and due time, with who reported and who verified it, and when."""
    meeting = (Meeting.select(Meeting, Venue).join(Venue).where(Meeting.id == meeting_id).first())
    if meeting is None:
        raise NotFound(f"no meeting {meeting_id}")
    viewer, logins = _viewer(ctx), _logins()
    rows = [_item(t, viewer, logins) for t in
            Task.select(Task, Meeting, Venue).join(Meeting).join(Venue)
            .where(Task.meeting == meeting_id).order_by(Task.due_at, Task.id)]
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    rows.sort(key=lambda r: (order.get(r.dept, len(order)), r.due, r.id))
    counts = readiness_counts([r.state for r in rows], [r.verify for r in rows])
    return ReadinessSheet(site=site_name(), tz=ctx.tz, as_of=ctx.now(),
                          meeting=_head(meeting, viewer), counts=counts, items=tuple(rows))
