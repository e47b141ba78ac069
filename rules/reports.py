"""Pure arithmetic of the oversight reports (domain §5 "Oversight"): which local days a
Monday summary covers, which month a monthly review covers, the complaint rate and its
target check, and how the numbers are written. No database, no screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def previous_week(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week before the Monday on or before ``day``: the week a
    Monday summary written on ``day`` covers."""
    monday = day - timedelta(days=day.weekday())
    start = monday - timedelta(days=7)
    return start, start + timedelta(days=6)


def parse_month(text: str) -> tuple[int, int]:
    """``"2026-10"`` -> (2026, 10); ValueError naming the text otherwise."""
    match = _MONTH.fullmatch(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise ValueError(f"not a month: {text!r} (use YYYY-MM, e.g. 2026-10)")
    return int(match.group(1)), int(match.group(2))


def previous_month(day: date) -> tuple[int, int]:
    """The month before the one ``day`` falls in (the project manager's review by the 5th)."""
    last = day.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def month_days(year: int, month: int) -> tuple[date, date]:
    """First and last local day of the month."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def complaint_rate(valid_complaints: int, households: int) -> Fraction:
    """Valid complaints in the month / households served, exactly."""
    if households <= 0:
        raise ValueError(f"households must be positive, not {households}")
    if valid_complaints < 0:
        raise ValueError(f"a count cannot be negative: {valid_complaints}")
    return Fraction(valid_complaints, households)


def below_target(rate: Fraction, target: float) -> bool:
    """The target is *below* 5 %: exactly 5 % misses it."""
    return rate < Fraction(str(target))


def percent(rate: Fraction | float, places: int = 2) -> str:
    """A rate as a percentage number, half-up to ``places``: 3/1200 -> ``"0.25"``."""
    value = Fraction(str(rate)) if isinstance(rate, float) else rate
    exact = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def mean_duration(durations: Sequence[timedelta]) -> timedelta | None:
    """The mean of some durations, to the second; None when there are none."""
    if not durations:
        return None
    total = sum((d for d in durations), timedelta(0))
    return timedelta(seconds=round(total.total_seconds() / len(durations)))


def whole_minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def bookings_days(today: date, days: int, next_working_day: Callable[[date], date]) -> tuple[date, date]:
    """The local days the desk's report to the administration office covers, written on
    ``today`` (000 §3.3B "the next two days' bookings", every working day before closing):
    from tomorrow through the ``days``-th working day after ``today``, with the days off in
    between. Written on a Friday with ``days=2``: Saturday to Tuesday, so Monday's meetings
    are not first reported on Monday."""
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    last = today
    for _ in range(days):
        last = next_working_day(last)
    return today + timedelta(days=1), last


def readiness_counts(states: Sequence[str], needs_verify: Sequence[bool]) -> dict[str, int]:
    """A meeting's readiness sheet in numbers: items, reported (done or verified), verified,
    and reported items that need verifying and are still waiting for it."""
    awaiting = sum(1 for s, v in zip(states, needs_verify, strict=True) if s == "done" and v)
    return {"items": len(states), "pending": sum(s == "pending" for s in states),
            "reported": sum(s != "pending" for s in states),
            "verified": sum(s == "verified" for s in states), "awaiting_verify": awaiting}
