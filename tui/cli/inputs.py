"""Checks on what the user typed, before anything touches the database.

Every value the command line accepts is bounded: text is UTF-8 without NUL, numbers fit a
64-bit column, dates lie in 2000-2100. Anything else is a one-line usage error (exit 2).
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from dutyboard.rules.departments import department_choices, department_code
from dutyboard.store.errors import UsageError

from .escape import one_line

if TYPE_CHECKING:
    import arrow

INT64_MAX = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 2000, 2100


def bounded_int(lo: int, hi: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number in [lo, hi] (ids and counts fit a 64-bit column)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip()) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None:
            raise argparse.ArgumentTypeError(f"not a whole number: {text[:40]!r}")
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be {lo} to {hi}, not {value}")
        return value

    parse.__name__ = what  # argparse names the type in its messages
    return parse


ident = bounded_int(1, INT64_MAX, "an id")
count = bounded_int(0, INT64_MAX, "a count")
signed64 = bounded_int(-INT64_MAX - 1, INT64_MAX, "a number")
positive = bounded_int(1, INT64_MAX, "a positive number")


def department(text: str) -> str:
    """An argparse type: a department by its code or any name it is known by, in English
    or Chinese (``eng``, ``Eng``, ``engineering``, ``工程``, ``工程技术部``); its code."""
    code = department_code(text) if len(text) <= 40 else None
    if code is None:
        raise argparse.ArgumentTypeError(f"unknown department {text[:40]!r}; choose one of: "
                                         f"{department_choices()}")
    return code


def _in_range(year: int, option: str, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"{option}: {text!r} is outside {FIRST_YEAR}-{LAST_YEAR}")


def instant(text: str, tz: str, option: str) -> arrow.Arrow:
    """An ISO-8601 instant (site zone when no offset) within 2000-2100."""
    from dutyboard.rules.clock import parse_instant  # arrow: not for the parser's sake
    stripped = text.strip()
    try:
        parsed = datetime.datetime.fromisoformat(stripped)
    except ValueError:
        raise UsageError(f"{option}: not an ISO-8601 time: {text!r} "
                         "(use e.g. 2026-11-23T14:00 or 2026-11-23T14:00+08:00)") from None
    _in_range(parsed.year, option, text)
    try:
        value = parse_instant(stripped, tz)
    except (ValueError, OverflowError) as exc:
        raise UsageError(f"{option}: {one_line(str(exc))}") from None
    _in_range(value.year, option, text)
    return value


def day(text: str, option: str) -> datetime.date:
    """A calendar day YYYY-MM-DD within 2000-2100."""
    try:
        value = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: not a date: {text!r} (use YYYY-MM-DD)") from None
    _in_range(value.year, option, text)
    return value


def month(text: str, option: str) -> str:
    """A month YYYY-MM within 2000-2100 (returned as given, stripped)."""
    stripped = text.strip()
    try:
        value = datetime.datetime.strptime(stripped, "%Y-%m")
    except ValueError:
        raise UsageError(f"{option}: not a month: {text!r} (use YYYY-MM)") from None
    _in_range(value.year, option, text)
    return stripped
