"""The supervisor's daily sign-off (with the day's summary shown before it, and its
revocation with a reason), and the flags of the whole site at an instant."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import arrow
import peewee as pw
from dutyboard.rules import Flag, TicketFact, flags_at, ticket_flags
from dutyboard.rules.facts import DONE, INQUIRY, PENDING

from .context import Context
from .db import is_sqlite
from .errors import NotFound, Refused, UsageError
from .facts import TASK_FACT_COLUMNS, iter_task_facts, ticket_fact
from .models import Meeting, Person, Signoff, Site, Task, Ticket
from .scope import current_site_id
from .ticket_procedures import flag_tickets
from .tickets import tickets_in_hand
from .timeutil import from_db, must, to_db

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


def revoke_sign_off(ctx: Context, day: datetime.date, reason: str) -> None:
    """Withdraw a day's sign-off (signed too early, or with cases still open): the supervisor
    or the manager, with the reason. The day is unsigned again (flagged after close of
    business, and may be signed anew); the audit row keeps who had signed, when, and why it
    was revoked."""
    if not reason.strip():
        raise UsageError("--reason must not be empty: say why the sign-off is revoked")
    with ctx.write():
        ctx.require("signoff.revoke")
        row = Signoff.get_or_none(Signoff.day == day)
        if row is None:
            raise NotFound(f"{day} is not signed off")
        signer = Person.get_by_id(row.by_id)
        before = {"day": day.isoformat(), "by": signer.login,
                  "at": must(row.at).isoformat(), "note": row.note}
        row.delete_instance()
        ctx.audit("signoff.revoke", "day", None, before=before,
                  after={"day": day.isoformat(), "revoked": True}, note=reason.strip())


@dataclass(frozen=True)
class DaySummary:
    """What the supervisor sees before signing a day off (issue 11): the day's registered
    cases and, as of now, what is still in hand. ``closing`` is the day's close of business;
    ``warnings`` what should make them wait (close of business not yet reached, emergencies
    still open)."""
    day: datetime.date
    registered: int
    still_open: int
    stalled: int
    escalated: int
    emergencies_open: int
    readiness_unverified: int
    closes_awaiting: int
    closing: arrow.Arrow
    before_closing: bool
    signed_by: str | None = None
    signed_at: arrow.Arrow | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        out = []
        if self.before_closing:
            out.append("before_closing")
        if self.emergencies_open:
            out.append("emergencies_open")
        return tuple(out)


def day_summary(ctx: Context, day: datetime.date | None = None) -> DaySummary:
    """The day's summary at the context's instant. Every read is bounded: the day's
    registrations by registration time, the cases in hand through their partial index, the
    items awaiting verification through the day's meetings."""
    now, cal, book = ctx.now(), ctx.book.calendar, ctx.book
    day = day or cal.today(now)
    lo, hi = cal.day_bounds(day)
    registered = (Ticket.select().where((Ticket.opened_at >= to_db(lo)) & (Ticket.opened_at < to_db(hi))
                                        & (Ticket.state != INQUIRY)).count())
    live = list(tickets_in_hand().order_by(Ticket.opened_at))
    facts = _ticket_facts(live)
    awaiting = sum(1 for f in facts for flag in ticket_flags(f, book, now)
                   if flag.kind == "approval_awaited")
    window = (Meeting.end_at > to_db(lo)) & (Meeting.start_at < to_db(hi)) & (Meeting.status == "booked")
    unverified = (Task.select().join(Meeting)
                  .where(Task.meeting.in_(Meeting.select(Meeting.id).where(window)) & window
                         & (Task.state == DONE) & Task.verify).count())
    closing = cal.at(day, cal.work_end)
    signed = Signoff.get_or_none(Signoff.day == day)
    return DaySummary(
        day=day, registered=registered, still_open=len(facts),
        stalled=sum(1 for f in facts if f.stalled_at is not None),
        escalated=sum(1 for f in facts if f.escalated_at is not None),
        emergencies_open=sum(1 for f in facts if f.is_emergency),
        readiness_unverified=unverified, closes_awaiting=awaiting, closing=closing,
        before_closing=now < closing,
        signed_by=Person.get_by_id(signed.by_id).login if signed else None,
        signed_at=from_db(signed.at) if signed else None)


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
    return [day for day in cal.working_days(start, today) if day not in signed]


def site_flags(ctx: Context) -> list[Flag]:
    """Every flag at the context's instant (cancelled meetings contribute none)."""
    now = ctx.now()
    tasks = iter_task_facts(task_flag_query(now, ctx.book.due_soon))
    tickets = _ticket_facts(flag_tickets(now))
    from .bookings_duty import bookings_report_flags
    from .lost_items import lost_flags
    return (flags_at(tasks, tickets, ctx.book, now, unsigned_days(ctx)) + lost_flags(ctx, now)
            + bookings_report_flags(ctx))


def task_flag_query(now: arrow.Arrow, due_soon: datetime.timedelta) -> Any:
    """The tasks that can carry a flag at ``now`` (``TASK_FACT_COLUMNS``) of the booked
    meetings that ended two days ago or later: pending and due by ``now + due_soon``, found
    by meeting (and the meetings by end time, both sides of the join: the state/due
    conditions alone match every missed item in the history, which PostgreSQL may then
    scan); and, with them, the items reported done that await verification, found by the
    end of their meeting through ``task_awaiting_verify_end`` (0015). Found by meeting too,
    SQLite read every item done in the two days, verified or not (the flag is per awaiting
    item: 131,000 index and table rows for 1,000 on a site with 3 days of history)."""
    since = to_db(now.shift(days=-2))
    # (as the columns a fact needs: the last two days hold thousands of missed or unverified
    # items, and a Task and a Meeting model per row cost more than the read itself)
    live = (Meeting.status == "booked") & (Meeting.end_at >= since)
    pending = (Task.select(*TASK_FACT_COLUMNS).join(Meeting)
               .where(Task.meeting.in_(Meeting.select(Meeting.id).where(live)) & live
                      & (Task.state == PENDING) & (Task.due_at <= to_db(now + due_soon))))
    # as board.py reads them: the partial index's own WHERE (SQLite uses it only then), the
    # meeting's end checked too but not searched by (SQLite probes the meetings by id)
    end = Meeting.end_at
    ended = (pw.NodeList((pw.SQL("+"), end), glue="") if is_sqlite(Task._meta.database) else end) >= since
    awaiting = (Task.select(*TASK_FACT_COLUMNS).join(Meeting)
                .where((Task.meeting_end_at >= since) & (Task.state == pw.SQL(f"'{DONE}'"))
                       & Task.verify & ended
                       & (Meeting.status == "booked")))
    return pending + awaiting


def _ticket_facts(query: Iterable[Ticket]) -> list[TicketFact]:
    roles: dict[int | None, str] = {p.id: p.role for p in Person.select(Person.id, Person.role)}
    return [ticket_fact(t, roles.get(t.approved_by_id)) for t in query]


def site_name() -> str:
    """The name of the building this session works at (``--site``)."""
    site = Site.get_or_none(Site.id == current_site_id())
    return site.name if site else "dutyboard"

