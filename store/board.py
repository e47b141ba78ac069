"""The board's read model: what the live board shows, loaded in full once and then
re-read only where the audit log says something changed.

No Textual here; the board calls this from a worker thread.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import arrow
import peewee as pw
from dutyboard.rules import TicketFact
from dutyboard.rules.facts import DISPATCHED, DONE, OPEN, PENDING, RESOLVED

from .context import Context
from .facts import MASK, ticket_fact
from .models import Audit, Meeting, Person, Signoff, Task, Ticket, Venue
from .oversight import unsigned_days
from .timeutil import must, to_db

BOARD_DEPTS = ("eng", "sec", "svc", "env", "desk", "fcc")
PER_DEPT = 40                     # rows kept per department list
LOOKBACK = datetime.timedelta(hours=12)    # overdue items older than this fall off the list
LOOKAHEAD = datetime.timedelta(hours=36)   # items due within this are listed
DELTA_LIMIT = 500                 # more changes than this: reload everything


@dataclass
class MeetingRow:
    id: int
    venue: str
    venue_class: str
    kind: str
    title: str
    start: arrow.Arrow
    end: arrow.Arrow
    status: str
    total: int = 0
    done: int = 0
    verified: int = 0
    pre_pending: int = 0
    next_due: arrow.Arrow | None = None

    def phase(self, now: arrow.Arrow) -> str:
        if self.status == "cancelled":
            return "cancelled"
        if now >= self.end:
            return "finished"
        if now >= self.start:
            return "in progress"
        return "ready" if self.pre_pending == 0 else "preparing"


@dataclass
class TaskRow:
    id: int
    meeting_id: int
    venue: str
    dept: str
    code: str
    title: str
    title_zh: str
    due: arrow.Arrow
    earliest: arrow.Arrow
    state: str
    verify: bool
    version: int
    meeting_start: arrow.Arrow


@dataclass
class TicketRow:
    fact: TicketFact
    kind: str
    location: str
    dept: str | None
    content: str
    contact: str
    version: int


@dataclass
class Snapshot:
    token: int
    meetings: dict[int, MeetingRow] = field(default_factory=dict)
    dept_tasks: dict[str, list[TaskRow]] = field(default_factory=dict)
    tickets: dict[int, TicketRow] = field(default_factory=dict)
    unsigned: list[datetime.date] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)   # panes touched by the last delta
    changed_ids: set[str] = field(default_factory=set)  # "task:12", "ticket:3" ...


class BoardReader:
    """Loads snapshots for one viewer. Call from a single worker thread."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        viewer = Person.get_or_none(Person.login == ctx.login)
        self.cleared = bool(viewer and (viewer.cleared or viewer.role == "manager"))
        self._roles: dict[int | None, str] = {}  # person id -> role (None: nobody)

    # -- change detection ------------------------------------------------------
    def token(self) -> int:
        """The newest audit id: every write appends one, on SQLite and PostgreSQL alike."""
        return Audit.select(pw.fn.MAX(Audit.id)).scalar() or 0

    # -- full load ----------------------------------------------------------------
    def full(self) -> Snapshot:
        with self.ctx.db.atomic():  # one consistent read
            snap = Snapshot(token=self.token())
            self._roles = {p.id: p.role for p in Person.select(Person.id, Person.role)}
            snap.meetings = self._meetings()
            snap.dept_tasks = {d: self._dept_tasks(d) for d in BOARD_DEPTS}
            snap.tickets = {r.fact.id: r for r in self._tickets()}
            snap.unsigned = unsigned_days(self.ctx)
        snap.changed = {"meetings", "tasks", "tickets", "flags"}
        return snap

    def refresh(self, snap: Snapshot) -> Snapshot | None:
        """Apply what changed since ``snap.token``; None when nothing did."""
        token = self.token()
        if token == snap.token:
            return None
        rows = list(Audit.select(Audit.entity, Audit.entity_id, Audit.action)
                    .where(Audit.id > snap.token).order_by(Audit.id).limit(DELTA_LIMIT + 1).namedtuples())
        if len(rows) > DELTA_LIMIT or any(r.entity not in ("task", "ticket", "day") for r in rows):
            return self.full()
        task_ids = {r.entity_id for r in rows if r.entity == "task" and r.entity_id is not None}
        ticket_ids = {r.entity_id for r in rows if r.entity == "ticket" and r.entity_id is not None}
        new = Snapshot(token=token, meetings=dict(snap.meetings), dept_tasks=dict(snap.dept_tasks),
                       tickets=dict(snap.tickets), unsigned=snap.unsigned)
        with self.ctx.db.atomic():
            if task_ids:
                changed = list(Task.select(Task.meeting.alias("meeting_id"), Task.dept)
                               .where(Task.id.in_(task_ids)).namedtuples())
                meeting_ids = {r.meeting_id for r in changed}
                new.meetings.update(self._meetings(meeting_ids))
                for dept in {r.dept for r in changed}:
                    new.dept_tasks[dept] = self._dept_tasks(dept)
                new.changed |= {"meetings", "tasks", "flags"}
                new.changed_ids |= {f"task:{i}" for i in task_ids}
            if ticket_ids:
                self._roles = {p.id: p.role for p in Person.select(Person.id, Person.role)}
                fresh = {r.fact.id: r for r in self._tickets(ticket_ids)}
                for ident in ticket_ids:
                    if ident in fresh:
                        new.tickets[ident] = fresh[ident]
                    else:
                        new.tickets.pop(ident, None)
                new.changed |= {"tickets", "flags"}
                new.changed_ids |= {f"ticket:{i}" for i in ticket_ids}
            if any(r.entity == "day" for r in rows):
                new.unsigned = unsigned_days(self.ctx)
                new.changed.add("flags")
        return new

    # -- pieces ------------------------------------------------------------------
    def _meetings(self, only: set[int] | None = None) -> dict[int, MeetingRow]:
        cal = self.ctx.book.calendar
        now = self.ctx.now()
        lo, hi = cal.day_bounds(cal.today(now))
        pre = pw.Case(None, [((Task.state == PENDING) & (Task.due_at <= Meeting.start_at), 1)], 0)
        not_pending = pw.Case(None, [(Task.state != PENDING, 1)], 0)
        verified = pw.Case(None, [(Task.state == "verified", 1)], 0)
        next_due = pw.fn.MIN(pw.Case(None, [(Task.state == PENDING, Task.due_at)], None))
        query = (Meeting.select(Meeting.id, Venue.name.alias("venue"), Venue.venue_class, Venue.kind,
                                Meeting.title, Meeting.confidential, Meeting.start_at, Meeting.end_at,
                                Meeting.status, pw.fn.COUNT(Task.id).alias("total"),
                                pw.fn.SUM(not_pending).alias("done"), pw.fn.SUM(verified).alias("verified"),
                                pw.fn.SUM(pre).alias("pre_pending"), next_due.alias("next_due"))
                 .join(Venue, on=(Meeting.venue == Venue.id))
                 .join(Task, pw.JOIN.LEFT_OUTER, on=(Task.meeting == Meeting.id))
                 .group_by(Meeting.id, Venue.name, Venue.venue_class, Venue.kind)
                 .order_by(Meeting.start_at, Venue.name))
        if only is not None:
            query = query.where(Meeting.id.in_(only))
        else:
            query = query.where((Meeting.start_at < to_db(hi)) & (Meeting.end_at > to_db(lo)))
        return {r.id: self._meeting_row(r) for r in query.namedtuples()}

    def _meeting_row(self, r: Any) -> MeetingRow:
        """``r``: a named row of the query in ``_meetings`` (Peewee's stubs type it as a Meeting)."""
        return MeetingRow(r.id, r.venue, r.venue_class, r.kind,
                          MASK if r.confidential and not self.cleared else r.title,
                          must(r.start_at), must(r.end_at), r.status, r.total or 0, r.done or 0,
                          r.verified or 0, r.pre_pending or 0, must(r.next_due) if r.next_due else None)

    def _dept_tasks(self, dept: str) -> list[TaskRow]:
        now = self.ctx.now()
        cols = (Task.id, Task.meeting.alias("meeting_id"), Venue.name.alias("venue"), Task.dept, Task.code,
                Task.title, Task.title_zh,
                Task.due_at, Task.earliest_at, Task.state, Task.verify, Task.version,
                Meeting.start_at.alias("meeting_start"))
        base = (Task.select(*cols).join(Meeting, on=(Task.meeting == Meeting.id))
                .join(Venue, on=(Meeting.venue == Venue.id))
                .where((Task.dept == dept) & (Meeting.status == "booked")))
        pending = base.where((Task.state == PENDING) & (Task.due_at >= to_db(now - LOOKBACK))
                             & (Task.due_at < to_db(now + LOOKAHEAD))).order_by(Task.due_at).limit(PER_DEPT)
        reported = base.where((Task.state == DONE) & Task.verify & (Meeting.end_at > to_db(now))) \
            .order_by(Task.due_at).limit(PER_DEPT)
        rows = [self._task_row(r) for r in list(pending.namedtuples()) + list(reported.namedtuples())]
        return sorted(rows, key=lambda r: (r.due, r.id))

    @staticmethod
    def _task_row(r: Any) -> TaskRow:
        """``r``: a named row of the query in ``_dept_tasks`` (Peewee's stubs type it as a Task)."""
        return TaskRow(r.id, r.meeting_id, r.venue, r.dept, r.code, r.title, r.title_zh, must(r.due_at),
                       must(r.earliest_at), r.state, bool(r.verify), r.version, must(r.meeting_start))

    def _tickets(self, only: set[int] | None = None) -> list[TicketRow]:
        query = Ticket.select().where(Ticket.state.in_([OPEN, DISPATCHED, RESOLVED]))
        if only is not None:
            query = query.where(Ticket.id.in_(only))
        return [TicketRow(ticket_fact(t, self._roles.get(t.approved_by_id)), t.kind, t.location, t.dept,
                          t.content, t.contact, t.version) for t in query]


def signed_today(ctx: Context) -> bool:
    return Signoff.select().where(Signoff.day == ctx.book.calendar.today(ctx.now())).exists()
