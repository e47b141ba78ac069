"""Rows as plain dicts for the command line's JSON and the board: one shape everywhere.
Confidential topics and organizers are masked for viewers who are not cleared."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import arrow
from dutyboard.rules import Flag, Rulebook, next_step, task_flag, ticket_flags
from dutyboard.rules.tickets import callback_due

from .facts import MASK, task_fact, ticket_fact
from .models import Meeting, Person, Task, Ticket, Venue
from .timeutil import from_db, iso, must


def cleared(viewer: Person | None) -> bool:
    return bool(viewer and (viewer.cleared or viewer.role == "manager"))


def meeting_title(meeting: Meeting, viewer: Person | None) -> str:
    return MASK if meeting.confidential and not cleared(viewer) else meeting.title


def task_view(task: Task, book: Rulebook, now: arrow.Arrow, viewer: Person | None,
              logins: dict[int, str] | None = None) -> dict[str, Any]:
    meeting = task.meeting
    flag = task_flag(task_fact(task, meeting), book, now)
    logins = logins or {}
    return {
        "id": task.id, "meeting_id": meeting.id, "meeting": meeting_title(meeting, viewer),
        "venue": meeting.venue.name, "dept": task.dept, "code": task.code, "title": task.title,
        "title_zh": task.title_zh, "due_at": iso(must(task.due_at), book.tz),
        "earliest_at": iso(must(task.earliest_at), book.tz), "state": task.state,
        "verify": task.verify, "flag": flag.kind if flag else None,
        "done_by": logins.get(task.done_by_id) if task.done_by_id else None,
        "done_at": iso(from_db(task.done_at), book.tz),
        "verified_by": logins.get(task.verified_by_id) if task.verified_by_id else None,
        "verified_at": iso(from_db(task.verified_at), book.tz), "version": task.version,
    }


def meeting_view(meeting: Meeting, book: Rulebook, viewer: Person | None) -> dict[str, Any]:
    venue: Venue = meeting.venue
    hidden = meeting.confidential and not cleared(viewer)
    return {
        "id": meeting.id, "venue": venue.name, "class": venue.venue_class, "kind": venue.kind,
        "title": MASK if hidden else meeting.title,
        "organizer": MASK if hidden else meeting.organizer,
        "contact": meeting.contact, "phone": meeting.phone, "attendees": meeting.attendees,
        "services": sorted(meeting.service_set), "approval_ref": meeting.approval_ref,
        "confidential": meeting.confidential, "status": meeting.status,
        "start_at": iso(must(meeting.start_at), book.tz), "end_at": iso(must(meeting.end_at), book.tz),
        "booked_at": iso(must(meeting.booked_at), book.tz),
    }


def ticket_view(t: Ticket, book: Rulebook, now: arrow.Arrow,
                approver_role: str | None = None) -> dict[str, Any]:
    fact = ticket_fact(t, approver_role)
    step = next_step(fact, book)
    return {
        "id": t.id, "kind": t.kind, "channel": t.channel, "state": t.state,
        "priority": t.priority, "major": t.major, "location": t.location, "contact": t.contact,
        "phone": t.phone, "content": t.content, "nature": t.nature, "category": t.category,
        "dept": t.dept, "opened_at": iso(must(t.opened_at), book.tz),
        "age_minutes": int((now - must(t.opened_at)).total_seconds() // 60),
        "next_step": step.label() if step else None,
        "next_due_at": iso(step.due, book.tz) if step else None,
        "escalated_at": iso(from_db(t.escalated_at), book.tz),
        "resolved_at": iso(from_db(t.resolved_at), book.tz), "result": t.result,
        "signed": t.signed, "closed_at": iso(from_db(t.closed_at), book.tz),
        "unresolvable": t.unresolvable, "close_reason": t.close_reason,
        "related_to": t.related_to_id, "related_pending": t.related_pending,
        "notified": [r for r in t.notified.split(",") if r],
        "flags": [f.kind for f in ticket_flags(fact, book, now)],
        "stalled": fact.stalled_at is not None and t.state in ("open", "dispatched"),
        "stalled_at": iso(from_db(t.stalled_at), book.tz), "stall_reason": t.stall_reason,
        "callback": _callback(t, book.tz),
        "callback_due_at": iso(callback_due(fact, book), book.tz),
        "charge": None if t.charge is None else f"{Decimal(t.charge):.2f}",  # payment notice
    }


def _callback(t: Ticket, tz: str) -> dict[str, Any] | None:
    """The callback (回访) as ``ticket show`` carries it; None until the requester was called."""
    if t.callback_at is None:
        return None
    return {"at": iso(from_db(t.callback_at), tz), "satisfied": t.callback_satisfied,
            "manner": t.callback_manner, "note": t.callback_note}


def flag_view(flag: Flag, book: Rulebook) -> dict[str, Any]:
    return {"id": flag.subject, "kind": flag.kind, "severity": flag.severity,
            "subject": flag.subject, "due_at": iso(flag.due_at, book.tz),
            "message": flag.message, "dept": flag.dept}
