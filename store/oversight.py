"""The supervisor's daily sign-off, and the flags of the whole site at an instant."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from dutyboard.rules import Flag, TicketFact, flags_at
from dutyboard.rules.facts import DONE, PENDING

from .context import Context
from .errors import Refused, UsageError
from .facts import task_fact, ticket_fact
from .models import Meeting, Person, Signoff, Site, Task, Ticket
from .ticket_procedures import flag_tickets
from .timeutil import must, to_db

SIGNOFF_KEPT_DAYS = 366  # the day's records are kept a year (000 篇3 6.0)


def sign_off(ctx: Context, day: datetime.date | None = None, note: str = "") -> Signoff:
    now = ctx.now()
    day = day or ctx.book.calendar.today(now)
    if day > ctx.book.calendar.today(now):
        raise UsageError(f"cannot sign off {day}: it has not happened yet")
    with ctx.write():
        person = ctx.require("signoff")
        if Signoff.get_or_none(Signoff.day == day):
            raise Refused(f"[signoff.once] {day} is already signed off", "signoff.once")
        row = Signoff.create(day=day, by=person, at=to_db(now), note=note)
        ctx.audit("signoff", "day", None, after={"day": day.isoformat()}, note=note)
    return row


def unsigned_days(ctx: Context) -> list[datetime.date]:
    """Working days (up to today) with no sign-off, since the site began: an unsigned day
    stays flagged until it is signed, however old (issue 10), within the year the records
    are kept."""
    cal = ctx.book.calendar
    today = cal.today(ctx.now())
    first = Person.select(Person.created_at).order_by(Person.created_at).first()
    start = cal.today(must(first.created_at)) if first else today
    start = max(start, today - datetime.timedelta(days=SIGNOFF_KEPT_DAYS))
    signed = {s.day for s in Signoff.select(Signoff.day).where(Signoff.day >= start)}
    days = []
    day = start
    while day <= today:
        if cal.is_working_day(day) and day not in signed:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def site_flags(ctx: Context) -> list[Flag]:
    """Every flag at the context's instant (cancelled meetings contribute none)."""
    now = ctx.now()
    horizon = now + ctx.book.due_soon
    since = now.shift(days=-2)
    # the tasks of the meetings that ended two days ago or later, found by meeting (and the
    # meetings by end time, both sides of the join): the state/due conditions alone match
    # every missed item in the history, which PostgreSQL may then scan
    live = (Meeting.status == "booked") & (Meeting.end_at >= to_db(since))
    rows = (Task.select(Task, Meeting).join(Meeting)
            .where(Task.meeting.in_(Meeting.select(Meeting.id).where(live)) & live
                   & (((Task.state == PENDING) & (Task.due_at <= to_db(horizon)))
                      | ((Task.state == DONE) & Task.verify))))
    tasks = [task_fact(t, t.meeting) for t in rows]
    tickets = _ticket_facts(flag_tickets(now))
    from .lost_items import lost_flags
    return flags_at(tasks, tickets, ctx.book, now, unsigned_days(ctx)) + lost_flags(ctx, now)


def _ticket_facts(query: Iterable[Ticket]) -> list[TicketFact]:
    roles: dict[int | None, str] = {p.id: p.role for p in Person.select(Person.id, Person.role)}
    return [ticket_fact(t, roles.get(t.approved_by_id)) for t in query]


def site_name() -> str:
    site = Site.select().first()
    return site.name if site else "dutyboard"

