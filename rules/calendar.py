"""The site's working calendar: time zone, working hours, weekends, holidays.

"Today", "the day before" and "the end of the working day" all mean the site's
local calendar, never UTC and never the machine's zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

import arrow


@dataclass(frozen=True)
class WorkCalendar:
    tz: str = "Asia/Shanghai"
    work_start: time = time(8, 30)
    work_end: time = time(17, 30)
    weekend: frozenset[int] = frozenset({6, 7})  # ISO weekdays
    holidays: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)

    def local(self, instant: arrow.Arrow) -> arrow.Arrow:
        return instant.to(self.tz)

    def today(self, instant: arrow.Arrow) -> date:
        return self.local(instant).date()

    def at(self, day: date, clock_time: time) -> arrow.Arrow:
        """The UTC instant of ``clock_time`` on local ``day``."""
        return arrow.Arrow(day.year, day.month, day.day, clock_time.hour, clock_time.minute,
                           tzinfo=self.tz).to("UTC")

    def day_bounds(self, day: date) -> tuple[arrow.Arrow, arrow.Arrow]:
        start = arrow.Arrow(day.year, day.month, day.day, tzinfo=self.tz)
        return start.to("UTC"), start.shift(days=1).to("UTC")

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.isoweekday() not in self.weekend and day not in self.holidays

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
