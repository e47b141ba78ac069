"""The oversight reports (domain §5 "Oversight"), read-only, as data (the command line
renders them: ``dutyboard.tui.report_text``).

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

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

import arrow
import peewee as pw
from dutyboard.rules.facts import (
    CATEGORIES,
    CLOSED,
    DISPATCHED,
    INQUIRY,
    NATURES,
    OPEN,
    PRIORITIES,
    TICKET_KINDS,
)
from dutyboard.rules.reports import (
    below_target,
    complaint_rate,
    mean_duration,
    month_days,
    parse_month,
    previous_month,
    previous_week,
)
from dutyboard.rules.rulebook import DEPARTMENTS

from .context import Context
from .errors import UsageError
from .models import Person, Ticket
from .oversight import site_name
from .tickets import tickets_in_hand
from .timeutil import from_db, must, to_db

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
    stalled_at: arrow.Arrow | None = None   # open, set apart as unresolvable for now
    stall_reason: str = ""

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
    older_open: tuple[CaseRow, ...] = ()  # registered before the week, still open: reviewed again
    stalled: tuple[CaseRow, ...] = ()     # open but stalled (unresolvable for now), listed apart


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

def _opened_between(ctx: Context, first: date, last: date) -> pw.Expression:
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
        approved_by=logins.get(t.approved_by_id) if t.approved_by_id else None,
        stalled_at=from_db(t.stalled_at) if t.state in (OPEN, DISPATCHED) else None,
        stall_reason=t.stall_reason if t.state in (OPEN, DISPATCHED) else "")
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
        cases=tuple(r for r in registered if not r.unresolvable and r.stalled_at is None),
        unresolvable=tuple(unresolvable),
        older_open=tuple(_rows(tickets_in_hand().where(  # through the index of tickets in hand
            (Ticket.opened_at < to_db(lo)) & Ticket.stalled_at.is_null())
            .order_by(Ticket.opened_at, Ticket.id))),
        stalled=tuple(_rows(tickets_in_hand().where(
            Ticket.state.in_([OPEN, DISPATCHED]) & Ticket.stalled_at.is_null(False))
            .order_by(Ticket.stalled_at, Ticket.id))))


def valid_complaints(ctx: Context, first: date, last: date) -> int:
    """How many valid complaints were registered in the local days ``first``..``last``:
    the numerator of :func:`monthly_complaint_rate`, as one count (the board's sparkline)."""
    return Ticket.select().where(_opened_between(ctx, first, last) & (Ticket.kind == "complaint")
                                 & (Ticket.state != INQUIRY) & (Ticket.nature == "valid")).count()


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
