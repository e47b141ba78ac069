"""The site's working calendar: time zone, working hours, weekends, holidays.

"Today", "the day before" and "the end of the working day" all mean the site's
local calendar, never UTC and never the machine's zone.

Public holidays and make-up working days (调休) follow the State Council's yearly
schedule, which the procedures do not contain: they come from the maintained
``chinesecalendar`` package (imported lazily, on first use). A day is decided, in
order, by the rulebook's own lists (``extra_workdays``, then ``holidays``: a site
overrides single days), then the official schedule, then the weekend. For a year
the package does not cover, only the weekend and the rulebook's lists apply, and
:func:`calendar_coverage` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from datetime import tzinfo as dt_tzinfo
from functools import lru_cache

import arrow
from arrow.parser import TzinfoParser

OFFICIAL_SOURCE = "chinesecalendar"


@dataclass(frozen=True)
class Coverage:
    """Whether the official schedule covers a year, and the sentence to show when it does not."""
    year: int
    covered: bool
    message: str


@lru_cache(maxsize=64)
def _zone(name: str) -> dt_tzinfo:
    """The zone ``Arrow.to(name)`` converts to, parsed once per name (``to`` parses the name
    on every call: a third of the calendar's time when the board derives every ticket)."""
    return TzinfoParser.parse(name)


@lru_cache(maxsize=4096)
def _local_instant(tz: str, day: date, hour: int, minute: int) -> arrow.Arrow:
    """The UTC instant of hour:minute on local ``day`` (an Arrow never changes: shared)."""
    return arrow.Arrow(day.year, day.month, day.day, hour, minute, tzinfo=tz).to("UTC")


@lru_cache(maxsize=1)
def _official() -> tuple[frozenset[date], frozenset[date], range, str]:
    """(holidays, make-up working days, years covered, version) of the official schedule;
    empty when the package is not installed."""
    try:
        import chinese_calendar
        from chinese_calendar import constants
    except ImportError:
        return frozenset(), frozenset(), range(0), ""
    holidays = frozenset(constants.holidays)
    workdays = frozenset(constants.workdays)  # the make-up days only (weekend days worked)
    years = range(min(holidays).year, max(holidays).year + 1) if holidays else range(0)
    return holidays, workdays, years, str(getattr(chinese_calendar, "__version__", ""))


def calendar_coverage(year: int) -> Coverage:
    """Does the official schedule cover ``year``? E.g. for the board's header:
    ``no official calendar for 2027``."""
    _, _, years, version = _official()
    if year in years:
        return Coverage(year, True, f"official calendar for {year} ({OFFICIAL_SOURCE} {version})")
    if not version:
        return Coverage(year, False, f"no official calendar for {year} ({OFFICIAL_SOURCE} is not "
                                     "installed): weekends and the rulebook's holidays only")
    return Coverage(year, False, f"no official calendar for {year} ({OFFICIAL_SOURCE} {version} "
                                 f"covers {years.start}-{years.stop - 1}): weekends and the "
                                 "rulebook's holidays only")


@dataclass(frozen=True)
class WorkCalendar:
    tz: str = "Asia/Shanghai"
    work_start: time = time(8, 0)
    work_end: time = time(18, 0)
    weekend: frozenset[int] = frozenset({6, 7})  # ISO weekdays
    holidays: frozenset[date] = field(default_factory=frozenset)       # the site's overrides
    extra_workdays: frozenset[date] = field(default_factory=frozenset)  # the site's overrides
    official: bool = True  # consult the State Council's schedule (chinesecalendar)

    def local(self, instant: arrow.Arrow) -> arrow.Arrow:
        return instant.to(_zone(self.tz))

    def today(self, instant: arrow.Arrow) -> date:
        return instant.datetime.astimezone(_zone(self.tz)).date()   # the date of local(instant)

    def at(self, day: date, clock_time: time) -> arrow.Arrow:
        """The UTC instant of ``clock_time`` on local ``day``."""
        return _local_instant(self.tz, day, clock_time.hour, clock_time.minute)

    def day_bounds(self, day: date) -> tuple[arrow.Arrow, arrow.Arrow]:
        start = arrow.Arrow(day.year, day.month, day.day, tzinfo=self.tz)
        return start.to("UTC"), start.shift(days=1).to("UTC")

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.holidays:
            return False
        if self.official:
            holidays, workdays, _, _ = _official()
            if day in holidays:
                return False
            if day in workdays:
                return True
        return day.isoweekday() not in self.weekend

    def coverage(self, years: Iterable[int]) -> list[Coverage]:
        """For each year, whether working days there follow the official schedule."""
        if not self.official:
            return [Coverage(y, False, f"official calendar switched off (calendar.official = false): "
                                       f"{y} uses weekends and the rulebook's holidays only")
                    for y in years]
        return [calendar_coverage(y) for y in years]

    def working_days(self, first: date, last: date) -> list[date]:
        """The working days from ``first`` to ``last``, both included, in order (none when
        ``last`` comes before ``first``): the days a daily duty was owed, e.g. a sign-off."""
        days = []
        day = first
        while day <= last:
            if self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        day -= timedelta(days=1)
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def end_of_working_day(self, instant: arrow.Arrow) -> arrow.Arrow:
        """Close of business of the working day ``instant`` falls in, or of the next one."""
        day = self.today(instant)
        if self.is_working_day(day) and instant <= self.at(day, self.work_end):
            return self.at(day, self.work_end)
        return self.at(self.next_working_day(day), self.work_end)

    def eve(self, instant: arrow.Arrow) -> arrow.Arrow:
        """Close of business of the working day before the local day of ``instant``."""
        return self.at(self.previous_working_day(self.today(instant)), self.work_end)

    def working_day_length(self) -> timedelta:
        return timedelta(hours=self.work_end.hour - self.work_start.hour,
                         minutes=self.work_end.minute - self.work_start.minute)

    def working_time_between(self, start: arrow.Arrow, end: arrow.Arrow) -> timedelta:
        """Working time (inside working hours of working days) between two instants."""
        if end <= start:
            return timedelta(0)
        total = timedelta(0)
        day = self.today(start)
        last = self.today(end)
        while day <= last:
            if self.is_working_day(day):
                open_, close = self.at(day, self.work_start), self.at(day, self.work_end)
                lo, hi = max(open_, start), min(close, end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total
