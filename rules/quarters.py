"""Quarters of the oversight calendar (domain §5 "Oversight"): which months a quarterly
report covers and by when it is due (the 5th of the quarter's third month). Pure."""

from __future__ import annotations

import re
from datetime import date

from .booking import RuleViolation

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


HEAD, MANAGER = "head", "manager"


def check_quarter_sign(kind: str, over_target: tuple[str, ...], signed: frozenset[str],
                       comment: str, corrective: str) -> None:
    """The quarterly report is signed by the department head, then commented and signed by
    the project manager (篇4 ⒃); a quarter over the target needs a written analysis with
    corrective steps before the head signs (篇4 ⒄). RuleViolation otherwise."""
    if kind in signed:
        who = "department head" if kind == HEAD else "project manager"
        raise RuleViolation("quarterly.once", f"the {who} has already signed this quarter")
    if kind == HEAD:
        if over_target and not corrective.strip():
            raise RuleViolation("quarterly.corrective",
                                f"the complaint rate was over the target in {', '.join(over_target)}: "
                                "the quarter is signed only with a written analysis and corrective "
                                "steps", hint="--corrective TEXT")
        return
    if HEAD not in signed:
        raise RuleViolation("quarterly.order", "the department head signs the quarterly report "
                            "first; the project manager then comments and signs")
    if not comment.strip():
        raise RuleViolation("quarterly.comment", "the project manager signs with a comment",
                            hint="--comment TEXT")
