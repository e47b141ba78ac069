"""The oversight reports (domain §5 "Oversight"), read-only, as data, Markdown and CSV.

* The **Monday summary** (``weekly_summary``) covers the seven local days Monday to
  Sunday of the week before the Monday on or before the given day. Its cases are those
  *registered* in those days (inquiries are only counted); closed / still open are as of
  the report's instant. Unresolvable cases are listed apart: those registered or closed
  in the week and closed as unresolvable.
* The **monthly complaint rate** (``monthly_complaint_rate``): valid complaints registered
  in the local month / households served (rulebook ``site.households``), against the
  rulebook's ``oversight.complaint_rate_target`` (below it is ok).

Days and months are the site's local calendar, never UTC: 23:30 on 31 October in
Shanghai is October although it is 15:30 UTC.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import arrow
from dutyboard.rules.durations import format_duration
from dutyboard.rules.facts import CATEGORIES, CLOSED, INQUIRY, NATURES, PRIORITIES, TICKET_KINDS
from dutyboard.rules.reports import (
    below_target,
    complaint_rate,
    mean_duration,
    month_days,
    parse_month,
    percent,
    previous_month,
    previous_week,
    whole_minutes,
)
from dutyboard.rules.rulebook import DEPARTMENTS

from .context import Context
from .errors import UsageError
from .models import Person, Ticket
from .oversight import site_name
from .timeutil import from_db, iso, must, to_db

UNDISPATCHED = "undispatched"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class CaseRow:
    id: int
    kind: str
    priority: str
    nature: str | None
    category: str | None
    dept: str | None
    state: str
    location: str
    content: str
    opened_at: arrow.Arrow
    closed_at: arrow.Arrow | None
    escalated: bool
    unresolvable: bool
    close_reason: str
    approved_by: str | None

    @property
    def time_to_close(self) -> timedelta | None:
        if self.closed_at is None or self.state != CLOSED:
            return None
        return self.closed_at.datetime - self.opened_at.datetime


@dataclass(frozen=True)
class WeeklySummary:
    site: str
    tz: str
    start: date            # Monday
    end: date              # Sunday
    as_of: arrow.Arrow
    registered: int
    by_kind: dict[str, int]
    by_priority: dict[str, int]
    by_dept: dict[str, int]
    closed: int
    still_open: int
    escalated: int
    emergencies: int
    inquiries: int
    average_to_close: timedelta | None
    cases: tuple[CaseRow, ...]          # registered in the week, unresolvable ones apart
    unresolvable: tuple[CaseRow, ...]


@dataclass(frozen=True)
class MonthlyRate:
    site: str
    tz: str
    month: str             # YYYY-MM
    start: date
    end: date
    as_of: arrow.Arrow
    households: int
    households_from: str   # "rulebook site.households" | "--households"
    valid_complaints: int
    rate: Fraction
    target: float
    below_target: bool
    complaints: int        # registered complaints of any nature
    by_nature: dict[str, int]
    by_category: dict[str, int]
    inquiries: int         # logged, not registered (any kind)
    valid_cases: tuple[CaseRow, ...]


# -- queries -----------------------------------------------------------------------

def _opened_between(ctx: Context, first: date, last: date):  # type: ignore[no-untyped-def]
    lo, _ = ctx.book.calendar.day_bounds(first)
    _, hi = ctx.book.calendar.day_bounds(last)
    return (Ticket.opened_at >= to_db(lo)) & (Ticket.opened_at < to_db(hi))


def _rows(query: Iterable[Ticket]) -> list[CaseRow]:
    logins = {p.id: p.login for p in Person.select(Person.id, Person.login)}
    return [CaseRow(
        id=t.id, kind=t.kind, priority=t.priority, nature=t.nature, category=t.category,
        dept=t.dept, state=t.state, location=t.location, content=t.content,
        opened_at=must(t.opened_at), closed_at=from_db(t.closed_at),
        escalated=t.escalated_at is not None, unresolvable=bool(t.unresolvable),
        close_reason=t.close_reason,
        approved_by=logins.get(t.approved_by_id) if t.approved_by_id else None)
        for t in query]


def _count(values: Iterable[str], order: Sequence[str], always: bool, extra: str) -> dict[str, int]:
    """Counts in ``order`` (zeros too when ``always``), unknown values under ``extra``, last."""
    counts = Counter(values)
    out = {k: counts[k] for k in order if always or counts[k]}
    rest = sum(n for k, n in counts.items() if k not in order)
    if rest:
        out[extra] = rest
    return out


def weekly_summary(ctx: Context, week_of: date | None = None) -> WeeklySummary:
    """The Monday summary of the week before the Monday on or before ``week_of``
    (default: the local today)."""
    as_of = ctx.now()
    start, end = previous_week(week_of or ctx.book.calendar.today(as_of))
    in_week = _opened_between(ctx, start, end)
    registered = _rows(Ticket.select().where(in_week & (Ticket.state != INQUIRY))
                       .order_by(Ticket.opened_at, Ticket.id))
    inquiries = Ticket.select().where(in_week & (Ticket.state == INQUIRY)).count()

    lo, _ = ctx.book.calendar.day_bounds(start)
    _, hi = ctx.book.calendar.day_bounds(end)
    closed_in_week = (Ticket.closed_at >= to_db(lo)) & (Ticket.closed_at < to_db(hi))
    # registered in the week (already read above) or closed in it (by closing time, through
    # an index): two bounded reads, never a scan of every closed case there ever was
    late = _rows(Ticket.select().where(closed_in_week & Ticket.unresolvable))  # closed: filtered below
    unresolvable = sorted({r.id: r for r in [*registered, *late]
                           if r.unresolvable and r.state == CLOSED}.values(),
                          key=lambda r: (r.closed_at or r.opened_at, r.id))

    closed = [r for r in registered if r.state == CLOSED]
    durations = [r.time_to_close for r in closed if not r.unresolvable and r.time_to_close]
    return WeeklySummary(
        site=site_name(), tz=ctx.tz, start=start, end=end, as_of=as_of,
        registered=len(registered),
        by_kind=_count((r.kind for r in registered), TICKET_KINDS, True, "other"),
        by_priority=_count((r.priority for r in registered), PRIORITIES, True, "other"),
        by_dept=_count((r.dept or UNDISPATCHED for r in registered), DEPARTMENTS, False,
                       UNDISPATCHED),
        closed=len(closed), still_open=len(registered) - len(closed),
        escalated=sum(r.escalated for r in registered),
        emergencies=sum(r.priority == "emergency" for r in registered),
        inquiries=inquiries, average_to_close=mean_duration(durations),
        cases=tuple(r for r in registered if not r.unresolvable),
        unresolvable=tuple(unresolvable))


def monthly_complaint_rate(ctx: Context, month: str | None = None,
                           households: int | None = None) -> MonthlyRate:
    """Valid complaints registered in the local ``month`` (YYYY-MM, default the previous
    month) / households (default the rulebook's ``site.households``)."""
    as_of = ctx.now()
    if month is None:
        year, mon = previous_month(ctx.book.calendar.today(as_of))
    else:
        try:
            year, mon = parse_month(month)
        except ValueError as exc:
            raise UsageError(f"--month: {exc}") from None
    if households is not None and households <= 0:
        raise UsageError(f"--households must be a positive number, not {households}")
    count = households if households is not None else ctx.book.households
    first, last = month_days(year, mon)
    in_month = _opened_between(ctx, first, last)
    complaints = _rows(Ticket.select().where(in_month & (Ticket.kind == "complaint")
                                             & (Ticket.state != INQUIRY))
                       .order_by(Ticket.opened_at, Ticket.id))
    valid = [r for r in complaints if r.nature == "valid"]
    rate = complaint_rate(len(valid), count)
    target = ctx.book.complaint_rate_target
    return MonthlyRate(
        site=site_name(), tz=ctx.tz, month=f"{year:04d}-{mon:02d}", start=first, end=last,
        as_of=as_of, households=count,
        households_from="--households" if households is not None else "rulebook site.households",
        valid_complaints=len(valid), rate=rate, target=target,
        below_target=below_target(rate, target), complaints=len(complaints),
        by_nature=_count((r.nature or UNCLASSIFIED for r in complaints), NATURES, True,
                         UNCLASSIFIED),
        by_category=_count((r.category or UNCLASSIFIED for r in complaints), CATEGORIES, False,
                           UNCLASSIFIED),
        inquiries=Ticket.select().where(in_month & (Ticket.state == INQUIRY)).count(),
        valid_cases=tuple(valid))


# -- shapes: JSON, Markdown, CSV ------------------------------------------------------

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
    return "\n".join(lines) + "\n"


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
    """One row per case: ``case`` rows (registered in the week), then ``unresolvable``."""
    def row(section: str, c: CaseRow) -> list[Any]:
        minutes = _minutes(c.time_to_close)
        return [section, c.id, _local(c.opened_at, r.tz), c.kind, c.priority, c.nature or "",
                c.category or "", c.dept or "", c.state, "yes" if c.escalated else "no",
                _local(c.closed_at, r.tz), "" if minutes is None else minutes, c.location,
                c.content, c.close_reason]
    return _csv([WEEKLY_CSV_COLUMNS, *(row("case", c) for c in r.cases),
                 *(row("unresolvable", c) for c in r.unresolvable)])


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
