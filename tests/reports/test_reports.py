"""The Monday summary and the monthly complaint rate as data, against the hand-computed
October 2026 of ``monthkit``; the rendering is in ``test_report_format``."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from dutyboard.rules.reports import (
    below_target,
    complaint_rate,
    mean_duration,
    month_days,
    parse_month,
    percent,
    previous_month,
    previous_week,
)
from dutyboard.store import reports
from dutyboard.store.context import Context

# -- pure arithmetic ------------------------------------------------------------------

def test_previous_week_is_monday_to_sunday_before_the_monday_on_or_before() -> None:
    week = (date(2026, 10, 26), date(2026, 11, 1))
    assert previous_week(date(2026, 11, 2)) == week          # a Monday
    assert previous_week(date(2026, 11, 8)) == week          # the Sunday after
    assert previous_week(date(2026, 11, 1)) == (date(2026, 10, 19), date(2026, 10, 25))
    assert previous_week(date(2027, 1, 4)) == (date(2026, 12, 28), date(2027, 1, 3))


def test_months() -> None:
    assert parse_month("2026-10") == (2026, 10)
    assert previous_month(date(2026, 11, 2)) == (2026, 10)
    assert previous_month(date(2027, 1, 31)) == (2026, 12)
    assert month_days(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
    assert month_days(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    for bad in ("2026-13", "2026-00", "2026-1", "26-10", "October", "2026-10-01", ""):
        with pytest.raises(ValueError, match="YYYY-MM"):
            parse_month(bad)


def test_rate_percent_and_target() -> None:
    rate = complaint_rate(3, 1200)
    assert rate == Fraction(1, 400)
    assert percent(rate) == "0.25"
    assert percent(0.05) == "5.00"
    assert percent(complaint_rate(1, 1200)) == "0.08"       # 0.0833...
    assert percent(complaint_rate(1, 8)) == "12.50"
    assert percent(Fraction(1, 800)) == "0.13"              # 0.125, half up
    assert below_target(rate, 0.05)
    assert not below_target(complaint_rate(60, 1200), 0.05)  # exactly 5 % is not below 5 %
    assert below_target(complaint_rate(59, 1200), 0.05)
    with pytest.raises(ValueError, match="households"):
        complaint_rate(1, 0)


def test_mean_duration() -> None:
    assert mean_duration([]) is None
    assert mean_duration([timedelta(minutes=150), timedelta(minutes=6930),
                          timedelta(minutes=1080)]) == timedelta(minutes=2720)


# -- the Monday summary ---------------------------------------------------------------

def test_weekly_figures(month_ctx: Context) -> None:
    week = reports.weekly_summary(month_ctx)
    assert (week.start, week.end) == (date(2026, 10, 26), date(2026, 11, 1))
    assert [c.id for c in week.cases] == [8, 10, 11, 12, 13, 14, 15]
    assert week.registered == 7
    assert week.by_kind == {"repair": 4, "complaint": 3}
    assert week.by_priority == {"normal": 5, "urgent": 1, "emergency": 1}
    assert week.by_dept == {"eng": 3, "sec": 1, "svc": 1, "undispatched": 2}
    assert (week.closed, week.still_open) == (3, 4)         # 10, 11 (closed Monday), 13
    assert (week.escalated, week.emergencies, week.inquiries) == (2, 1, 1)
    # (2:30 + 4d 19:30 + 18:00) / 3 = 8160 min / 3 = 2720 min = 45:20
    assert week.average_to_close == timedelta(hours=45, minutes=20)
    assert [(c.id, c.close_reason, c.approved_by) for c in week.unresolvable] == [
        (3, "Needs capital works by the owner", "boss")]
    # any day of the following week asks for the same summary
    assert reports.weekly_summary(month_ctx, date(2026, 11, 8)).registered == 7
    earlier = reports.weekly_summary(month_ctx, date(2026, 10, 26))  # 19..25 Oct
    assert [c.id for c in earlier.cases] == [5, 7]
    assert (earlier.inquiries, earlier.unresolvable) == (1, ())


def test_monthly_figures(month_ctx: Context) -> None:
    october = reports.monthly_complaint_rate(month_ctx)       # default: the previous month
    assert october.month == "2026-10"
    assert [c.id for c in october.valid_cases] == [2, 10, 14]  # not 1 (Sep), not 15 (Nov)
    assert (october.valid_complaints, october.households) == (3, 1200)
    assert october.rate == Fraction(3, 1200)
    assert october.below_target and october.target == 0.05
    assert october.complaints == 5 and october.inquiries == 2  # inquiries 6 and 9
    assert october.by_nature == {"valid": 3, "help": 1, "inquiry": 0, "venting": 1}
    assert october.by_category == {"lighting": 1, "equipment": 1, "attitude": 1, "quality": 2}

    september = reports.monthly_complaint_rate(month_ctx, "2026-09")
    assert ([c.id for c in september.valid_cases], percent(september.rate)) == ([1], "0.08")

    november = reports.monthly_complaint_rate(month_ctx, "2026-11", households=20)
    assert [c.id for c in november.valid_cases] == [15]
    assert (percent(november.rate), november.below_target) == ("5.00", False)  # 1/20: at target
    assert november.households_from == "--households"


def test_monthly_refuses_bad_input(month_ctx: Context) -> None:
    from dutyboard.store.errors import UsageError
    with pytest.raises(UsageError, match="--month: not a month: '2026-13'"):
        reports.monthly_complaint_rate(month_ctx, "2026-13")
    with pytest.raises(UsageError, match="--households must be a positive number"):
        reports.monthly_complaint_rate(month_ctx, "2026-10", households=0)


# -- the command line -----------------------------------------------------------------
