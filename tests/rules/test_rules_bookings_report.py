"""The next two days' bookings to the administration office every working day before close of
business (000 §3.3B): the flag before and after the close, none on days off or once sent."""

from __future__ import annotations

import datetime

import pytest
from dutyboard.rules import load_rulebook, parse_instant
from dutyboard.rules.flags import bookings_report_flag
from dutyboard.rules.rulebook import Rulebook

MONDAY = datetime.date(2026, 11, 23)


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, "Asia/Shanghai")


@pytest.mark.parametrize(("now", "severity"), [
    ("2026-11-23 17:29", None),         # more than flags.due_soon (30m) before the close
    ("2026-11-23 17:30", "warn"),       # due soon
    ("2026-11-23 17:59", "warn"),
    ("2026-11-23 18:00", "alarm"),      # close of business: missed
    ("2026-11-25 09:00", "alarm"),      # and stays missed
])
def test_due_at_close_of_business_each_working_day(book: Rulebook, now: str, severity: str | None) -> None:
    flag = bookings_report_flag(MONDAY, False, book, at(now))
    assert (flag.severity if flag else None) == severity
    if flag is not None:
        assert (flag.kind, flag.subject, flag.dept) == ("bookings_report_due", "day:2026-11-23", "desk")
        assert flag.due_at == at("2026-11-23 18:00")
        assert "administration office" in flag.message and "18:00" in flag.message


def test_no_flag_once_sent(book: Rulebook) -> None:
    assert bookings_report_flag(MONDAY, True, book, at("2026-11-23 18:00")) is None


@pytest.mark.parametrize("day", [
    datetime.date(2026, 11, 21), datetime.date(2026, 11, 22),   # Saturday, Sunday
    datetime.date(2026, 10, 1), datetime.date(2026, 1, 2),      # National Day, a New Year holiday
])
def test_no_duty_on_a_day_off(book: Rulebook, day: datetime.date) -> None:
    assert bookings_report_flag(day, False, book, at("2026-12-31 23:00")) is None


def test_a_make_up_working_day_has_the_duty(book: Rulebook) -> None:
    flag = bookings_report_flag(datetime.date(2026, 2, 28), False, book, at("2026-02-28 18:00"))
    assert flag is not None and flag.severity == "alarm"


def test_the_close_follows_the_rulebook() -> None:
    book = load_rulebook(texts=(("site", '[calendar]\nwork_end = "17:00"\n'),))
    assert bookings_report_flag(MONDAY, False, book, at("2026-11-23 16:59")).severity == "warn"
    assert bookings_report_flag(MONDAY, False, book, at("2026-11-23 17:00")).severity == "alarm"
