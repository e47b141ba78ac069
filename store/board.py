"""The board's read model: what the live board shows, loaded in full once and then
re-read only where the audit log says something changed.

No Textual here; the board calls this from a worker thread.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import arrow
import peewee as pw
from dutyboard.rules.facts import DONE, PENDING

from .audit import verify_tail
from .board_rows import add_counts, meeting_rows, task_rows
from .bookings_duty import unsent_days
from .context import Context
from .db import is_sqlite
from .facts import is_cleared
from .identity import is_training
from .meeting_counts import meeting_counts
from .models import Audit, Meeting, Person, Task, Ticket, Venue
from .oversight import unsigned_days
from .scope import bound, filter_site, this_site_or_company
from .snapshot import TREND_ROLES, Delta, MeetingRow, SiteNotes, Snapshot, TaskRow, TicketRow, Viewer
from .ticket_rows import TICKET_ROW_COLUMNS, ticket_rows
from .tickets import in_hand, tickets_in_hand
from .timeutil import Instants, must, to_db

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .trend import Trend

BOARD_DEPTS = ("eng", "sec", "svc", "env", "desk", "fcc")
PER_DEPT = 40                     # rows kept per department list
LOOKBACK = datetime.timedelta(hours=12)    # overdue items older than this fall off the list
LOOKAHEAD = datetime.timedelta(hours=36)   # items due within this are listed
ACK_ACTIONS = ("task.acknowledge", "ticket.acknowledge")   # store/acknowledge.py
DELTA_LIMIT = 500                 # more changes than this: reload everything

# the snapshot's shapes live in snapshot.py; importers name them from here as before
__all__ = ["BOARD_DEPTS", "BoardReader", "Delta", "MeetingRow", "SiteNotes", "Snapshot",
           "TaskRow", "TicketRow", "Viewer"]


# the items reported done that await verification, written as ``task_awaiting_verify_end``'s
# WHERE (0015) so SQLite uses that partial index (it does not for a bound ``state = ?``)
assert DONE.isalpha()
AWAITING_VERIFY = (Task.state == pw.SQL(f"'{DONE}'")) & Task.verify


def unindexed(db: pw.Database, field: pw.Field) -> Any:
    """``field`` as SQLite may not search by: a unary plus, SQLite's documented way to
    disqualify an index for one term. PostgreSQL has no unary plus for timestamps and needs
    no hint (its statistics know the ranges)."""
    return pw.NodeList((pw.SQL("+"), field), glue="") if is_sqlite(db) else field


def this_sites(model: Any) -> Any:
    """A joined per-building table is not filtered by its own ``select()``: say the site, so
    the planner reads only this building's rows (PostgreSQL scanned every site's meetings)."""
    site = filter_site()
    return model.site == site if site is not None else pw.SQL("1 = 1")


class BoardReader:
    """Loads snapshots for one viewer. Call from a single worker thread."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        viewer = Person.get_or_none(Person.login == ctx.login)
        self.cleared = is_cleared(viewer)
        self.wants_trend = viewer is not None and viewer.role in TREND_ROLES
        self._roles: dict[int | None, str] = {}  # person id -> role (None: nobody)

    # -- change detection ------------------------------------------------------
    def token(self) -> int:
        """The newest audit id: every write appends one, on SQLite and PostgreSQL alike."""
        return Audit.select(pw.fn.MAX(Audit.id)).scalar() or 0

    # -- full load ----------------------------------------------------------------
    def full(self) -> Snapshot:
        with self.ctx.read():  # one consistent read, at this reader's site
            snap = Snapshot(token=self.token())
            self._roles = {p.id: p.role for p in Person.select(Person.id, Person.role)}
            snap.meetings = self._meetings()
            snap.dept_tasks = self._dept_tasks(BOARD_DEPTS)
            snap.tickets = {r.fact.id: r for r in self._tickets()}
            snap.unsigned = unsigned_days(self.ctx)
            snap.unsent_bookings = unsent_days(self.ctx)
            snap.site = self._site_notes()
            snap.trend = self._trend() if self.wants_trend else None
        snap.changed = {"meetings", "tasks", "tickets", "flags"}
        return snap

    def _trend(self) -> Trend:
        """The month's trend (store/trend.py, imported for the roles that see it only)."""
        from .trend import trend
        return trend(self.ctx)

    def _site_notes(self) -> SiteNotes:
        """Cheap: a setting, the last 50 audit rows' chain, and the calendar of today's year."""
        broken = verify_tail(50)
        year = self.ctx.book.calendar.today(self.ctx.now()).year
        covered = self.ctx.book.calendar.coverage([year])[0].covered
        return SiteNotes(training=is_training(), audit_break=broken.row_id if broken else None,
                         calendar_gap=None if covered else year, viewer=self._viewer())

    def _viewer(self) -> Viewer:
        """Re-read with every full load: a change to people (user add) reloads everything."""
        person = Person.get_or_none(Person.login == self.ctx.login)
        if person is None or not person.active:
            return Viewer(self.ctx.login)
        return Viewer(person.login, person.name, person.role,
                      tuple(d for d in BOARD_DEPTS if d in person.dept_set))

    def roll(self, snap: Snapshot, news: Snapshot | None = None) -> Snapshot | None:
        """The clock moved the departments' lists' window on (``LOOKBACK``/``LOOKAHEAD``
        around now): read those lists again, nothing else (today's meetings, the tickets in
        hand and the days do not move with the clock within a day). ``news``: what
        :meth:`refresh` found since ``snap`` meanwhile, which the result carries too. None
        when neither changed anything. A full load every few steps stays the safety net
        (tui/board/poller.py)."""
        base = news or snap
        with bound(self.ctx), self.ctx.db.atomic():
            lists = self._dept_tasks(BOARD_DEPTS)
        moved: set[int] = set()
        for dept, listed in lists.items():
            before = {r.id: r for r in base.dept_tasks.get(dept, [])}
            after = {r.id: r for r in listed}
            moved |= {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
        if not moved:
            return news
        rolled = replace(base, dept_tasks={**base.dept_tasks, **lists},
                         changed=base.changed | {"tasks", "flags"} if news else {"tasks", "flags"},
                         changed_ids=set(base.changed_ids) if news else set(),
                         acknowledged=dict(base.acknowledged) if news else {})
        was = news.delta if news is not None and news.delta is not None else Delta(since=snap.token)
        rolled.delta = replace(was, tasks=was.tasks | frozenset(moved))
        return rolled

    def refresh(self, snap: Snapshot) -> Snapshot | None:
        """Apply what changed since ``snap.token``; None when nothing did. Read at this
        reader's site, whichever Context the calling thread last worked for."""
        with bound(self.ctx):
            return self._refresh(snap)

    def _refresh(self, snap: Snapshot) -> Snapshot | None:
        token = self.token()
        if token == snap.token:
            return None
        # the token is the whole log's (one primary-key lookup); another building's writes
        # are left out here, so they never reload this site's board
        rows = list(Audit.select(Audit.entity, Audit.entity_id, Audit.action)
                    .where((Audit.id > snap.token) & this_site_or_company())
                    .order_by(Audit.id).limit(DELTA_LIMIT + 1).namedtuples())
        if len(rows) > DELTA_LIMIT or any(r.entity not in ("task", "ticket", "day") for r in rows):
            full = self.full()
            full.acknowledged = self.acknowledged_between(snap.token, full.token)
            return full
        task_ids = {r.entity_id for r in rows if r.entity == "task" and r.entity_id is not None}
        ticket_ids = {r.entity_id for r in rows if r.entity == "ticket" and r.entity_id is not None}
        new = Snapshot(token=token, meetings=dict(snap.meetings), dept_tasks=dict(snap.dept_tasks),
                       tickets=dict(snap.tickets), unsigned=snap.unsigned,
                       unsent_bookings=snap.unsent_bookings,
                       site=replace(snap.site, audit_break=self._audit_break()), trend=snap.trend)
        if any(r.action in ACK_ACTIONS for r in rows):
            new.acknowledged = self.acknowledged_between(snap.token, token)
        meeting_ids: set[int] = set()
        row_ids: set[int] = set(task_ids)
        with self.ctx.db.atomic():
            if task_ids:
                changed = list(Task.select(Task.meeting.alias("meeting_id"), Task.dept)
                               .where(Task.id.in_(task_ids)).namedtuples())
                meeting_ids = {r.meeting_id for r in changed}
                new.meetings.update(self._meetings(meeting_ids))
                fresh_lists = self._dept_tasks({r.dept for r in changed})
                for dept, listed in fresh_lists.items():   # rows that entered or left a list too
                    before = {r.id: r for r in snap.dept_tasks.get(dept, [])}
                    after = {r.id: r for r in listed}
                    row_ids |= {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
                new.dept_tasks.update(fresh_lists)
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
                if self.wants_trend:
                    new.trend = self._trend()
            if any(r.entity == "day" for r in rows):
                new.unsigned = unsigned_days(self.ctx)
                new.unsent_bookings = unsent_days(self.ctx)
                new.changed.add("flags")
        new.delta = Delta(frozenset(meeting_ids), frozenset(row_ids), frozenset(ticket_ids),
                          any(r.entity == "day" for r in rows), snap.token)
        return new

    @staticmethod
    def acknowledged_between(after: int, upto: int) -> dict[str, tuple[str, arrow.Arrow]]:
        """The acknowledgements among the audit rows since the last snapshot: bounded by the
        primary key's range (the rows written since the board last looked), never history."""
        rows = (Audit.select(Audit.entity, Audit.entity_id, Audit.actor, Audit.clock_at, Audit.at)
                .where((Audit.id > after) & (Audit.id <= upto) & Audit.action.in_(ACK_ACTIONS))
                .order_by(Audit.id).namedtuples())
        return {f"{r.entity}:{r.entity_id}": (r.actor, must(r.clock_at or r.at)) for r in rows}

    @staticmethod
    def _audit_break() -> int | None:
        """Re-checked with every change: new rows must still chain onto the old ones."""
        broken = verify_tail(50)
        return broken.row_id if broken else None

    # -- pieces ------------------------------------------------------------------
    # Every query below is bounded by time, not by how much history the site holds: rows
    # are found through an index on a time window (a meeting's end, a task's due time) or
    # through the ids such a window gave; tests/store/test_store_query_plans.py checks it.
    def _meetings(self, only: set[int] | None = None) -> dict[int, MeetingRow]:
        """Today's meetings with their task counts. The meetings come by ``end_at > start of
        today`` (today and later, never the past), their counts by meeting id. SQLite would
        rather search ``start_at < end of today``, or scan that index for the ORDER BY: every
        meeting the site ever had (180 days: 25x the read), hence :func:`unindexed` on both;
        today's 1,500 meetings sort in a moment."""
        cal = self.ctx.book.calendar
        lo, hi = cal.day_bounds(cal.today(self.ctx.now()))
        if only is not None:
            window = Meeting.id.in_(only)
        else:
            window = (Meeting.end_at > to_db(lo)) & (unindexed(self.ctx.db, Meeting.start_at) < to_db(hi))
        query = (Meeting.select(Meeting.id, Venue.name.alias("venue"), Venue.venue_class, Venue.kind,
                                Meeting.title, Meeting.confidential, Meeting.start_at, Meeting.end_at,
                                Meeting.status)
                 .join(Venue, on=(Meeting.venue == Venue.id))
                 .where(window).order_by(unindexed(self.ctx.db, Meeting.start_at), Venue.name))
        instants = Instants()   # as tuples, each timestamp converted once (timeutil.Instants)
        out = meeting_rows(query, self.cleared, instants)
        if not out:
            return out
        add_counts(out, meeting_counts(self.ctx.db, window, lo), instants)
        return out

    def _dept_tasks(self, depts: Iterable[str]) -> dict[str, list[TaskRow]]:
        """Per department: the next pending items (due in the window around now, through the
        (dept, state, due_at) index) and the items reported done that await verification on
        meetings not yet over, for all departments at once (a department filter would steer
        the planner to the history). Those come by the meeting's end the task carries, through
        the partial index ``task_awaiting_verify_end`` (0015). (Found by meeting id through the
        meetings not yet over, PostgreSQL read every item past days left unverified and
        dropped them in the join.) Items of meetings already over are not the board's; the
        flags and the shift report show those (store/oversight.py, store/shift.py)."""
        now = self.ctx.now()
        wanted = list(depts)
        cols = (Task.id, Task.meeting.alias("meeting_id"), Venue.name.alias("venue"), Task.dept, Task.code,
                Task.title, Task.title_zh, Task.due_at, Task.earliest_at, Task.state, Task.verify,
                Task.version, Meeting.start_at.alias("meeting_start"),
                Meeting.title.alias("meeting_title"), Meeting.confidential, Venue.building)
        base = (Task.select(*cols).join(Meeting, on=(Task.meeting == Meeting.id))
                .join(Venue, on=(Meeting.venue == Venue.id)))
        instants = Instants()   # as tuples, each timestamp converted once (timeutil.Instants)
        verifier = self.ctx.book.verification.verifier
        out: dict[str, list[TaskRow]] = {}
        for dept in wanted:
            due = (Task.due_at >= to_db(now - LOOKBACK)) & (Task.due_at < to_db(now + LOOKAHEAD))
            pending = base.where((Task.dept == dept) & (Task.state == PENDING) & due
                                 & (Meeting.status == "booked")).order_by(Task.due_at).limit(PER_DEPT)
            out[dept] = task_rows(pending, self.cleared, instants, verifier)
        # the meeting's own end is checked too; SQLite probes the meetings by id, PostgreSQL
        # may hash them, read by the site's (site, end_at) index: the meetings not yet over
        ended = unindexed(self.ctx.db, Meeting.end_at) > to_db(now)
        meeting_side = ended if is_sqlite(self.ctx.db) else ended & this_sites(Meeting)
        awaiting = ((Task.meeting_end_at > to_db(now)) & AWAITING_VERIFY & meeting_side
                    & (Meeting.status == "booked"))
        reported: dict[str, list[TaskRow]] = {}
        for row in task_rows(base.where(awaiting), self.cleared, instants, verifier):
            if row.dept in out:
                reported.setdefault(row.dept, []).append(row)
        for dept, rows in out.items():
            waiting = sorted(reported.get(dept, []), key=lambda r: (r.due, r.id))[:PER_DEPT]
            out[dept] = sorted(rows + waiting, key=lambda r: (r.due, r.id))
        return out

    def _tickets(self, only: set[int] | None = None) -> list[TicketRow]:
        if only is not None:   # by id
            query = Ticket.select(*TICKET_ROW_COLUMNS).where(in_hand() & Ticket.id.in_(only))
        else:  # in the partial index's order: SQLite's statistics alone would pick a table scan
            query = tickets_in_hand(*TICKET_ROW_COLUMNS).order_by(Ticket.opened_at)
        return ticket_rows(query, self._roles)   # as tuples, not models (ticket_rows.py)

