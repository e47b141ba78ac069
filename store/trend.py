"""What the supervisor's sparkline shows (the board, for a desk supervisor or a manager): the
open-case backlog at the end of each of the last days, and this month's complaint rate so
far (the valid complaints ``reports.monthly_complaint_rate`` counts, over the local month
to date, counted in the database rather than read row by row).

Bounded by time, never by the site's history: the cases in hand now (through the partial
index of live tickets) and the cases closed since the first day (through ``closed_at``).
A case closed before the first day was closed at every instant counted. A case reopened
since counts as open from its registration (its earlier closing is not kept).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import arrow
import peewee as pw
from dutyboard.rules.facts import CLOSED
from dutyboard.rules.reports import below_target, complaint_rate, month_days

from .context import Context
from .models import Ticket
from .reports import valid_complaints
from .snapshot import TREND_ROLES as TREND_ROLES  # whose board shows it
from .tickets import tickets_in_hand
from .timeutil import to_db

DAYS = 14


@dataclass(frozen=True)
class Trend:
    days: tuple[datetime.date, ...]    # oldest first; the last is today
    open_cases: tuple[int, ...]         # open at the end of each day (today: now)
    month: str                          # YYYY-MM, the local month of today
    valid_complaints: int
    households: int
    rate: Fraction
    target: float
    below_target: bool


def trend(ctx: Context, days: int = DAYS) -> Trend:
    now = ctx.now()
    cal = ctx.book.calendar
    today = cal.today(now)
    dates = [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]
    first, _ = cal.day_bounds(dates[0])
    # the end of each past day (exclusive: midnight belongs to the next day); today, now and
    # what was registered at this very instant (a frozen clock registers at "now")
    instants = [to_db(cal.day_bounds(d)[1]) for d in dates[:-1]] + [to_db(now.shift(microseconds=1))]
    year, month = today.year, today.month
    households = ctx.book.households
    valid = valid_complaints(ctx, *month_days(year, month))
    rate = complaint_rate(valid, households)
    target = ctx.book.complaint_rate_target
    return Trend(tuple(dates), backlog(first, instants), f"{year:04d}-{month:02d}", valid,
                 households, rate, target, below_target(rate, target))


def backlog(first: arrow.Arrow, instants: list[datetime.datetime]) -> tuple[int, ...]:
    """Open at each instant (naive UTC, all after ``first``): registered before it and not
    closed by then. Counted in the database, one column per instant, over two bounded sets:
    the cases in hand now and the cases closed since ``first`` (by closing time alone: a
    condition on the state in SQL steers SQLite to the state index, every closed case there
    ever was; it is checked inside the count instead)."""
    def sums(query: Any, open_when: Any) -> list[int]:
        columns = [pw.fn.SUM(pw.Case(None, [(open_when(t), 1)], 0)) for t in instants]
        row = query.select(*columns).tuples().get() if instants else ()
        return [int(v or 0) for v in row]

    held = sums(tickets_in_hand(), lambda t: Ticket.opened_at < t)
    closed = sums(Ticket.select().where(Ticket.closed_at >= to_db(first)),
                  lambda t: (Ticket.state == CLOSED) & (Ticket.opened_at < t) & (Ticket.closed_at > t))
    return tuple(a + b for a, b in zip(held, closed, strict=True))
