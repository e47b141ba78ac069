"""The working calendar: Asia/Shanghai, 08:00-18:00 (001), weekends, and the State Council's
holidays and make-up working days (调休) from chinesecalendar, overridable per day."""

from datetime import date, time, timedelta

import pytest
from dutyboard.rules import WorkCalendar, load_rulebook, parse_instant, signoff_flag
from dutyboard.rules.calendar import calendar_coverage
from dutyboard.rules.rulebook import Rulebook, RulebookError


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, "Asia/Shanghai")


def local(instant) -> str:  # noqa: ANN001
    return instant.to("Asia/Shanghai").format("YYYY-MM-DD HH:mm")


def test_default_calendar(book: Rulebook) -> None:
    cal = book.calendar
    assert cal.tz == "Asia/Shanghai"
    assert (cal.work_start, cal.work_end) == (time(8, 0), time(18, 0))
    assert cal.weekend == frozenset({6, 7})
    assert cal.working_day_length() == timedelta(hours=10)
    assert cal.official
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
    ("2026-11-23 07:00", "2026-11-23 18:00"),   # before opening: today's close
    ("2026-11-23 12:00", "2026-11-23 18:00"),
    ("2026-11-23 18:00", "2026-11-23 18:00"),   # exactly at close: still today
    ("2026-11-23 18:01", "2026-11-24 18:00"),   # after close: next working day
    ("2026-11-20 18:30", "2026-11-23 18:00"),   # Friday evening -> Monday
    ("2026-11-21 10:00", "2026-11-23 18:00"),   # Saturday -> Monday
    ("2026-12-31 18:01", "2027-01-04 18:00"),   # Thursday evening, Friday holiday -> Monday
    ("2026-01-01 10:00", "2026-01-04 18:00"),   # New Year 1-3 Jan off, Sunday 4 Jan worked
    ("2026-01-04 17:59", "2026-01-04 18:00"),   # on the make-up Sunday itself
    ("2026-02-13 18:01", "2026-02-14 18:00"),   # Friday evening -> make-up Saturday 14 Feb
])
def test_end_of_working_day(book: Rulebook, instant: str, eod: str) -> None:
    assert local(book.calendar.end_of_working_day(at(instant))) == eod


@pytest.mark.parametrize(("meeting", "eve"), [
    ("2026-11-24 14:00", "2026-11-23 18:00"),   # Tuesday -> Monday
    ("2026-11-23 09:00", "2026-11-20 18:00"),   # Monday -> Friday
    ("2027-01-04 09:00", "2026-12-31 18:00"),   # Monday after a Friday holiday -> Thursday
    ("2026-10-08 09:00", "2026-09-30 18:00"),   # after the National Day week
    ("2026-11-24 00:15", "2026-11-23 18:00"),   # just after local midnight (UTC still Monday)
    ("2026-01-05 09:00", "2026-01-04 18:00"),   # Monday -> the make-up Sunday before it
    ("2026-02-24 09:00", "2026-02-14 18:00"),   # after Spring Festival (15-23 Feb) -> make-up 14 Feb
    ("2026-05-11 09:00", "2026-05-09 18:00"),   # Monday -> make-up Saturday 9 May
])
def test_eve(book: Rulebook, meeting: str, eve: str) -> None:
    assert local(book.calendar.eve(at(meeting))) == eve


@pytest.mark.parametrize(("start", "end", "hours"), [
    ("2026-11-23 08:00", "2026-11-23 18:00", 10),
    ("2026-11-23 07:00", "2026-11-23 09:00", 1),         # before opening does not count
    ("2026-11-23 17:00", "2026-11-24 09:00", 2),         # evening and night do not count
    ("2026-11-20 16:30", "2026-11-23 09:00", 2.5),       # weekend does not count
    ("2026-12-31 16:30", "2027-01-04 12:00", 5.5),       # holiday and weekend do not count
    ("2026-11-21 09:00", "2026-11-22 18:00", 0),         # a whole weekend
    ("2026-11-23 12:00", "2026-11-23 11:00", 0),         # reversed
])
def test_working_time_between(book: Rulebook, start: str, end: str, hours: float) -> None:
    assert book.calendar.working_time_between(at(start), at(end)) == timedelta(hours=hours)


# -- the 2026 schedule of the State Council (chinesecalendar) -------------------------

HOLIDAYS_2026 = [date(2026, 1, 2), date(2026, 2, 23)]   # weekdays off
MAKE_UP_2026 = [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                date(2026, 9, 20), date(2026, 10, 10)]   # weekend days worked (调休)


@pytest.mark.parametrize("day", HOLIDAYS_2026)
def test_2026_public_holidays_on_weekdays(book: Rulebook, day: date) -> None:
    assert day.isoweekday() <= 5
    assert not book.calendar.is_working_day(day)
    # the weekdays either side of the holiday are ordinary working days
    assert book.calendar.is_working_day(day + timedelta(days=1 if day.month == 2 else 3))


@pytest.mark.parametrize("day", MAKE_UP_2026)
def test_2026_make_up_working_days(book: Rulebook, day: date) -> None:
    assert day.isoweekday() >= 6
    assert book.calendar.is_working_day(day)
    # the same weekday a week later is an ordinary weekend day again
    assert not book.calendar.is_working_day(day + timedelta(days=7))


def test_the_rulebook_overrides_single_days() -> None:
    book = load_rulebook(texts=(("site", '[calendar]\nholidays = ["2026-01-04"]\n'
                                         'extra_workdays = ["2026-01-02"]\n'),))
    assert book.calendar.is_working_day(date(2026, 1, 2))       # official holiday, worked here
    assert not book.calendar.is_working_day(date(2026, 1, 4))   # official make-up day, off here
    assert book.calendar.is_working_day(date(2026, 2, 14))      # the rest of the schedule holds
    assert not book.calendar.is_working_day(date(2026, 2, 23))


def test_official_schedule_can_be_switched_off() -> None:
    book = load_rulebook(texts=(("site", "[calendar]\nofficial = false\n"),))
    assert book.calendar.is_working_day(date(2026, 1, 2))       # a plain Friday
    assert not book.calendar.is_working_day(date(2026, 1, 4))   # a plain Sunday
    assert all(not c.covered for c in book.calendar.coverage([2026]))


def test_official_must_be_true_or_false() -> None:
    with pytest.raises(RulebookError, match="calendar.official"):
        load_rulebook(texts=(("site", '[calendar]\nofficial = "yes"\n'),))


def test_coverage_2026_official_2027_not() -> None:
    covered = calendar_coverage(2026)
    assert covered.covered and "official calendar for 2026" in covered.message
    missing = calendar_coverage(2027)
    assert not missing.covered
    assert missing.message.startswith("no official calendar for 2027")
    assert "weekends and the rulebook's holidays only" in missing.message


def test_uncovered_year_falls_back_to_weekends_and_the_rulebook(book: Rulebook) -> None:
    cal = book.calendar
    assert not cal.is_working_day(date(2027, 1, 1))    # the rulebook's own list (a Friday)
    assert cal.is_working_day(date(2027, 2, 8))        # a Monday; the 2027 schedule is not known
    assert not cal.is_working_day(date(2027, 2, 6))    # a Saturday
    with_own = load_rulebook(texts=(("site", '[calendar]\nholidays = ["2027-02-08"]\n'
                                             'extra_workdays = ["2027-02-06"]\n'),))
    assert not with_own.calendar.is_working_day(date(2027, 2, 8))
    assert with_own.calendar.is_working_day(date(2027, 2, 6))


def test_signoff_is_not_demanded_on_a_holiday_but_on_a_make_up_day(book: Rulebook) -> None:
    assert signoff_flag(date(2026, 1, 2), False, book, at("2026-01-02 23:00")) is None
    assert signoff_flag(date(2026, 1, 4), False, book, at("2026-01-04 17:59")) is None
    flag = signoff_flag(date(2026, 1, 4), False, book, at("2026-01-04 18:00"))
    assert flag is not None and flag.kind == "signoff_missing"


# -- the walk over working days (the days a daily duty was owed) --------------------------

def test_working_days_follow_the_official_schedule_both_ends_included(book: Rulebook) -> None:
    # New Year 2026: Thursday 1st and Friday 2nd off, Sunday 4th a make-up working day
    assert book.calendar.working_days(date(2025, 12, 31), date(2026, 1, 5)) == [
        date(2025, 12, 31), date(2026, 1, 4), date(2026, 1, 5)]


def test_working_days_follow_the_rulebook_overrides() -> None:
    book = load_rulebook(texts=(("site", '[calendar]\nholidays = ["2026-11-24"]\n'
                                         'extra_workdays = ["2026-11-22"]\n'),))
    assert book.calendar.working_days(date(2026, 11, 21), date(2026, 11, 25)) == [
        date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 25)]


@pytest.mark.parametrize(("first", "last"), [
    (date(2026, 11, 24), date(2026, 11, 23)),   # the end before the start
    (date(2026, 11, 21), date(2026, 11, 22)),   # a weekend only
])
def test_no_working_days(book: Rulebook, first: date, last: date) -> None:
    assert book.calendar.working_days(first, last) == []


def test_a_single_working_day(book: Rulebook) -> None:
    assert book.calendar.working_days(date(2026, 11, 23), date(2026, 11, 23)) == [date(2026, 11, 23)]


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"])
def test_the_fast_local_date_and_close_of_business_match_arrow(tz: str) -> None:
    """today() and at() skip Arrow's per-call zone parsing and cache instants (issue 13: the
    board derives every ticket's clock at its start); the answers are Arrow's own, across a
    year with its daylight-saving changes, each hour."""
    import arrow
    cal = WorkCalendar(tz=tz, official=False)
    instant = arrow.Arrow(2026, 1, 1, tzinfo="UTC")
    for _ in range(24 * 366):
        assert cal.today(instant) == instant.to(tz).date()
        assert cal.local(instant) == instant.to(tz) and cal.local(instant).tzinfo == instant.to(tz).tzinfo
        instant = instant.shift(hours=1)
    for day in (date(2026, 3, 8), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1), date(2026, 6, 1)):
        for clock in (time(0, 30), time(2, 30), time(8, 0), time(18, 0)):
            expected = arrow.Arrow(day.year, day.month, day.day, clock.hour, clock.minute,
                                   tzinfo=tz).to("UTC")
            assert cal.at(day, clock) == expected and cal.at(day, clock).utcoffset() == expected.utcoffset()
