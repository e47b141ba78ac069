"""Rows to the plain facts the rules reason about."""

from __future__ import annotations

from dutyboard.rules import Booking, TaskFact, TicketFact

from .models import Meeting, Task, Ticket, Venue
from .timeutil import from_db, must

MASK = "(confidential)"


def booking_of(meeting: Meeting, venue: Venue) -> Booking:
    return Booking(
        venue=venue.name, venue_class=venue.venue_class, venue_kind=venue.kind,
        capacity=venue.capacity, start=must(meeting.start_at), end=must(meeting.end_at),
        attendees=meeting.attendees, booked_at=must(meeting.booked_at),
        services=meeting.service_set, approval_ref=meeting.approval_ref,
    )


def task_fact(task: Task, meeting: Meeting) -> TaskFact:
    return TaskFact(
        id=task.id, meeting_id=meeting.id, dept=task.dept, title=task.title,
        due=must(task.due_at), state=task.state, verify=task.verify,
        meeting_start=must(meeting.start_at), meeting_title=meeting.title,
        earliest=from_db(task.earliest_at), cancelled=meeting.status == "cancelled",
    )


def ticket_fact(t: Ticket, approver_role: str | None = None) -> TicketFact:
    follow = tuple(x for x in (from_db(t.follow_up_1_at), from_db(t.follow_up_2_at)) if x)
    approvals = ((str(t.approved_by_id), approver_role),) if t.approved_by_id and approver_role \
        else ()
    return TicketFact(
        id=t.id, kind=t.kind, priority=t.priority, state=t.state, opened_at=must(t.opened_at),
        location=t.location, dept=t.dept,
        dispatched_at=from_db(t.dispatched_at), clock_at=from_db(t.clock_at),
        follow_ups=follow, escalated_at=from_db(t.escalated_at),
        resolved_at=from_db(t.resolved_at), signed=t.signed, major=t.major,
        approvals=approvals, related_pending=bool(t.related_pending.strip()),
        notified=frozenset(r for r in t.notified.split(",") if r),
        follow_up_count=t.follow_up_count or 0, last_follow_up_at=from_db(t.last_follow_up_at),
        stalled_at=from_db(t.stalled_at), callback_at=from_db(t.callback_at),
        unresolvable=bool(t.unresolvable),
    )
