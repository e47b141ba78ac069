"""The service notice of one booking, read from the database and masked for the viewer
(``facts.mask_meeting``, the one masking function); ``rules.notice`` writes it out."""

from __future__ import annotations

from typing import Any

from dutyboard.rules.notice import FIELD_LABELS, Notice, NoticeDept, NoticeItem
from dutyboard.rules.rulebook import DEPARTMENTS, Rulebook

from .errors import NotFound
from .facts import CONFIDENTIAL_FIELDS, is_cleared, mask_meeting
from .models import Department, Meeting, Person, Task, Venue
from .timeutil import must


def _local(value: Any, tz: str) -> str:
    return must(value).to(tz).format("YYYY-MM-DD HH:mm")


def _fields(meeting: Meeting, venue: Venue, tz: str) -> dict[str, object]:
    """Every field of the booking the departments need, by the keys of ``FIELD_LABELS``."""
    booked_by = Person.get_or_none(Person.id == meeting.booked_by_id)
    building = f", {venue.building}" if venue.building else ""
    return {
        "id": meeting.id, "status": meeting.status,
        "venue": f"{venue.name} ({venue.venue_class}, {venue.kind}{building})",
        "start_at": _local(meeting.start_at, tz), "end_at": _local(meeting.end_at, tz),
        "title": meeting.title, "organizer": meeting.organizer, "contact": meeting.contact,
        "phone": meeting.phone, "attendees": meeting.attendees, "size": meeting.size,
        "layout": meeting.layout, "approval_ref": meeting.approval_ref,
        "confidential": meeting.confidential, "booked_at": _local(meeting.booked_at, tz),
        "booked_by": booked_by.login if booked_by is not None else "",
    }


def service_notice(meeting_id: int, book: Rulebook, viewer: Person | None) -> Notice:
    """The notice of meeting ``meeting_id`` as ``viewer`` may see it (NotFound if none).
    Each department's items come in due order; a department with nothing to do is listed
    too, so a notice always says every department was told."""
    meeting = Meeting.select(Meeting, Venue).join(Venue).where(Meeting.id == meeting_id).first()
    if meeting is None:
        raise NotFound(f"no meeting {meeting_id}")
    tz = book.tz
    fields = mask_meeting(_fields(meeting, meeting.venue, tz), meeting.confidential, viewer)
    ordered = [(k, fields[k]) for k in FIELD_LABELS if k in fields]
    ordered += [(k, v) for k, v in fields.items() if k not in FIELD_LABELS]
    items: dict[str, list[NoticeItem]] = {code: [] for code in DEPARTMENTS}
    for task in (Task.select().where(Task.meeting == meeting.id)
                 .order_by(Task.due_at, Task.dept, Task.code)):
        items.setdefault(task.dept, []).append(NoticeItem(
            due=_local(task.due_at, tz), title=task.title, title_zh=task.title_zh,
            short_notice=bool(task.short_notice), verify=bool(task.verify)))
    names = {d.code: d for d in Department.select()}
    depts = tuple(
        NoticeDept(code, names[code].name if code in names else code,
                   names[code].name_zh if code in names else code, tuple(rows))
        for code, rows in items.items())
    masked = meeting.confidential and not is_cleared(viewer) and any(
        fields.get(k) != getattr(meeting, k) for k in CONFIDENTIAL_FIELDS)
    return Notice(meeting_id=meeting.id, fields=tuple(ordered),
                  services=tuple(sorted(meeting.service_set)), departments=depts,
                  masked=bool(masked), cancelled=meeting.status == "cancelled")
