"""Rows as plain dicts for the command line's JSON and the board: one shape everywhere.
A confidential meeting's topic, organizer, contact, phone and approval reference are masked
for viewers who are not cleared (``facts.mask_meeting``, the one masking function)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import arrow
from dutyboard.rules import Flag, Rulebook, next_step, task_flag, ticket_flags
from dutyboard.rules.preparation import default_size
from dutyboard.rules.tickets import callback_due

from .facts import is_cleared, mask_meeting, task_fact, ticket_fact
from .models import Audit, Meeting, Person, Task, Ticket, Venue
from .timeutil import from_db, iso, must


def cleared(viewer: Person | None) -> bool:
    return is_cleared(viewer)


def meeting_title(meeting: Meeting, viewer: Person | None) -> str:
    return str(mask_meeting({"title": meeting.title}, meeting.confidential, viewer)["title"])


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
        "verify": task.verify, "short_notice": task.short_notice, "flag": flag.kind if flag else None,
        "done_by": logins.get(task.done_by_id) if task.done_by_id else None,
        "done_at": iso(from_db(task.done_at), book.tz),
        "verified_by": logins.get(task.verified_by_id) if task.verified_by_id else None,
        "verified_at": iso(from_db(task.verified_at), book.tz), "version": task.version,
    }


def meeting_view(meeting: Meeting, book: Rulebook, viewer: Person | None) -> dict[str, Any]:
    venue: Venue = meeting.venue
    return mask_meeting({
        "id": meeting.id, "venue": venue.name, "class": venue.venue_class, "kind": venue.kind,
        "title": meeting.title, "organizer": meeting.organizer,
        "contact": meeting.contact, "phone": meeting.phone, "attendees": meeting.attendees,
        "services": sorted(meeting.service_set), "purchases": sorted(meeting.purchase_set),
        "layout": meeting.layout, "approval_ref": meeting.approval_ref,
        "confidential": meeting.confidential, "status": meeting.status,
        "size": meeting.size or default_size(meeting.attendees, venue.kind, book),
        "start_at": iso(must(meeting.start_at), book.tz), "end_at": iso(must(meeting.end_at), book.tz),
        "booked_at": iso(must(meeting.booked_at), book.tz),
        "fee_signed_by": meeting.fee_signed_by, "fee_consumables": meeting.fee_consumables,
        "fee_at": iso(from_db(meeting.fee_at), book.tz),
    }, meeting.confidential, viewer)


def audit_view(row: Audit, tz: str, viewer: Person | None,
               confidential_meetings: frozenset[int] | None = None) -> dict[str, Any]:
    """An audit row for the log's readers. A confidential meeting's snapshots are masked
    like the meeting itself (``confidential_meetings``: ids, looked up when not given)."""
    before = json.loads(row.before) if row.before else None
    after = json.loads(row.after) if row.after else None
    if row.entity == "meeting" and not is_cleared(viewer):
        if confidential_meetings is None:
            confidential_meetings = confidential_meeting_ids()
        secret = row.entity_id in confidential_meetings or any(
            snap and snap.get("confidential") for snap in (before, after))
        before = mask_meeting(before, secret, viewer) if before else before
        after = mask_meeting(after, secret, viewer) if after else after
    return {"id": row.id, "at": iso(must(row.at), tz), "actor": row.actor, "os_login": row.os_login,
            "clock_at": iso(from_db(row.clock_at), tz), "action": row.action,
            "entity": row.entity, "entity_id": row.entity_id, "before": before, "after": after,
            "note": row.note}


def confidential_meeting_ids() -> frozenset[int]:
    return frozenset(m.id for m in Meeting.select(Meeting.id).where(Meeting.confidential))


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
