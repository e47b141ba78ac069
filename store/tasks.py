"""Readiness check-off: done (on a department's report), undo, verify (fire-control centre),
and unverify (a wrong verification revoked with a reason, by the duty officer or the desk
supervisor).

A check-off carries the version the caller saw; if another session changed the task
in between, the write is refused (never silently lost).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import arrow
import peewee as pw
from dutyboard.rules import task_transition
from dutyboard.rules.facts import DONE, PENDING, VERIFIED
from dutyboard.rules.preparation import check_after, check_level, check_three_levels, ordered

from .audit import snapshot
from .context import Context, get_for_update, get_or_404
from .errors import Conflict, UsageError
from .facts import MASK, is_cleared
from .models import Audit, Meeting, Person, Task, Venue
from .timeutil import from_db, iso, must, to_db

TASK_FIELDS = ("state", "done_by", "done_at", "verified_by", "verified_at", "due_at")
_PERMISSION = {"done": "task.done", "undo": "task.undo", "verify": "task.verify",
               "unverify": "task.unverify"}
# the last readiness action a person may still undo: on meetings that ended this long ago at most
UNDO_WINDOW = datetime.timedelta(days=2)


def change_task(ctx: Context, task_id: int, action: str,
                expected_version: int | None = None, reason: str = "") -> Task:
    """``reason``: why a verification is revoked (``unverify`` needs one; it goes in the audit
    row's note with the item's title)."""
    now = ctx.now()
    if action == "unverify" and not reason.strip():
        raise UsageError("--reason must not be empty: say why the verification is revoked")
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
        if check_level(task.code) is not None or ordered(task.code, ctx.book):
            # the levels of one meeting (and a delivery and its confirmation) are checked in
            # order: lock the meeting so two sessions cannot pass the order check at once (one
            # undoing level 1, one doing level 2)
            get_for_update(ctx, Meeting, meeting.id, "meeting")
            states = {r.code: r.state for r in Task.select(Task.code, Task.state)
                      .where(Task.meeting == meeting).namedtuples()}
            check_three_levels(task.code, action, states, meeting.id)
            check_after(task.code, action, states, ctx.book, meeting.id)
        before = snapshot(task, TASK_FIELDS)
        values: dict = {"state": new_state, "version": task.version + 1}
        if new_state == DONE and action == "done":
            values.update(done_by=person.id, done_at=to_db(now))
        elif new_state == PENDING:
            values.update(done_by=None, done_at=None)
        elif new_state == VERIFIED:
            values.update(verified_by=person.id, verified_at=to_db(now))
        if action == "unverify":
            values.update(verified_by=None, verified_at=None)
        # compare-and-set: the row must still be at the version we read
        updated = (Task.update(values)
                   .where((Task.id == task.id) & (Task.version == task.version)).execute())
        if updated != 1:
            raise Conflict(_changed_message(Task.get_by_id(task.id), ctx.tz), "task.conflict")
        task = Task.get_by_id(task.id)
        note = f"{task.title}: verification revoked: {reason.strip()}" if action == "unverify" \
            else task.title
        ctx.audit(f"task.{action}", "task", task.id, before, snapshot(task, TASK_FIELDS), note=note)
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
    last = last_action_by(ctx)
    return last.task if last is not None and last.action == "done" else None


@dataclass(frozen=True)
class LastAction:
    """A person's most recent readiness action that still stands, for ``u`` on the board:
    ``done`` (their check-off, undone back to pending) or ``verify`` (their verification,
    revoked back to reported). With the meeting and venue, so the board can name them."""
    task: Task
    action: str
    at: arrow.Arrow
    meeting: str
    venue: str
    meeting_start: arrow.Arrow


def last_action_by(ctx: Context) -> LastAction | None:
    """This person's latest check-off or verification still standing, on a booked meeting
    that ended at most :data:`UNDO_WINDOW` ago (found through the meetings' end time, so
    the history is never read). "Latest" is by the audit log's order, which holds even when
    two actions carry the same instant. Someone else's later action is never the answer."""
    person = ctx.actor()
    live = (Meeting.status == "booked") & (Meeting.end_at >= to_db(ctx.now() - UNDO_WINDOW))
    recent = Task.meeting.in_(Meeting.select(Meeting.id).where(live))
    base = Task.select(Task, Meeting, Venue).join(Meeting).join(Venue)
    # "+ 0": the person is a filter, not the way in; through the indexes on who did it, a
    # planner would read every item that person ever checked off
    candidates = [(t, "done") for t in base.where(recent & live & (Task.state == DONE)
                                                  & (Task.done_by + 0 == person.id))]
    candidates += [(t, "verify") for t in base.where(recent & live & (Task.state == VERIFIED)
                                                     & (Task.verified_by + 0 == person.id))]
    if not candidates:
        return None
    rows: Any = (Audit.select(Audit.entity_id, Audit.action, pw.fn.MAX(Audit.id))
                 .where((Audit.entity == "task") & Audit.entity_id.in_([t.id for t, _ in candidates])
                        & Audit.action.in_(["task.done", "task.verify"]) & (Audit.actor == ctx.login))
                 .group_by(Audit.entity_id, Audit.action).tuples())  # through (entity, entity_id)
    order: dict[tuple[int, str], int] = {(ident, act): last for ident, act, last in rows}
    task, action = max(candidates, key=lambda c: (order.get((c[0].id, f"task.{c[1]}"), 0), c[0].id))
    when = task.done_at if action == "done" else task.verified_at
    assert when is not None  # done and verified items carry their time
    cleared = is_cleared(person)
    return LastAction(task, action, must(when),
                      MASK if task.meeting.confidential and not cleared else task.meeting.title,
                      task.meeting.venue.name, must(task.meeting.start_at))


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
