"""The supervisor's trend (store/trend.py) on the hand-computed month of ``monthkit``: the
open-case backlog at the end of each of the last 14 local days and this month's complaint
rate so far; the sparkline made of it."""

from __future__ import annotations

from datetime import date, timedelta

from dutyboard.rules.facts import INQUIRY
from dutyboard.store import reports
from dutyboard.store.context import Context
from dutyboard.store.models import Ticket
from dutyboard.store.timeutil import from_db, must
from dutyboard.store.trend import trend
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.trend_line import sparkline, trend_text


def open_at(cases, instants) -> list[int]:  # noqa: ANN001
    """The definition, by brute force: registered before the instant, not closed by then."""
    return [sum(1 for opened, closed in cases if opened < t and (closed is None or closed > t))
            for t in instants]


# open at the end of each local day 10-20 .. 11-01, and at 11-02 10:00 (monthkit's table):
# 1 3 4 5 open on 10-20; +7 (10-25 23:59); +8 (10-26 00:00); 10 opened and closed on 10-27;
# +11 (10-28); +12 -3 (10-29); +13 (10-30); -13 +14 (10-31); +15 (11-01); +16 -11 (11-02)
BACKLOG = (4, 4, 4, 4, 4, 5, 6, 6, 7, 7, 8, 8, 9, 9)


def test_backlog_of_the_last_14_days_and_the_months_complaint_rate(month_ctx: Context) -> None:
    got = trend(month_ctx)
    assert got.days == tuple(date(2026, 10, 20) + timedelta(days=n) for n in range(14))
    assert got.open_cases == BACKLOG
    november = reports.monthly_complaint_rate(month_ctx, month="2026-11")
    assert got.month == "2026-11" and got.valid_complaints == 1 == november.valid_complaints
    assert (got.rate, got.households, got.below_target) == (november.rate, november.households, True)


def test_the_bounded_reads_count_what_the_whole_table_says(month_ctx: Context) -> None:
    """Every case, read without bounds, counted at the same instants."""
    got = trend(month_ctx)
    cal = month_ctx.book.calendar
    instants = [cal.day_bounds(d)[1] for d in got.days[:-1]] + [month_ctx.now().shift(microseconds=1)]
    every = [(must(t.opened_at), from_db(t.closed_at)) for t in Ticket.select() if t.state != INQUIRY]
    assert open_at(every, instants) == list(got.open_cases)


def test_sparkline_scales_between_the_lowest_and_highest_value() -> None:
    assert sparkline(BACKLOG) == "▁▁▁▁▁▂▄▄▅▅▇▇██"
    assert sparkline([3, 3, 3]) == "▁▁▁"
    assert sparkline([]) == ""
    assert sparkline([0, 7]) == "▁█"


def test_trend_text_in_english_and_chinese(month_ctx: Context) -> None:
    got = trend(month_ctx)
    en = trend_text(got, Translator("en")).plain
    assert en == "backlog 14d ▁▁▁▁▁▂▄▄▅▅▇▇██ 9 · complaints 2026-11 0.08% ✓<5%"
    zh = trend_text(got, Translator("zh")).plain
    assert zh == "积压14天 ▁▁▁▁▁▂▄▄▅▅▇▇██ 9 · 2026-11投诉率 0.08% ✓<5%"
