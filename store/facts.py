"""Rows to the plain facts the rules reason about."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import peewee as pw
from dutyboard.rules import Booking, TaskFact, TicketFact

from .models import Meeting, Task, Ticket, Venue
from .timeutil import Instants, from_db, must

MASK = "(confidential)"
# What a viewer who is not cleared never sees of a confidential meeting, on any surface.
CONFIDENTIAL_FIELDS = ("title", "organizer", "contact", "phone", "approval_ref", "fee_signed_by")


def is_cleared(viewer: Any) -> bool:
    """May this person (a Person row, or None for a login that is not a user) see
    confidential meetings? The manager always may."""
    return bool(viewer is not None and (viewer.cleared or viewer.role == "manager"))


def mask_meeting(fields: dict[str, Any], confidential: bool, viewer: Any) -> dict[str, Any]:
    """The one masking function: ``fields`` of a meeting (a view, or a snapshot in the audit
    log) with the topic, organizer, contact, phone and approval reference masked when the
    meeting is confidential and the viewer is not cleared. Empty values stay empty."""
    if not confidential or is_cleared(viewer):
        return fields
    return {k: MASK if k in CONFIDENTIAL_FIELDS and v not in (None, "") else v
            for k, v in fields.items()}


def booking_of(meeting: Meeting, venue: Venue) -> Booking:
    return Booking(
        venue=venue.name, venue_class=venue.venue_class, venue_kind=venue.kind,
        capacity=venue.capacity, start=must(meeting.start_at), end=must(meeting.end_at),
        attendees=meeting.attendees, booked_at=must(meeting.booked_at),
        services=meeting.service_set, approval_ref=meeting.approval_ref, size=meeting.size,
        purchases=meeting.purchase_set,
    )


def task_fact(task: Task, meeting: Meeting) -> TaskFact:
    return TaskFact(
        id=task.id, meeting_id=meeting.id, dept=task.dept, title=task.title,
        due=must(task.due_at), state=task.state, verify=task.verify,
        meeting_start=must(meeting.start_at), meeting_title=meeting.title,
        earliest=from_db(task.earliest_at), cancelled=meeting.status == "cancelled",
        short_notice=task.short_notice,
    )


# The columns :func:`task_facts` reads, in its order.
TASK_FACT_COLUMNS = (Task.id, Task.dept, Task.title, Task.due_at, Task.state, Task.verify,
                     Task.earliest_at, Task.short_notice, Meeting.id, Meeting.start_at,
                     Meeting.title, Meeting.status)


def task_facts(query: pw.ModelSelect[Task]) -> list[TaskFact]:
    """:func:`iter_task_facts` as a list."""
    return list(iter_task_facts(query))


def iter_task_facts(query: pw.ModelSelect[Task]) -> Iterator[TaskFact]:
    """:func:`task_fact` of every row of ``query`` (tasks joined to their meetings, selecting
    ``TASK_FACT_COLUMNS``). For reads of thousands of tasks (the flags): the rows come as the
    driver hands them, with no Task and Meeting model per row nor Peewee's conversions
    (SQLite's timestamps are text, which ``from_db`` parses itself, its booleans 0/1), and
    each distinct timestamp is converted once: the items of a day share a few hundred due
    and start times (Arrow is immutable, so the facts may share one)."""
    at = Instants()   # at[value]: the Arrow, None for None
    for (ident, dept, title, due_at, state, verify, earliest_at, short_notice,
         meeting_id, start_at, meeting_title, status) in query.model._meta.database.execute(query):
        due, start = at[due_at], at[start_at]
        assert due is not None and start is not None
        yield TaskFact(
            id=ident, meeting_id=meeting_id, dept=dept, title=title, due=due, state=state,
            verify=bool(verify), meeting_start=start, meeting_title=meeting_title,
            earliest=at[earliest_at], cancelled=status == "cancelled",
            short_notice=bool(short_notice))


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
