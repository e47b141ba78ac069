"""What the supervisor's sparkline shows (the board, for a desk supervisor or a manager): the
open-case backlog at the end of each of the last days, and this month's complaint rate so
far (``reports.monthly_complaint_rate`` over the local month to date).

Bounded by time, never by the site's history: the cases in hand now (through the partial
index of live tickets) and the cases closed since the first day (through ``closed_at``).
A case closed before the first day was closed at every instant counted. A case reopened
since counts as open from its registration (its earlier closing is not kept).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import arrow
from dutyboard.rules.facts import CLOSED

from .context import Context
from .models import Ticket
from .reports import monthly_complaint_rate
from .tickets import in_hand
from .timeutil import from_db, must, to_db

DAYS = 14
TREND_ROLES = ("supervisor", "manager")


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


def open_at(cases: Iterable[tuple[arrow.Arrow, arrow.Arrow | None]],
            instants: Sequence[arrow.Arrow]) -> list[int]:
    """For each instant: the cases registered before it and not closed by then."""
    spans = list(cases)
    return [sum(1 for opened, closed in spans if opened < t and (closed is None or closed > t))
            for t in instants]


def trend(ctx: Context, days: int = DAYS) -> Trend:
    now = ctx.now()
    cal = ctx.book.calendar
    today = cal.today(now)
    dates = [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]
    first, _ = cal.day_bounds(dates[0])
    # the end of each past day (exclusive: midnight belongs to the next day); today, now and
    # what was registered at this very instant (a frozen clock registers at "now")
    instants = [cal.day_bounds(d)[1] for d in dates[:-1]] + [now.shift(microseconds=1)]
    held: Any = Ticket.select(Ticket.opened_at).where(in_hand()).tuples()
    # by closing time alone (the state is checked here: a condition on it in SQL steers
    # SQLite to the state index, every closed case there ever was)
    closed: Any = (Ticket.select(Ticket.opened_at, Ticket.closed_at, Ticket.state)
                   .where(Ticket.closed_at >= to_db(first)).tuples())
    cases: list[tuple[arrow.Arrow, arrow.Arrow | None]] = [(must(row[0]), None) for row in held]
    cases += [(must(row[0]), from_db(row[1])) for row in closed if row[2] == CLOSED]
    month = monthly_complaint_rate(ctx, month=f"{today.year:04d}-{today.month:02d}")
    return Trend(tuple(dates), tuple(open_at(cases, instants)), month.month, month.valid_complaints,
                 month.households, month.rate, month.target, month.below_target)
