"""The oversight reports as the command line prints them and the board shows and saves
them: JSON objects, Markdown and CSV.

The store computes the reports (``dutyboard.store.reports``) and returns data; this module
only shapes it. Times print in the site's zone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import arrow
from dutyboard.rules.durations import format_duration
from dutyboard.rules.reports import percent, whole_minutes
from dutyboard.store.reports import UNDISPATCHED, CaseRow, MonthlyRate, WeeklySummary
from dutyboard.store.timeutil import iso


def _local(value: arrow.Arrow | None, tz: str) -> str:
    return value.to(tz).format("YYYY-MM-DD HH:mm") if value is not None else ""


def _duration(value: timedelta | None) -> str:
    return format_duration(value) if value is not None else "-"


def _minutes(value: timedelta | None) -> int | None:
    return whole_minutes(value) if value is not None else None


def _case_dict(r: CaseRow, tz: str) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind, "priority": r.priority, "nature": r.nature,
            "category": r.category, "dept": r.dept, "state": r.state, "location": r.location,
            "content": r.content, "opened_at": iso(r.opened_at, tz), "closed_at": iso(r.closed_at, tz),
            "escalated": r.escalated, "minutes_to_close": _minutes(r.time_to_close),
            "unresolvable": r.unresolvable, "close_reason": r.close_reason,
            "approved_by": r.approved_by}


def weekly_dict(r: WeeklySummary) -> dict[str, Any]:
    return {
        "report": "weekly", "site": r.site, "tz": r.tz, "start": r.start.isoformat(),
        "end": r.end.isoformat(), "as_of": iso(r.as_of, r.tz), "registered": r.registered,
        "by_kind": r.by_kind, "by_priority": r.by_priority, "by_dept": r.by_dept,
        "closed": r.closed, "still_open": r.still_open, "escalated": r.escalated,
        "emergencies": r.emergencies, "inquiries": r.inquiries,
        "average_minutes_to_close": _minutes(r.average_to_close),
        "cases": [_case_dict(c, r.tz) for c in r.cases],
        "unresolvable": [_case_dict(c, r.tz) for c in r.unresolvable],
        "older_open": [_case_dict(c, r.tz) for c in r.older_open],
        "stalled": [_case_dict(c, r.tz) | {"stalled_at": iso(c.stalled_at, r.tz),
                                           "stall_reason": c.stall_reason} for c in r.stalled],
    }


def monthly_dict(r: MonthlyRate) -> dict[str, Any]:
    return {
        "report": "monthly", "site": r.site, "tz": r.tz, "month": r.month,
        "start": r.start.isoformat(), "end": r.end.isoformat(), "as_of": iso(r.as_of, r.tz),
        "valid_complaints": r.valid_complaints, "households": r.households,
        "households_from": r.households_from, "complaint_rate": float(r.rate),
        "complaint_rate_percent": percent(r.rate), "target": r.target,
        "target_percent": percent(r.target), "below_target": r.below_target,
        "complaints": r.complaints, "by_nature": r.by_nature, "by_category": r.by_category,
        "inquiries": r.inquiries, "valid_cases": [_case_dict(c, r.tz) for c in r.valid_cases],
    }


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|") or "-"


def _md_table(header: Sequence[str], rows: Iterable[Sequence[Any]], right: Sequence[int] = ()) -> list[str]:
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _counts_table(title: str, counts: dict[str, int]) -> list[str]:
    return _md_table((title, "count"), counts.items(), right=(1,)) if counts else [f"{title}: none"]


def weekly_markdown(r: WeeklySummary) -> str:
    tz = r.tz
    lines = [
        f"# Weekly case summary {r.start.isoformat()} to {r.end.isoformat()}",
        "",
        f"{r.site}. Cases registered Monday to Sunday, local time ({tz}); "
        f"states as of {_local(r.as_of, tz)}.",
        "",
        *_md_table(("figure", "count"), (
            ("registered", r.registered), ("closed", r.closed), ("still open", r.still_open),
            ("escalated", r.escalated), ("emergencies", r.emergencies),
            ("inquiries logged (not registered)", r.inquiries),
            ("unresolvable (listed apart)", len(r.unresolvable)),
            ("average time to close (h:mm)", _duration(r.average_to_close))), right=(1,)),
        "",
        *_counts_table("kind", r.by_kind),
        "",
        *_counts_table("priority", r.by_priority),
        "",
        *_counts_table("department", r.by_dept),
        "",
        "## Cases",
        "",
    ]
    if r.cases:
        lines += _md_table(
            ("id", "opened", "kind", "priority", "dept", "state", "escalated", "closed",
             "time to close", "location", "content"),
            ((c.id, _local(c.opened_at, tz), c.kind, c.priority, c.dept or UNDISPATCHED,
              c.state, "yes" if c.escalated else "no", _local(c.closed_at, tz),
              _duration(c.time_to_close), c.location, c.content) for c in r.cases), right=(0,))
    else:
        lines.append("No cases registered.")
    lines += ["", "## Unresolvable", ""]
    if r.unresolvable:
        lines += _md_table(
            ("id", "opened", "kind", "dept", "closed", "approved by", "location", "reason"),
            ((c.id, _local(c.opened_at, tz), c.kind, c.dept or UNDISPATCHED,
              _local(c.closed_at, tz), c.approved_by, c.location, c.close_reason)
             for c in r.unresolvable), right=(0,))
    else:
        lines.append("None.")
    return "\n".join(lines + _weekly_review(r)) + "\n"


def _weekly_review(r: WeeklySummary) -> list[str]:
    """Older cases still open (reviewed again every week until closed) and stalled ones."""
    tz = r.tz
    lines = ["", "## Older cases still open", ""]
    if r.older_open:
        lines += _md_table(
            ("id", "opened", "kind", "priority", "dept", "state", "escalated", "location", "content"),
            ((c.id, _local(c.opened_at, tz), c.kind, c.priority, c.dept or UNDISPATCHED, c.state,
              "yes" if c.escalated else "no", c.location, c.content) for c in r.older_open),
            right=(0,))
    else:
        lines.append("None.")
    lines += ["", "## Stalled (unresolvable for now, for the supervisor)", ""]
    if r.stalled:
        lines += _md_table(
            ("id", "opened", "kind", "dept", "stalled", "location", "reason"),
            ((c.id, _local(c.opened_at, tz), c.kind, c.dept or UNDISPATCHED,
              _local(c.stalled_at, tz), c.location, c.stall_reason) for c in r.stalled), right=(0,))
    else:
        lines.append("None.")
    return lines


def monthly_markdown(r: MonthlyRate) -> str:
    tz = r.tz
    verdict = "ok (below target)" if r.below_target else "NOT OK (at or above target)"
    lines = [
        f"# Complaint rate {r.month}",
        "",
        f"{r.site}. Valid complaints registered {r.start.isoformat()} to {r.end.isoformat()}, "
        f"local time ({tz}); as of {_local(r.as_of, tz)}.",
        "",
        *_md_table(("figure", "value"), (
            ("valid complaints", r.valid_complaints),
            (f"households ({r.households_from})", r.households),
            ("complaint rate", f"{percent(r.rate)} %"),
            ("target", f"below {percent(r.target)} %"),
            ("verdict", verdict),
            ("complaints registered", r.complaints),
            ("inquiries logged (not registered)", r.inquiries)), right=(1,)),
        "",
        *_counts_table("nature", r.by_nature),
        "",
        *_counts_table("category", r.by_category),
        "",
        "## Valid complaints",
        "",
    ]
    if r.valid_cases:
        lines += _md_table(
            ("id", "opened", "category", "dept", "state", "location", "content"),
            ((c.id, _local(c.opened_at, tz), c.category, c.dept or UNDISPATCHED, c.state,
              c.location, c.content) for c in r.valid_cases), right=(0,))
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


WEEKLY_CSV_COLUMNS = ("section", "id", "opened_at", "kind", "priority", "nature", "category",
                      "dept", "state", "escalated", "closed_at", "minutes_to_close", "location",
                      "content", "close_reason")


def _csv(rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def weekly_csv(r: WeeklySummary) -> str:
    """One row per case: ``case`` rows (registered in the week), then ``unresolvable``, then
    ``older_open`` (registered earlier, still open) and ``stalled`` (reason in close_reason)."""
    def row(section: str, c: CaseRow) -> list[Any]:
        minutes = _minutes(c.time_to_close)
        return [section, c.id, _local(c.opened_at, r.tz), c.kind, c.priority, c.nature or "",
                c.category or "", c.dept or "", c.state, "yes" if c.escalated else "no",
                _local(c.closed_at, r.tz), "" if minutes is None else minutes, c.location,
                c.content, c.close_reason]
    return _csv([WEEKLY_CSV_COLUMNS, *(row("case", c) for c in r.cases),
                 *(row("unresolvable", c) for c in r.unresolvable),
                 *(row("older_open", c) for c in r.older_open),
                 *(row("stalled", replace(c, close_reason=c.stall_reason)) for c in r.stalled)])


def monthly_csv(r: MonthlyRate) -> str:
    """One row per figure: ``metric,key,value`` (key only for the breakdowns)."""
    rows: list[Sequence[Any]] = [
        ("metric", "key", "value"), ("month", "", r.month),
        ("valid_complaints", "", r.valid_complaints), ("households", "", r.households),
        ("complaint_rate_percent", "", percent(r.rate)),
        ("target_percent", "", percent(r.target)),
        ("below_target", "", "yes" if r.below_target else "no"),
        ("complaints", "", r.complaints), ("inquiries", "", r.inquiries)]
    rows += [("by_nature", k, n) for k, n in r.by_nature.items()]
    rows += [("by_category", k, n) for k, n in r.by_category.items()]
    return _csv(rows)
