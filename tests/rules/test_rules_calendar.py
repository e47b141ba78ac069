"""The working calendar: Asia/Shanghai, 08:30-17:30, weekends and holidays (domain §2, §5)."""

from datetime import date, time, timedelta

import pytest
from dutyboard.rules import WorkCalendar, parse_instant
from dutyboard.rules.rulebook import Rulebook


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, "Asia/Shanghai")


def local(instant) -> str:  # noqa: ANN001
    return instant.to("Asia/Shanghai").format("YYYY-MM-DD HH:mm")


def test_default_calendar(book: Rulebook) -> None:
    cal = book.calendar
    assert cal.tz == "Asia/Shanghai"
    assert (cal.work_start, cal.work_end) == (time(8, 30), time(17, 30))
    assert cal.weekend == frozenset({6, 7})
    assert cal.working_day_length() == timedelta(hours=9)
    assert date(2027, 1, 1) in cal.holidays


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 11, 23), True),    # Monday
    (date(2026, 11, 20), True),    # Friday
    (date(2026, 11, 21), False),   # Saturday
    (date(2026, 11, 22), False),   # Sunday
    (date(2027, 1, 1), False),     # New Year, a listed holiday (a Friday)
    (date(2026, 10, 1), False),    # National Day
])
def test_is_working_day(book: Rulebook, day: date, working: bool) -> None:
    assert book.calendar.is_working_day(day) is working


def test_extra_workday_counts_as_working() -> None:
    cal = WorkCalendar(extra_workdays=frozenset({date(2026, 11, 21)}))
    assert cal.is_working_day(date(2026, 11, 21))


def test_today_is_the_local_day_not_utc(book: Rulebook) -> None:
    # 00:30 in Shanghai is 16:30 UTC the day before
    assert book.calendar.today(at("2026-11-23 00:30")) == date(2026, 11, 23)
    assert book.calendar.today(at("2026-11-22 23:59")) == date(2026, 11, 22)


@pytest.mark.parametrize(("instant", "eod"), [
    ("2026-11-23 07:00", "2026-11-23 17:30"),   # before opening: today's close
    ("2026-11-23 12:00", "2026-11-23 17:30"),
    ("2026-11-23 17:30", "2026-11-23 17:30"),   # exactly at close: still today
    ("2026-11-23 17:31", "2026-11-24 17:30"),   # after close: next working day
    ("2026-11-20 18:00", "2026-11-23 17:30"),   # Friday evening -> Monday
    ("2026-11-21 10:00", "2026-11-23 17:30"),   # Saturday -> Monday
    ("2026-12-31 18:00", "2027-01-04 17:30"),   # Thursday evening, Friday holiday -> Monday
])
def test_end_of_working_day(book: Rulebook, instant: str, eod: str) -> None:
    assert local(book.calendar.end_of_working_day(at(instant))) == eod


@pytest.mark.parametrize(("meeting", "eve"), [
    ("2026-11-24 14:00", "2026-11-23 17:30"),   # Tuesday -> Monday
    ("2026-11-23 09:00", "2026-11-20 17:30"),   # Monday -> Friday
    ("2027-01-04 09:00", "2026-12-31 17:30"),   # Monday after a Friday holiday -> Thursday
    ("2026-10-08 09:00", "2026-09-30 17:30"),   # after the National Day week
    ("2026-11-24 00:15", "2026-11-23 17:30"),   # just after local midnight (UTC still Monday)
])
def test_eve(book: Rulebook, meeting: str, eve: str) -> None:
    assert local(book.calendar.eve(at(meeting))) == eve


@pytest.mark.parametrize(("start", "end", "hours"), [
    ("2026-11-23 08:30", "2026-11-23 17:30", 9),
    ("2026-11-23 07:00", "2026-11-23 09:00", 0.5),       # before opening does not count
    ("2026-11-23 17:00", "2026-11-24 09:00", 1),         # evening and night do not count
    ("2026-11-20 16:30", "2026-11-23 09:00", 1.5),       # weekend does not count
    ("2026-12-31 16:30", "2027-01-04 12:00", 4.5),       # holiday and weekend do not count
    ("2026-11-21 09:00", "2026-11-22 18:00", 0),         # a whole weekend
    ("2026-11-23 12:00", "2026-11-23 11:00", 0),         # reversed
])
def test_working_time_between(book: Rulebook, start: str, end: str, hours: float) -> None:
    assert book.calendar.working_time_between(at(start), at(end)) == timedelta(hours=hours)
