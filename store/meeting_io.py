"""Bookings to and from CSV: ``meeting import FILE.csv`` and ``meeting export``.

One format both ways (its columns, encodings and cells are :mod:`store.meeting_csv`'s; README
"Import and export"). A file is imported all or nothing: every row is read and checked first
(a bad value names its row and column), then every booking goes through
:func:`meetings.add_meeting` (the same permission, rules and audit rows as ``meeting add``)
inside one transaction; any refused row rolls the whole file back, and every refused row is
named. Export writes what import reads, so a round trip keeps every field.

The format's public names are importable from here too, where the command line and the
tests take them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import arrow

from .context import Context
from .errors import DutyError, NotFound, Refused, UsageError
from .facts import MASK, mask_meeting
from .meeting_csv import (
    COLUMNS,
    MAX_FILE_BYTES,
    Column,
    ImportRefused,
    ParsedRow,
    RowError,
    cell_text,
    csv_text,
    decode,
    encode,
    input_fields,
    read_file,
)
from .meetings import add_meeting
from .models import Meeting, Person, Venue
from .timeutil import iso, must, to_db

__all__ = ["COLUMNS", "MAX_FILE_BYTES", "Column", "ImportRefused", "ParsedRow", "RowError",
           "csv_text", "decode", "encode", "export_meetings", "import_meetings", "input_fields",
           "read_file"]

# which column a refusal of add_meeting is about (the rule named in Refused.rule)
RULE_COLUMNS = {"booking.times": "end", "booking.max_duration": "end", "booking.past": "start",
                "booking.attendees": "attendees", "booking.capacity": "attendees",
                "booking.services": "services", "booking.overlap": "start",
                "booking.min_gap": "start", "booking.gap": "start"}


# -- importing -------------------------------------------------------------------------------

def import_meetings(ctx: Context, rows: Sequence[ParsedRow], source: str,
                    progress: Callable[[int], None] | None = None) -> list[Meeting]:
    """Book every row, all or nothing, in one transaction. Each row is booked by
    ``add_meeting`` (a savepoint of the file's transaction): the same permission, rules and
    audit row as ``meeting add``; then one ``meeting.import`` audit row lists the file and the
    bookings it made. Any refused row rolls back the whole file (ImportRefused names each)."""
    made: dict[int, int] = {}  # meeting id -> row
    errors: list[RowError] = []
    with ctx.write():
        ctx.require("meeting.add")
        for n, row in enumerate(rows, 1):
            secret = _masked_copy(row)
            if secret is not None:
                errors.append(secret)
            else:
                try:
                    meeting = add_meeting(ctx, row.data)
                except (Refused, NotFound, UsageError) as exc:
                    errors.append(_refusal(row, exc, made))
                else:
                    made[meeting.id] = row.row
            if progress is not None:
                progress(n)
        if errors:
            raise ImportRefused(source, errors)
        ids = sorted(made)
        ctx.audit("meeting.import", "meeting", None,
                  after={"file": source, "rows": len(rows), "meetings": ids},
                  note=f"{source}: {len(ids)} bookings")
    return list(Meeting.select(Meeting, Venue).join(Venue).where(Meeting.id.in_(ids))
                .order_by(Meeting.start_at, Meeting.id)) if ids else []


def _masked_copy(row: ParsedRow) -> RowError | None:
    """A row exported by someone not cleared carries the mask instead of the topic: booking
    it would put "(confidential)" on every notice. Refuse it, naming the column."""
    if not row.data.confidential:
        return None
    for name in ("title", "organizer", "contact", "phone", "approval_ref"):
        if getattr(row.data, name) == MASK:
            return RowError(row.row, row.headers.get(name, name),
                            f"{MASK!r} is what an export shows to someone not cleared for the "
                            "meeting; import a file exported by someone cleared", 3)
    return None


def _refusal(row: ParsedRow, exc: DutyError, made: dict[int, int]) -> RowError:
    rule = exc.rule if isinstance(exc, Refused) else ""
    if isinstance(exc, NotFound):
        column = "venue"
    elif rule.endswith(".approval"):
        column = "approval_ref"
    elif ".notice" in rule:
        column = "start"
    else:
        column = RULE_COLUMNS.get(rule, "")
    header = (row.headers.get(column) or next((c.name for c in COLUMNS if c.field == column), None)) \
        if column else None
    message = re.sub(r"meeting (\d+)",
                     lambda m: f"row {made[int(m[1])]} of this file" if int(m[1]) in made else m[0],
                     str(exc))
    return RowError(row.row, header, message, exc.exit_code)


# -- exporting -------------------------------------------------------------------------------

def _export_values(meeting: Meeting, tz: str) -> dict[str, Any]:
    """Every column's value of one booking, keyed by MeetingInput field."""
    return {
        "venue": meeting.venue.name, "start": iso(must(meeting.start_at), tz),
        "end": iso(must(meeting.end_at), tz), "title": meeting.title,
        "organizer": meeting.organizer, "contact": meeting.contact, "phone": meeting.phone,
        "attendees": meeting.attendees, "services": sorted(meeting.service_set),
        "purchases": sorted(p for p in meeting.purchases.split(",") if p),
        "layout": meeting.layout, "size": meeting.size, "approval_ref": meeting.approval_ref,
        "confidential": meeting.confidential,
    }


def export_meetings(lo: arrow.Arrow, hi: arrow.Arrow, tz: str, viewer: Person | None,
                    lang: str = "en") -> tuple[list[list[str]], int]:
    """(the header and one row per booking starting in [lo, hi), in start order; how many
    confidential bookings were masked for ``viewer``). Cancelled bookings are left out."""
    out = [[c.zh if lang == "zh" else c.name for c in COLUMNS]]
    masked = 0
    query = (Meeting.select(Meeting, Venue).join(Venue)
             .where((Meeting.start_at >= to_db(lo)) & (Meeting.start_at < to_db(hi))
                    & (Meeting.status == "booked"))
             .order_by(Meeting.start_at, Venue.name, Meeting.id))
    for meeting in query.iterator():
        values = _export_values(meeting, tz)
        shown = mask_meeting(values, meeting.confidential, viewer)
        masked += shown is not values
        out.append([cell_text(c, shown[c.field], lang) for c in COLUMNS])
    return out, masked
