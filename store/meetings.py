"""Bookings: add, move, cancel, and the preparation tasks that follow them."""

from __future__ import annotations

import arrow
from dutyboard.rules import check_booking, derive_tasks
from dutyboard.rules.facts import PENDING
from dutyboard.rules.reschedule import moved_times, plan_task_moves

from .audit import snapshot
from .booking_check import (
    MeetingInput,
    find_venue,
    input_problems,
    moved_booking,
    new_meeting,
    other_slots,
)
from .context import Context, get_for_update
from .db import is_sqlite
from .errors import Refused, UsageError
from .facts import booking_of
from .models import Meeting, Task, Venue
from .timeutil import must, to_db

__all__ = ["MeetingInput", "add_meeting", "cancel_meeting", "find_venue", "move_meeting"]

MEETING_FIELDS = ("venue", "title", "organizer", "contact", "phone", "attendees", "services",
                  "approval_ref", "confidential", "start_at", "end_at", "status", "size", "layout",
                  "purchases")


def _lock_venue(ctx: Context, venue: Venue) -> None:
    """Serialise the bookings of one venue, so two sessions cannot both pass the overlap check
    and double-book it. SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL
    (READ COMMITTED) needs the venue's row lock, held until the transaction ends."""
    if not is_sqlite(ctx.db):
        list(Venue.select(Venue.id).where(Venue.id == venue.id).for_update())


def check_length(ctx: Context, start: arrow.Arrow, end: arrow.Arrow) -> None:
    """Bounded work: a booking longer than ``booking.max_duration`` (default 24 h) is refused
    before any task is derived, so a far ``--end`` cannot flood the site with refills."""
    limit = ctx.book.max_meeting
    if end - start > limit:
        hours = limit.total_seconds() / 3600
        raise Refused(f"[booking.max_duration] a meeting lasts at most {hours:g} h; "
                      f"{start.to(ctx.tz).format('YYYY-MM-DD HH:mm')} to "
                      f"{end.to(ctx.tz).format('YYYY-MM-DD HH:mm')} is longer", "booking.max_duration")


def add_meeting(ctx: Context, data: MeetingInput) -> Meeting:
    """Take a booking. The checks are ``store.booking_check``'s, the very ones the board's
    booking form shows while the clerk types; here the first problem refuses the booking."""
    for problem in input_problems(data, ctx.book):
        if problem.usage:
            raise UsageError(problem.message)
        raise Refused(problem.message, problem.rule, problem.hint)
    now = ctx.now()
    with ctx.write():
        person = ctx.require("meeting.add")
        venue = find_venue(data.venue)
        _lock_venue(ctx, venue)
        meeting = new_meeting(data, venue, person, now, ctx.book)
        booking = booking_of(meeting, venue)
        check_booking(booking, other_slots(venue, data.start, data.end, ctx.book), ctx.book, now)
        meeting.save()
        specs = derive_tasks(booking, ctx.book)
        Task.insert_many([
            {"meeting": meeting.id, "dept": s.dept, "code": s.code, "title": s.title,
             "title_zh": s.title_zh, "due_at": to_db(s.due), "earliest_at": to_db(s.earliest),
             "verify": s.verify, "state": PENDING, "short_notice": s.short_notice,
             "meeting_end_at": meeting.end_at}
            for s in specs]).execute()
        ctx.audit("meeting.add", "meeting", meeting.id, after=snapshot(meeting, MEETING_FIELDS),
                  note=f"{len(specs)} tasks")
    return meeting


def move_meeting(ctx: Context, meeting_id: int, start: arrow.Arrow,
                 end: arrow.Arrow | None = None) -> Meeting:
    """Move a booking; its pending tasks move with it, done and verified ones stay."""
    now = ctx.now()
    with ctx.write():
        ctx.require("meeting.move")
        meeting = get_for_update(ctx, Meeting, meeting_id, "meeting")
        if meeting.status == "cancelled":
            raise Refused(f"[meeting.cancelled] meeting {meeting_id} is cancelled", "meeting.cancelled")
        before = snapshot(meeting, MEETING_FIELDS)
        start, end = moved_times(must(meeting.start_at), must(meeting.end_at), start, end)
        check_length(ctx, start, end)
        venue = meeting.venue
        _lock_venue(ctx, venue)
        # notice counts from now: a move is a fresh request to the departments
        booking = moved_booking(meeting, start, end, now)
        check_booking(booking, other_slots(venue, start, end, ctx.book, meeting.id), ctx.book, now)
        meeting.start_at, meeting.end_at = to_db(start), to_db(end)
        meeting.version += 1
        meeting.save()
        tasks = list(Task.select().where(Task.meeting == meeting))
        pending = {t.id: t for t in tasks if t.state == PENDING}
        # the tasks follow from now too: what a move leaves no time for is due asap
        plan = plan_task_moves(derive_tasks(booking, ctx.book),
                               {i: t.code for i, t in pending.items()}, (t.code for t in tasks))
        for ident in plan.drop:
            pending[ident].delete_instance()
        for ident, spec in plan.retime.items():
            task = pending[ident]
            task.due_at, task.earliest_at = to_db(spec.due), to_db(spec.earliest)
            task.short_notice = spec.short_notice
            task.version += 1
            task.save()
        for spec in plan.add:
            Task.create(meeting=meeting, dept=spec.dept, code=spec.code, title=spec.title,
                        title_zh=spec.title_zh, due_at=to_db(spec.due),
                        earliest_at=to_db(spec.earliest), verify=spec.verify,
                        short_notice=spec.short_notice, meeting_end_at=meeting.end_at)
        # every task follows the meeting's end, done and verified ones too (board.py reads
        # the items awaiting verification by it)
        Task.update(meeting_end_at=meeting.end_at).where(Task.meeting == meeting).execute()
        ctx.audit("meeting.move", "meeting", meeting.id, before,
                  snapshot(meeting, MEETING_FIELDS), note=f"{len(plan.retime)} pending tasks moved")
    return meeting


def cancel_meeting(ctx: Context, meeting_id: int, reason: str = "") -> Meeting:
    with ctx.write():
        ctx.require("meeting.cancel")
        meeting = get_for_update(ctx, Meeting, meeting_id, "meeting")
        if meeting.status == "cancelled":
            raise Refused(f"[meeting.cancelled] meeting {meeting_id} is already cancelled",
                          "meeting.cancelled")
        before = snapshot(meeting, MEETING_FIELDS)
        meeting.status = "cancelled"
        meeting.version += 1
        meeting.save()
        ctx.audit("meeting.cancel", "meeting", meeting.id, before,
                  snapshot(meeting, MEETING_FIELDS), note=reason)
    return meeting


def meetings_between(start: arrow.Arrow, end: arrow.Arrow,
                     include_cancelled: bool = True) -> list[Meeting]:
    query = (Meeting.select(Meeting, Venue).join(Venue)
             .where((Meeting.start_at < to_db(end)) & (Meeting.end_at > to_db(start)))
             .order_by(Meeting.start_at, Venue.name))
    if not include_cancelled:
        query = query.where(Meeting.status == "booked")
    return list(query)
