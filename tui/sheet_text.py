"""The desk's working sheets (``dutyboard.store.report_sheets``) as JSON objects, Markdown
and CSV: the bookings report to the administration office, a department's work sheet for a
day and a meeting's readiness sheet. Shared by the command line and the board (which shows
and saves the same text). Times print in the site's zone; the item titles in the language
asked for (the JSON carries both)."""

from __future__ import annotations

from typing import Any

from dutyboard.store.report_sheets import (
    BookingsReport,
    MeetingHead,
    ReadinessSheet,
    SheetItem,
    Worksheet,
)
from dutyboard.store.timeutil import iso

from .report_text import _csv, _local, _md_table


def _title(item: SheetItem, lang: str) -> str:
    return item.title_zh if lang == "zh" and item.title_zh else item.title


def _time(value: Any, tz: str) -> str:
    return value.to(tz).format("HH:mm") if value is not None else ""


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _meeting_dict(m: MeetingHead, tz: str) -> dict[str, Any]:
    return {"id": m.id, "venue": m.venue, "class": m.venue_class, "kind": m.kind,
            "start_at": iso(m.start, tz), "end_at": iso(m.end, tz), "title": m.title,
            "organizer": m.organizer, "contact": m.contact, "phone": m.phone,
            "attendees": m.attendees, "services": list(m.services),
            "approval_ref": m.approval_ref or None, "layout": m.layout,
            "confidential": m.confidential, "status": m.status}


def _item_dict(i: SheetItem, tz: str) -> dict[str, Any]:
    return {"id": i.id, "meeting_id": i.meeting_id, "meeting": i.meeting, "venue": i.venue,
            "dept": i.dept, "code": i.code, "title": i.title, "title_zh": i.title_zh,
            "due_at": iso(i.due, tz), "state": i.state, "verify": i.verify,
            "short_notice": i.short_notice, "done_by": i.done_by, "done_at": iso(i.done_at, tz),
            "verified_by": i.verified_by, "verified_at": iso(i.verified_at, tz)}


# -- bookings ------------------------------------------------------------------------

def bookings_dict(r: BookingsReport) -> dict[str, Any]:
    return {"report": "bookings", "site": r.site, "tz": r.tz, "as_of": iso(r.as_of, r.tz),
            "written_on": r.written_on.isoformat(), "start": r.first.isoformat(),
            "end": r.last.isoformat(), "working_days": r.days,
            "meetings": [_meeting_dict(m, r.tz) for m in r.meetings]}


def bookings_markdown(r: BookingsReport) -> str:
    tz = r.tz
    lines = [f"# Bookings {r.first.isoformat()} to {r.last.isoformat()}",
             "",
             f"{r.site}. For the administration office: the meetings of the next {r.days} "
             f"working day(s), local time ({tz}); as of {_local(r.as_of, tz)}.",
             ""]
    if r.meetings:
        lines += _md_table(
            ("id", "start", "end", "venue", "class", "topic", "organizer", "contact", "phone",
             "attendees", "services", "approval", "status"),
            ((m.id, _local(m.start, tz), _local(m.end, tz), m.venue, m.venue_class, m.title,
              m.organizer, m.contact, m.phone, m.attendees, ", ".join(m.services),
              m.approval_ref, m.status) for m in r.meetings), right=(0, 9))
    else:
        lines.append("No bookings.")
    return "\n".join(lines) + "\n"


BOOKINGS_CSV_COLUMNS = ("id", "start_at", "end_at", "venue", "class", "title", "organizer",
                        "contact", "phone", "attendees", "services", "approval_ref",
                        "confidential", "status")


def bookings_csv(r: BookingsReport) -> str:
    """One row per meeting."""
    return _csv([BOOKINGS_CSV_COLUMNS, *(
        (m.id, _local(m.start, r.tz), _local(m.end, r.tz), m.venue, m.venue_class, m.title,
         m.organizer, m.contact, m.phone, m.attendees, ",".join(m.services), m.approval_ref,
         _yes(m.confidential), m.status) for m in r.meetings)])


# -- a department's work sheet ----------------------------------------------------------

def worksheet_dict(r: Worksheet) -> dict[str, Any]:
    return {"report": "worksheet", "site": r.site, "tz": r.tz, "as_of": iso(r.as_of, r.tz),
            "dept": r.dept, "day": r.day.isoformat(),
            "items": [_item_dict(i, r.tz) for i in r.items]}


def worksheet_markdown(r: Worksheet, lang: str = "en") -> str:
    tz = r.tz
    lines = [f"# Work sheet {r.dept} {r.day.isoformat()}", "",
             f"{r.site}. Every item of department {r.dept} due on {r.day.isoformat()}, local "
             f"time ({tz}); states as of {_local(r.as_of, tz)}.", ""]
    if r.items:
        lines += _md_table(
            ("due", "id", "venue", "meeting", "item", "state", "reported by", "at",
             "verified by", "at"),
            ((_time(i.due, tz) + (" (short notice)" if i.short_notice else ""), i.id, i.venue,
              i.meeting, _title(i, lang), i.state, i.done_by, _time(i.done_at, tz),
              i.verified_by, _time(i.verified_at, tz)) for i in r.items), right=(1,))
    else:
        lines.append("No items due.")
    return "\n".join(lines) + "\n"


SHEET_CSV_COLUMNS = ("id", "meeting_id", "meeting", "venue", "dept", "code", "title", "due_at",
                     "state", "verify", "short_notice", "done_by", "done_at", "verified_by",
                     "verified_at")


def _item_rows(items: tuple[SheetItem, ...], tz: str, lang: str) -> list[tuple[Any, ...]]:
    return [(i.id, i.meeting_id, i.meeting, i.venue, i.dept, i.code, _title(i, lang),
             _local(i.due, tz), i.state, _yes(i.verify), _yes(i.short_notice), i.done_by or "",
             _local(i.done_at, tz), i.verified_by or "", _local(i.verified_at, tz)) for i in items]


def worksheet_csv(r: Worksheet, lang: str = "en") -> str:
    """One row per item."""
    return _csv([SHEET_CSV_COLUMNS, *_item_rows(r.items, r.tz, lang)])


# -- a meeting's readiness sheet -------------------------------------------------------

def readiness_dict(r: ReadinessSheet) -> dict[str, Any]:
    return {"report": "readiness", "site": r.site, "tz": r.tz, "as_of": iso(r.as_of, r.tz),
            "meeting": _meeting_dict(r.meeting, r.tz), "counts": r.counts,
            "items": [_item_dict(i, r.tz) for i in r.items]}


def readiness_markdown(r: ReadinessSheet, lang: str = "en") -> str:
    tz, m = r.tz, r.meeting
    c = r.counts
    lines = [f"# Readiness sheet: meeting {m.id}", "",
             f"{r.site}. {m.venue} ({m.venue_class}), {_local(m.start, tz)} to "
             f"{_local(m.end, tz)} ({tz}), {m.status}; as of {_local(r.as_of, tz)}.", "",
             *_md_table(("figure", "value"), (
                 ("topic", m.title), ("organizer", m.organizer), ("contact", m.contact),
                 ("attendees", m.attendees), ("items", c["items"]),
                 ("reported (done or verified)", c["reported"]), ("verified", c["verified"]),
                 ("reported, awaiting verification", c["awaiting_verify"]),
                 ("pending", c["pending"])), right=(1,)),
             "", "## Items", ""]
    if r.items:
        lines += _md_table(
            ("dept", "due", "id", "item", "state", "verify", "reported by", "reported at",
             "verified by", "verified at"),
            ((i.dept, _local(i.due, tz), i.id, _title(i, lang), i.state,
              "required" if i.verify else "-", i.done_by, _local(i.done_at, tz), i.verified_by,
              _local(i.verified_at, tz)) for i in r.items), right=(2,))
    else:
        lines.append("No items.")
    return "\n".join(lines) + "\n"


def readiness_csv(r: ReadinessSheet, lang: str = "en") -> str:
    """One row per item."""
    return _csv([SHEET_CSV_COLUMNS, *_item_rows(r.items, r.tz, lang)])
