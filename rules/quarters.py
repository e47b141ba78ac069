"""Quarters of the oversight calendar (domain §5 "Oversight"): which months a quarterly
report covers and by when it is due (the 5th of the quarter's third month). Pure."""

from __future__ import annotations

import re
from datetime import date

_QUARTER = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)
DUE_DAY = 5  # the quarterly report is due by the 5th of the quarter's third month (篇4 ⒃)


def parse_quarter(text: str) -> tuple[int, int]:
    """``"2026-Q4"`` -> (2026, 4); ValueError naming the text otherwise."""
    match = _QUARTER.fullmatch(text.strip())
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"not a quarter: {text!r} (use YYYY-Qn, e.g. 2026-Q4)")
    return int(match.group(1)), int(match.group(2))


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_months(year: int, quarter: int) -> tuple[tuple[int, int], ...]:
    """The three (year, month) of the quarter, in order."""
    first = 3 * (quarter - 1) + 1
    return tuple((year, m) for m in range(first, first + 3))


def quarter_due(year: int, quarter: int) -> date:
    return date(year, 3 * quarter, DUE_DAY)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"
