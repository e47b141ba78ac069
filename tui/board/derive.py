"""The board's rows kept up to date by what changed, not re-derived whole (no widgets here).

Every row belongs to a source: a meeting (its venues row), a task (its tasks row, its
escalation, the overdue group of its meeting), a ticket (its tickets row, its escalations),
a day (sign-off, bookings report) or a meeting's overdue group. A change re-derives the
sources the snapshot's ``Delta`` names; time re-derives a source when one of its instants
passes (``rules/flag_times.py``, a meeting's start and end, a verification deadline
nearing), from a heap of (instant, source). Between them a row's cells change only in its
ticking columns (countdowns, ages), which the screen repaints for the visible rows.

``BoardRows.rebuild`` derives everything from scratch (first load, a day change, a filter or
focus change, the safety net); ``apply`` and ``advance`` must end in the same rows
(tests/tui/test_board_derive.py checks it for random changes). A full rebuild leaves its
tickets' next instants to the first call after it (``_settle``): they are not shown, and the
first full board comes on screen without them (issue 13). Each ticket's clock is worked out
once per fact and rulebook (ticket_clock.py).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import arrow
from dutyboard.rules import Flag, Rulebook
from dutyboard.rules.facts import PENDING, SEVERITY_ORDER
from dutyboard.rules.flag_times import day_instants, next_instant, task_instants
from dutyboard.rules.flags import bookings_report_flag, signoff_flag
from dutyboard.store.board import Delta, Snapshot, TaskRow, TicketRow

from . import rows as R
from . import ticket_clock
from .derive_cells import NONE, flag_cells, ticket_cells
from .i18n import Translator
from .pane_rows import Cells, LazyCells, PaneRows, Source
from .refs import RowRef

PANES = ("venues", "tasks", "tickets", "escalations")
TICKING = {"venues": ("worst",), "tasks": ("countdown",), "tickets": ("next", "age"),
           "escalations": ("age",)}   # the columns the per-second tick keeps moving
PRIORITY_RANK = {"emergency": 0, "urgent": 1, "normal": 2}   # as rows.ticket_rows orders them


def diff(old: Snapshot, new: Snapshot) -> Delta:
    """What differs between two snapshots, by id: for a full load that follows one the rows
    were derived from (the poller reloads everything when its time window moves on)."""
    def changed(a: dict, b: dict) -> frozenset:
        return frozenset(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    tasks = changed({r.id: r for rows in old.dept_tasks.values() for r in rows},
                    {r.id: r for rows in new.dept_tasks.values() for r in rows})
    return Delta(changed(old.meetings, new.meetings), tasks, changed(old.tickets, new.tickets),
                 old.unsigned != new.unsigned or old.unsent_bookings != new.unsent_bookings, old.token)


@dataclass
class View:
    """What the rows depend on besides the snapshot and the instant."""
    t: Translator
    tz: str
    book: Rulebook
    dept: str | None = None                        # the department in focus
    highlighted: set[str] = field(default_factory=set)
    marked: set[int] = field(default_factory=set)


class BoardRows:
    def __init__(self, view: View) -> None:
        self.view = view
        self.panes = {name: PaneRows() for name in PANES}
        self.snap: Snapshot | None = None
        self.tasks: dict[int, TaskRow] = {}
        self.by_meeting: dict[int, list[TaskRow]] = {}
        self.days: set[date] = set()
        self.alerting: set[str] = set()      # emergencies, overdue items, items past verification
        self.age_from: dict[RowRef, arrow.Arrow | None] = {}   # escalation rows: their age's start
        self._heap: list[tuple[float, int, Source]] = []
        self._due: dict[Source, float] = {}
        self._seq = itertools.count()
        self.active: set[str] = set(PANES)   # the panes being derived (the others are left alone)
        # a full rebuild's tickets whose next instant is still to be scheduled: worked out
        # (rules.flag_times) by the first call after it, i.e. after the first full board is on
        # screen, not before (issue 13); None outside a full rebuild
        self._later: list[tuple[Source, TicketRow, Rulebook, arrow.Arrow]] | None = None
        self._unscheduled: list[tuple[Source, TicketRow, Rulebook, arrow.Arrow]] = []

    def _put(self, pane: str, source: Source, entries: list[tuple[RowRef, tuple, Cells]],
             over: bool | None = None) -> None:
        if pane in self.active:
            self.panes[pane].put(source, entries, over)

    # -- whole ----------------------------------------------------------------------------
    def rebuild(self, snap: Snapshot, now: arrow.Arrow, panes: Iterable[str] = PANES) -> None:
        """Derive ``panes`` from scratch (every pane: the schedule and the alerts too)."""
        self.active = set(panes)
        if self.active == set(PANES):
            self.alerting, self.age_from, self._heap, self._due = set(), {}, [], {}
            self._later = self._unscheduled = []
        else:
            self._settle()
        for name in self.active:
            self.panes[name] = PaneRows()
            self.panes[name].bulk = True
        self._index(snap)
        for meeting_id in snap.meetings:
            self._meeting(meeting_id, now)
        for task_id in self.tasks:
            self._task(task_id, now, group=False)
        for meeting_id in self.by_meeting:
            self._group(meeting_id, now)
        for ticket_id in snap.tickets:
            self._ticket(ticket_id, now)
        self._later = None
        self._days(now)
        for name in self.active:
            self.panes[name].finish()
        self.active = set(PANES)

    def _settle(self) -> None:
        """Schedule what the last full rebuild left to schedule, as it would have (its instant
        and rulebook): before anything else re-derives or reads the schedule."""
        if self._unscheduled:
            left, self._unscheduled = self._unscheduled, []
            for source, row, book, now in left:
                self._schedule(source, ticket_clock.instants(row.fact, book), now)

    # -- by what changed --------------------------------------------------------------------
    def apply(self, snap: Snapshot, delta: Delta, now: arrow.Arrow) -> None:
        """Re-derive what ``delta`` names (the snapshot after it is ``snap``)."""
        self._settle()
        before = {i: self.tasks[i].meeting_id for i in delta.tasks if i in self.tasks}
        self._index(snap)
        for meeting_id in delta.meetings:
            self._meeting(meeting_id, now)
        groups = set(before.values())
        for task_id in delta.tasks:
            self._task(task_id, now, group=False)
            if task_id in self.tasks:
                groups.add(self.tasks[task_id].meeting_id)
        for meeting_id in groups:
            self._group(meeting_id, now)
        for ticket_id in delta.tickets:
            self._ticket(ticket_id, now)
        if delta.days:
            self._days(now)

    def touch(self, subjects: Iterable[str], now: arrow.Arrow) -> None:
        """Re-derive these subjects ("task:3", "ticket:5"): their highlight changed."""
        self._settle()
        for subject in subjects:
            ref = RowRef.of_flag("", subject)
            if ref.entity == "task" and ref.ident.isdigit():
                self._task(ref.number, now)
            elif ref.entity == "ticket" and ref.ident.isdigit():
                self._ticket(ref.number, now)

    def rederive(self, keys: Iterable[RowRef], now: arrow.Arrow) -> None:
        """Derive these escalation rows again (the minutes inside their messages move on)."""
        self._settle()
        for key in keys:
            if key.flag == "readiness_overdue":
                self._group(key.number, now)
            elif key.entity == "ticket":
                self._ticket(key.number, now)
            elif key.entity == "task":
                self._task(key.number, now)
            elif key.entity == "day":
                self._days(now)

    def advance(self, now: arrow.Arrow) -> int:
        """Re-derive every source whose next instant has passed; how many."""
        self._settle()
        done = 0
        stamp = now.timestamp()
        while self._heap and self._heap[0][0] <= stamp:
            when, _, source = heapq.heappop(self._heap)
            if self._due.get(source) != when:
                continue      # re-derived since, with a later instant
            del self._due[source]
            kind, ident = source
            if kind == "meeting":
                self._meeting(int(str(ident)), now)
            elif kind == "task":
                self._task(int(str(ident)), now)
            elif kind == "ticket":
                self._ticket(int(str(ident)), now)
            elif kind == "day":
                self._days(now)
            done += 1
        return done

    def next_due(self) -> float | None:
        self._settle()
        return self._heap[0][0] if self._heap else None

    # -- sources ------------------------------------------------------------------------------
    def _index(self, snap: Snapshot) -> None:
        self.snap = snap
        self.tasks = {r.id: r for rows in snap.dept_tasks.values() for r in rows}
        self.by_meeting = {}
        for task in self.tasks.values():
            self.by_meeting.setdefault(task.meeting_id, []).append(task)

    def _schedule(self, source: Source, instants: Iterable[arrow.Arrow | None], now: arrow.Arrow) -> None:
        at = next_instant(instants, now)
        if at is None:
            self._due.pop(source, None)
            return
        stamp = at.timestamp()
        if self._due.get(source) != stamp:
            self._due[source] = stamp
            heapq.heappush(self._heap, (stamp, next(self._seq), source))

    def _meeting(self, meeting_id: int, now: arrow.Arrow) -> None:
        assert self.snap is not None
        m = self.snap.meetings.get(meeting_id)
        v = self.view
        # the cells worked out when shown: the venues table shows a window of the day's
        # meetings on a large site (table_window.py), from the first one not over yet
        entries = [] if m is None else [(RowRef("meeting", m.id), (m.start.timestamp(), m.venue),
                                         LazyCells(partial(R.meeting_cells, m, now, v.t, v.tz)))]
        self._put("venues", ("meeting", meeting_id), entries, m is not None and m.end <= now)
        self._schedule(("meeting", meeting_id), [m.start, m.end] if m else [], now)

    def _task(self, task_id: int, now: arrow.Arrow, group: bool = True) -> None:
        v, source, subject = self.view, ("task", task_id), f"task:{task_id}"
        task = self.tasks.get(task_id)
        self.alerting.discard(subject)
        if task is None:
            for pane in ("tasks", "escalations"):
                self._put(pane, source, [])
            self._schedule(source, [], now)
            return
        verify_by = v.book.verify_by
        if "tasks" in self.active:
            self.panes["tasks"].put(source, self._task_entry(task, now))
        if "escalations" in self.active:
            flag = R.task_escalation(task, v.book, now)
            self._flag_rows(source, [flag] if flag else [], now)
        deadline = task.meeting_start + verify_by
        if task.state == PENDING and task.due <= now or R.awaiting_verification(task) and deadline <= now:
            self.alerting.add(subject)
        row_instants = [task.due, deadline - R.NEARING, deadline]
        self._schedule(source, task_instants(R.task_fact(task), v.book) + row_instants, now)
        if group:
            self._group(task.meeting_id, now)

    def _task_entry(self, task: TaskRow, now: arrow.Arrow) -> list[tuple[RowRef, tuple, Cells]]:
        """The task's row in the tasks pane: for a verifying department in focus the items
        waiting for ITS verification first, then its own items (rows.task_rows)."""
        v = self.view
        waiting = v.dept in R.VERIFIERS and R.awaiting_verification(task) and task.verifier == v.dept
        if not waiting and v.dept is not None and task.dept != v.dept:
            return []
        rank = R.urgency(task, now, v.book.verify_by)
        sort = (0 if waiting else 1, rank[0], rank[1].timestamp(), rank[2])
        cells = R._task_cells(task, now, v.t, v.tz, v.book.verify_by, f"task:{task.id}" in v.highlighted)
        return [(RowRef("task", task.id), sort, cells)]

    def _group(self, meeting_id: int, now: arrow.Arrow) -> None:
        if "escalations" not in self.active:
            return
        v = self.view
        overdue = [r for r in self.by_meeting.get(meeting_id, []) if r.state == PENDING and now >= r.due]
        entries = []
        if overdue:
            overdue.sort(key=lambda r: (r.due, r.id))   # as rows.overdue_groups lists them
            ref = R.group_ref(meeting_id)
            oldest = min(r.due for r in overdue)
            self.age_from[ref] = oldest
            entries = [(ref, (1, 0, 0, oldest.timestamp(), meeting_id),
                        R.group_cells(overdue, now, v.t, v.highlighted, v.tz))]
        self.panes["escalations"].put(("group", meeting_id), entries)

    def _ticket(self, ticket_id: int, now: arrow.Arrow) -> None:
        assert self.snap is not None
        v, source, subject = self.view, ("ticket", ticket_id), f"ticket:{ticket_id}"
        row = self.snap.tickets.get(ticket_id)
        if row is None:
            self.alerting.discard(subject)
            for pane in ("tickets", "escalations"):
                self._put(pane, source, [])
            self._schedule(source, [], now)
            return
        if "tickets" in self.active:
            self.panes["tickets"].put(source, self._ticket_entry(row, now))
        if "escalations" in self.active:
            flags = [f for f in ticket_clock.flags(row.fact, v.book, now) if f.kind in R.ESCALATION_KINDS]
            self._flag_rows(source, flags, now)
            self.alerting.discard(subject)
            if any(f.kind == "emergency" for f in flags):
                self.alerting.add(subject)
        if self._later is not None:
            self._later.append((source, row, v.book, now))
        else:
            self._schedule(source, ticket_clock.instants(row.fact, v.book), now)

    def _ticket_entry(self, row: TicketRow, now: arrow.Arrow) -> list[tuple[RowRef, tuple, Cells]]:
        v = self.view
        entries = []
        if v.dept is None or row.dept == v.dept:
            rank = PRIORITY_RANK
            f = row.fact
            cells = LazyCells(partial(ticket_cells, row, now, v.t, v.book, f.id in v.marked))
            entries = [(RowRef("ticket", f.id),
                        (R.is_stalled(row), rank.get(f.priority, 3), f.opened_at.timestamp(), f.id), cells)]
        return entries

    def _days(self, now: arrow.Arrow) -> None:
        assert self.snap is not None
        if "escalations" not in self.active:
            return
        v = self.view
        unsigned, unsent = set(self.snap.unsigned), set(self.snap.unsent_bookings)
        for day in self.days - unsigned - unsent:
            self._flag_rows(("day", day), [], now)
            self._schedule(("day", day), [], now)
        self.days = unsigned | unsent
        for day in self.days:
            flags = [f for f in (signoff_flag(day, False, v.book, now) if day in unsigned else None,
                                 bookings_report_flag(day, False, v.book, now) if day in unsent else None)
                     if f is not None]
            self._flag_rows(("day", day), flags, now)
            self._schedule(("day", day), day_instants(day, v.book), now)

    def _flag_rows(self, source: Source, flags: list[Flag], now: arrow.Arrow) -> None:
        """A subject's escalation rows, one per flag kind (the first in the flags' order)."""
        assert self.snap is not None
        v = self.view
        entries: list[tuple[RowRef, tuple, Cells]] = []
        seen: set[RowRef] = set()
        for f in sorted(flags, key=R.flag_order) if len(flags) > 1 else flags:
            ref = RowRef.of_flag(f.kind, f.subject)
            if ref in seen:
                continue
            seen.add(ref)
            self.age_from[ref] = f.due_at
            order = R.FLAG_ORDER.get(f.kind, 5)
            due = (f.due_at or R.FAR).timestamp()
            # the highlight as it is now, not when the cells are worked out (LazyCells)
            highlighted = {f.subject} if f.subject in v.highlighted else NONE
            entries.append((ref, (R.flag_rank(f), order, SEVERITY_ORDER[f.severity], due, f.subject),
                            LazyCells(partial(flag_cells, f, self._named(ref), now, v.t, highlighted, ref))))
        self.panes["escalations"].put(source, entries)

    def _named(self, ref: RowRef) -> TicketRow | TaskRow | None:
        """The ticket or task an escalation row's message names (``rows.flag_message`` looks
        it up in the snapshot), found now: the row's cells, worked out later, keep it and
        not the whole snapshot (a new one each change, until the safety net derives all)."""
        assert self.snap is not None
        if ref.entity == "ticket":
            return self.snap.tickets.get(ref.number)
        if ref.entity == "task":   # the index of the snapshot's tasks (``_index``), not
            return self.tasks.get(ref.number)   # a walk through every department's list
        return None

    # -- the ticking columns ------------------------------------------------------------------
    def escalation_since(self, keys: Iterable[RowRef]) -> dict[RowRef, arrow.Arrow | None]:
        """When each escalation row's age counts from (``-`` before; ticking.py)."""
        return {key: self.age_from.get(key) for key in keys}

    def escalation_ages(self, keys: Iterable[RowRef], now: arrow.Arrow) -> dict[RowRef, str]:
        return {key: R.flag_age(self.age_from.get(key), now) for key in keys
                if key in self.panes["escalations"].cells}
