"""``report shift``: the shift summary as Markdown (or one JSON object with ``--json``).

The store gathers it (``dutyboard.store.shift``); this module shapes it. Times print in the
site's zone."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dutyboard.store.names import SHIFTS

from . import inputs
from .output import emit, show_text

if TYPE_CHECKING:
    import arrow
    from dutyboard.store.context import Context
    from dutyboard.store.shift import CaseLine, NoteLine, ReadinessLine, ShiftReport

UNDISPATCHED = "undispatched"


def add_parser(report: Any) -> None:
    """Register ``report shift`` on ``report``'s subparsers."""
    rs = report.add_parser("shift", help="the shift summary: registered, resolved, escalated, "
                                         "emergencies, readiness, the handover note")
    window = rs.add_mutually_exclusive_group()
    window.add_argument("--since", help="ISO time the window starts (site zone; default the "
                                        "start of the shift in progress)")
    window.add_argument("--shift", choices=SHIFTS, help="the last day shift (work_start to "
                                                        "work_end) or night shift (work_end to work_start)")


def cmd_shift(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store.shift import shift_report
    since = inputs.instant(args.since, ctx.tz, "--since") if args.since else None
    report = shift_report(ctx, args.shift, since)
    if args.json:
        emit(args, shift_dict(report))
    else:
        show_text(shift_markdown(report))


def _local(value: arrow.Arrow | None, tz: str) -> str:
    return value.to(tz).format("YYYY-MM-DD HH:mm") if value is not None else ""


def _case(c: CaseLine, tz: str) -> dict[str, Any]:
    from dutyboard.store.timeutil import iso
    return {"id": c.id, "at": iso(c.at, tz), "priority": c.priority, "state": c.state,
            "dept": c.dept, "location": c.location, "content": c.content, "note": c.note}


def _item(r: ReadinessLine, tz: str) -> dict[str, Any]:
    from dutyboard.store.timeutil import iso
    return {"id": r.id, "due_at": iso(r.due_at, tz), "dept": r.dept, "venue": r.venue,
            "meeting_start": iso(r.start_at, tz), "item": r.title}


def _note(n: NoteLine, tz: str) -> dict[str, Any]:
    from dutyboard.store.timeutil import iso
    return {"id": n.id, "written_at": iso(n.written_at, tz), "by": n.writer, "text": n.text,
            "acknowledged_by": n.acked_by, "acknowledged_at": iso(n.acked_at, tz)}


def shift_dict(r: ShiftReport) -> dict[str, Any]:
    from dutyboard.store.timeutil import iso
    tz = r.tz
    return {
        "report": "shift", "site": r.site, "tz": tz, "shift": r.shift,
        "start": iso(r.start, tz), "end": iso(r.end, tz), "as_of": iso(r.as_of, tz),
        "registered": [_case(c, tz) for c in r.registered], "inquiries": r.inquiries,
        "resolved": [_case(c, tz) for c in r.resolved],
        "escalated": [_case(c, tz) for c in r.escalated],
        "emergencies": [{"id": e.id, "opened_at": iso(e.opened_at, tz), "state": e.state,
                         "location": e.location, "content": e.content,
                         "still_to_notify": list(e.still_to_notify)} for e in r.emergencies],
        "readiness_overdue": [_item(i, tz) for i in r.overdue],
        "readiness_unverified": [_item(i, tz) for i in r.unverified],
        "handover": [_note(n, tz) for n in r.notes],
        "handover_unacknowledged": [_note(n, tz) for n in r.pending_notes],
    }


def _section(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], none: str) -> list[str]:
    from dutyboard.tui.report_text import _md_table
    body = list(rows)
    return ["", f"## {title}", "", *(_md_table(header, body, right=(0,)) if body else [none])]


def _cases(title: str, cases: list[CaseLine], tz: str, when: str, note: str | None = None) -> list[str]:
    header = ("id", when, "priority", "state", "dept", "location", "content") + ((note,) if note else ())
    rows = ((c.id, _local(c.at, tz), c.priority, c.state, c.dept or UNDISPATCHED, c.location,
             c.content) + ((c.note,) if note else ()) for c in cases)
    return _section(title, header, rows, "None.")


def _notes(title: str, notes: list[NoteLine], tz: str, none: str) -> list[str]:
    lines = ["", f"## {title}", ""]
    if not notes:
        return [*lines, none]
    for n in notes:
        ack = (f"acknowledged by {n.acked_by} at {_local(n.acked_at, tz)}" if n.acked_by
               else "not yet acknowledged")
        lines += [f"### Note {n.id}, {_local(n.written_at, tz)}, by {n.writer} ({ack})", "",
                  *(f"> {line}" if line else ">" for line in n.text.splitlines()), ""]
    return lines[:-1]


def shift_markdown(r: ShiftReport) -> str:
    from dutyboard.tui.report_text import _md_table
    tz = r.tz
    name = {"day": "Day shift", "night": "Night shift"}.get(r.shift, "Shift")
    items = ("id", "due", "dept", "venue", "meeting", "item")
    lines = [
        f"# {name} summary {_local(r.start, tz)} to {_local(r.end, tz)}",
        "",
        f"{r.site}. Local time ({tz}). States, open emergencies and readiness are as of "
        f"{_local(r.as_of, tz)}.",
        "",
        *_md_table(("figure", "count"), (
            ("registered", len(r.registered)), ("inquiries logged (not registered)", r.inquiries),
            ("resolved", len(r.resolved)), ("escalated", len(r.escalated)),
            ("emergencies (in the shift or still open)", len(r.emergencies)),
            ("readiness overdue", len(r.overdue)), ("readiness unverified", len(r.unverified)),
            ("handover notes", len(r.notes))), right=(1,)),
        *_cases("Registered", r.registered, tz, "registered"),
        *_cases("Resolved", r.resolved, tz, "resolved", "result"),
        *_cases("Escalated", r.escalated, tz, "escalated", "why"),
        *_section("Emergencies", ("id", "registered", "state", "location", "content", "still to notify"),
                  ((e.id, _local(e.opened_at, tz), e.state, e.location, e.content,
                    ", ".join(e.still_to_notify) or "everyone notified") for e in r.emergencies),
                  "None."),
        *_section("Readiness overdue", items,
                  ((i.id, _local(i.due_at, tz), i.dept, i.venue, _local(i.start_at, tz), i.title)
                   for i in r.overdue), "None."),
        *_section("Readiness reported, not verified", items,
                  ((i.id, _local(i.due_at, tz), i.dept, i.venue, _local(i.start_at, tz), i.title)
                   for i in r.unverified), "None."),
        *_notes("Handover", r.notes, tz, "No handover note written in this shift."),
    ]
    if r.pending_notes:
        lines += _notes("Earlier handover notes not yet acknowledged", r.pending_notes, tz, "")
    return "\n".join(lines) + "\n"
