"""The desk's daily duty (000 §3.3B, domain §3): every working day before close of business the
next two days' bookings go to the administration office (``report bookings`` prints them). The
clerk records it sent; a working day without that record is flagged from close of business.
Kept as a ReportSignoff row (report "bookings", period the day, role "sent"): one a day."""

from __future__ import annotations

import datetime

from dutyboard.rules.facts import Flag
from dutyboard.rules.flags import bookings_report_flag

from .context import Context
from .errors import Refused, UsageError
from .models import Person, ReportSignoff
from .timeutil import must, to_db

REPORT, ROLE = "bookings", "sent"
# a missed report is flagged this many days back (then it is moot: those meetings are past)
LOOKBACK_DAYS = 7


def record_sent(ctx: Context, day: datetime.date | None = None, note: str = "") -> ReportSignoff:
    """Record that ``day``'s bookings report (default today) went to the administration office."""
    now = ctx.now()
    cal = ctx.book.calendar
    day = day or cal.today(now)
    if day > cal.today(now):
        raise UsageError(f"cannot record {day}'s bookings report as sent: that day has not come yet")
    with ctx.write():
        person = ctx.require("report.bookings_sent")
        done = ReportSignoff.get_or_none((ReportSignoff.report == REPORT)
                                         & (ReportSignoff.period == day.isoformat())
                                         & (ReportSignoff.role == ROLE))
        if done is not None:
            who = done.by.login
            at = must(done.at).to(ctx.tz).format("YYYY-MM-DD HH:mm")
            raise Refused(f"[bookings_sent.once] {day}'s bookings report was already recorded as "
                          f"sent by {who} at {at}", "bookings_sent.once")
        row = ReportSignoff.create(report=REPORT, period=day.isoformat(), role=ROLE, by=person,
                                   at=to_db(now), comment=note.strip())
        ctx.audit("report.bookings_sent", "day", None,
                  after={"day": day.isoformat(), "sent_at": now.isoformat()}, note=note.strip())
    return row


def sent_days(since: datetime.date) -> dict[datetime.date, ReportSignoff]:
    rows = ReportSignoff.select().where((ReportSignoff.report == REPORT)
                                        & (ReportSignoff.role == ROLE)
                                        & (ReportSignoff.period >= since.isoformat()))
    return {datetime.date.fromisoformat(r.period): r for r in rows}


def unsent_days(ctx: Context) -> list[datetime.date]:
    """Working days of the last week (up to today, not before the site began) whose bookings
    report is not recorded as sent."""
    cal = ctx.book.calendar
    today = cal.today(ctx.now())
    first = Person.select(Person.created_at).order_by(Person.created_at).first()
    start = cal.today(must(first.created_at)) if first else today
    start = max(start, today - datetime.timedelta(days=LOOKBACK_DAYS))
    sent = sent_days(start)
    return [day for day in cal.working_days(start, today) if day not in sent]


def bookings_report_flags(ctx: Context) -> list[Flag]:
    now = ctx.now()
    return [f for day in unsent_days(ctx)
            if (f := bookings_report_flag(day, False, ctx.book, now)) is not None]
