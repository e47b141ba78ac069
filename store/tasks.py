"""Readiness check-off: done (on a department's report), undo, verify (fire-control centre).

A check-off carries the version the caller saw; if another session changed the task
in between, the write is refused (never silently lost).
"""

from __future__ import annotations

import arrow
import peewee as pw
from dutyboard.rules import task_transition
from dutyboard.rules.facts import DONE, PENDING, VERIFIED
from dutyboard.rules.preparation import check_level, check_three_levels

from .audit import snapshot
from .context import Context, get_for_update, get_or_404
from .errors import Conflict
from .models import Meeting, Person, Task, Venue
from .timeutil import from_db, iso, to_db

TASK_FIELDS = ("state", "done_by", "done_at", "verified_by", "verified_at", "due_at")
_PERMISSION = {"done": "task.done", "undo": "task.undo", "verify": "task.verify"}


def change_task(ctx: Context, task_id: int, action: str,
                expected_version: int | None = None) -> Task:
    now = ctx.now()
    with ctx.write():
        task = get_or_404(Task, task_id, "task")
        meeting = task.meeting
        # a check-off is the department's own; a verification the venue's verifier's (fcc/desk)
        scope = verifier_of(ctx, meeting) if action == "verify" else task.dept
        person = ctx.require(_PERMISSION.get(action, action), scope)
        if meeting.status == "cancelled":
            from dutyboard.rules import RuleViolation
            raise RuleViolation("task.cancelled", f"meeting {meeting.id} was cancelled; "
                                "its tasks are closed")
        if action == "verify" and task.done_by_id == person.id:
            from dutyboard.rules import RuleViolation
            raise RuleViolation("task.self_verify", f"{person.login} reported "
                                f"task {task.id} '{task.title}' done; someone else verifies it")
        if expected_version is not None and task.version != expected_version:
            raise Conflict(_changed_message(task, ctx.tz), "task.conflict")
        new_state = task_transition(task.state, action, now, from_db(task.earliest_at),
                                    task.title, ctx.tz)
        if check_level(task.code) is not None:
            # the levels of one meeting are checked in order: lock the meeting so two sessions
            # cannot pass the order check at once (one undoing level 1, one doing level 2)
            get_for_update(ctx, Meeting, meeting.id, "meeting")
            states = {r.code: r.state for r in Task.select(Task.code, Task.state)
                      .where(Task.meeting == meeting).namedtuples()}
            check_three_levels(task.code, action, states, meeting.id)
        before = snapshot(task, TASK_FIELDS)
        values: dict = {"state": new_state, "version": task.version + 1}
        if new_state == DONE and action == "done":
            values.update(done_by=person.id, done_at=to_db(now))
        elif new_state == PENDING:
            values.update(done_by=None, done_at=None)
        elif new_state == VERIFIED:
            values.update(verified_by=person.id, verified_at=to_db(now))
        # compare-and-set: the row must still be at the version we read
        updated = (Task.update(values)
                   .where((Task.id == task.id) & (Task.version == task.version)).execute())
        if updated != 1:
            raise Conflict(_changed_message(Task.get_by_id(task.id), ctx.tz), "task.conflict")
        task = Task.get_by_id(task.id)
        ctx.audit(f"task.{action}", "task", task.id, before, snapshot(task, TASK_FIELDS),
                  note=task.title)
    return task


def verifier_of(ctx: Context, meeting: Meeting) -> str:
    """The department that verifies this meeting's readiness items (rulebook [verification])."""
    venue = meeting.venue
    return ctx.book.verification.verifier(venue.name, venue.building or "")


def _changed_message(task: Task, tz: str) -> str:
    who: str = "?"
    when: str | None = "?"
    if task.state == VERIFIED and task.verified_by_id:
        who, when = Person.get_by_id(task.verified_by_id).login, iso(from_db(task.verified_at), tz)
    elif task.state == DONE and task.done_by_id:
        who, when = Person.get_by_id(task.done_by_id).login, iso(from_db(task.done_at), tz)
    return (f"[task.conflict] task {task.id} '{task.title}' was changed by another session "
            f"(now {task.state}, by {who} at {when}); look again before checking it off")


def last_done_by(ctx: Context) -> Task | None:
    """The most recent task this person checked off that is still only done (for undo)."""
    person = ctx.actor()
    return (Task.select().where((Task.done_by == person) & (Task.state == DONE))
            .order_by(Task.done_at.desc(), Task.id.desc()).first())


def tasks_query(meeting_id: int | None = None, dept: str | None = None,
                state: str | None = None, day_start: arrow.Arrow | None = None,
                day_end: arrow.Arrow | None = None) -> pw.ModelSelect[Task]:
    query = (Task.select(Task, Meeting, Venue).join(Meeting).join(Venue)
             .order_by(Task.due_at, Task.id))
    if meeting_id is not None:
        query = query.where(Task.meeting == meeting_id)
    if dept:
        query = query.where(Task.dept == dept)
    if state:
        query = query.where(Task.state == state)
    if day_start is not None and day_end is not None:
        query = query.where((Meeting.end_at >= to_db(day_start)) & (Meeting.start_at < to_db(day_end)))
    return query
