"""Issue 11 in the store: the day's summary shown before a sign-off, a sign-off revoked with
a reason, a wrong verification revoked with a reason, and "my last readiness action" for
undo. Who may, what is refused, and the audit row each leaves (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime
import json

import pytest
from dutyboard.store import oversight, tasks, ticket_procedures, tickets
from dutyboard.store.audit import verify
from dutyboard.store.errors import NotFound, NotPermitted, UsageError
from dutyboard.store.models import Signoff, Task
from storekit import acting, at, book, counts, last_audit, open_ticket, refused, seed, set_now, step

DAY = datetime.date(2026, 11, 23)


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))


def _item(ctx, code: str = "eng.mics") -> Task:  # noqa: ANN001
    m = book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00")
    return Task.get((Task.meeting == m) & (Task.code == code))


def test_revoke_signoff_needs_the_supervisor_and_a_reason(ctx):
    set_now(ctx, "2026-11-23 07:48")
    step(ctx, "super", oversight.sign_off)
    before = counts()
    for login in ("clerk", "duty", "eng-lead"):
        with acting(ctx, login), pytest.raises(NotPermitted, match="signoff.revoke"):
            oversight.revoke_sign_off(ctx, DAY, "too early")
    with acting(ctx, "super"), pytest.raises(UsageError, match="--reason"):
        oversight.revoke_sign_off(ctx, DAY, " ")
    with acting(ctx, "super"), pytest.raises(NotFound, match="2026-11-20 is not signed off"):
        oversight.revoke_sign_off(ctx, datetime.date(2026, 11, 20), "x")
    assert counts() == before
    with acting(ctx, "super"):
        oversight.revoke_sign_off(ctx, DAY, "signed at 07:48 with two emergencies open")
    assert Signoff.get_or_none(Signoff.day == DAY) is None
    row = last_audit()
    assert (row.actor, row.action, row.entity, row.note) == (
        "super", "signoff.revoke", "day", "signed at 07:48 with two emergencies open")
    assert json.loads(row.before) == {"day": "2026-11-23", "by": "super",
                                      "at": at("2026-11-23 07:48").to("UTC").isoformat(), "note": ""}
    assert DAY in oversight.unsigned_days(ctx)
    step(ctx, "boss", oversight.sign_off)  # the manager may sign it anew (and revoke)
    step(ctx, "boss", oversight.revoke_sign_off, DAY, "the manager's second look")
    assert verify() is None


def test_day_summary_counts_and_warnings(ctx):
    set_now(ctx, "2026-11-23 09:00")
    open_ticket(ctx, priority="emergency", location="Basement")
    open_ticket(ctx)
    stalled = open_ticket(ctx, content="Door closer broken")
    open_ticket(ctx, inquiry=True, content="Where is room 305?")
    step(ctx, "clerk", tickets.dispatch, stalled.id, "eng")
    step(ctx, "clerk", ticket_procedures.stall, stalled.id, "owner's budget")
    major = open_ticket(ctx, major=True, content="Flooded corridor")
    step(ctx, "clerk", tickets.dispatch, major.id, "eng")
    step(ctx, "clerk", tickets.resolve, major.id, "pumped", True)
    item = _item(ctx, "eng.report")   # verified by the fire-control centre
    ac = Task.get((Task.meeting == item.meeting_id) & (Task.code == "eng.ac"))  # no verification
    set_now(ctx, "2026-11-23 13:05")
    step(ctx, "eng-lead", tasks.change_task, item.id, "done")
    step(ctx, "eng-lead", tasks.change_task, ac.id, "done")
    s = oversight.day_summary(ctx)
    assert (s.day, s.registered, s.still_open, s.stalled) == (DAY, 4, 4, 1)
    assert (s.emergencies_open, s.escalated, s.closes_awaiting) == (1, 2, 1)
    assert s.readiness_unverified == 1
    assert s.closing == at("2026-11-23 18:00") and s.before_closing
    assert s.warnings == ("before_closing", "emergencies_open")
    set_now(ctx, "2026-11-23 18:00")
    later = oversight.day_summary(ctx)
    assert not later.before_closing and later.warnings == ("emergencies_open",)
    step(ctx, "super", oversight.sign_off)
    signed = oversight.day_summary(ctx)
    assert (signed.signed_by, signed.signed_at) == ("super", at("2026-11-23 18:00"))
    # an earlier day: its own registrations, nothing of today's
    assert oversight.day_summary(ctx, datetime.date(2026, 11, 20)).registered == 0


def test_unverify_by_duty_or_supervisor_with_reason(ctx):
    item = _item(ctx)
    set_now(ctx, "2026-11-23 13:40")
    step(ctx, "eng-lead", tasks.change_task, item.id, "done")
    step(ctx, "duty", tasks.change_task, item.id, "verify")
    for login in ("clerk", "eng-lead"):
        with acting(ctx, login), pytest.raises(NotPermitted, match="task.unverify"):
            tasks.change_task(ctx, item.id, "unverify", reason="wrong")
    with acting(ctx, "duty"), pytest.raises(UsageError, match="--reason"):
        tasks.change_task(ctx, item.id, "unverify")
    assert Task.get_by_id(item.id).state == "verified"
    step(ctx, "super", tasks.change_task, item.id, "unverify", reason="mics not levelled")
    row = Task.get_by_id(item.id)
    assert (row.state, row.verified_by_id, row.verified_at, row.done_by.login) == (
        "done", None, None, "eng-lead")
    audit = last_audit()
    assert (audit.actor, audit.action, audit.entity_id) == ("super", "task.unverify", item.id)
    assert audit.note == f"{row.title}: verification revoked: mics not levelled"
    assert (json.loads(audit.before)["state"], json.loads(audit.after)["state"]) == ("verified", "done")
    refused(ctx, "task.unverify", "duty", tasks.change_task, item.id, "unverify", reason="again")
    step(ctx, "duty", tasks.change_task, item.id, "verify")  # verified anew
    assert verify() is None


def test_last_action_is_mine_and_names_the_meeting(ctx):
    mine = _item(ctx, "eng.mics")
    other_meeting = book(ctx, "Lounge", "2026-11-23 14:00", "2026-11-23 15:00", title="Reception")
    theirs = Task.get((Task.meeting == other_meeting) & (Task.code == "eng.mics"))
    set_now(ctx, "2026-11-23 13:40")
    step(ctx, "eng-lead", tasks.change_task, mine.id, "done")
    set_now(ctx, "2026-11-23 13:41")
    step(ctx, "boss", tasks.change_task, theirs.id, "done")   # someone else, later
    with acting(ctx, "eng-lead"):
        last = tasks.last_action_by(ctx)
    assert last is not None
    assert (last.task.id, last.action, last.meeting, last.venue) == (mine.id, "done", "Weekly meeting",
                                                                      "Room A")
    set_now(ctx, "2026-11-23 13:42")
    step(ctx, "duty", tasks.change_task, theirs.id, "verify")
    with acting(ctx, "duty"):
        last = tasks.last_action_by(ctx)
    assert last is not None and (last.task.id, last.action) == (theirs.id, "verify")
    with acting(ctx, "clerk"):
        assert tasks.last_action_by(ctx) is None
    # long after the meeting, nothing is offered for undo
    set_now(ctx, "2026-11-26 09:00")
    with acting(ctx, "eng-lead"):
        assert tasks.last_action_by(ctx) is None


def test_last_action_follows_the_audit_order_at_one_instant(ctx):
    """Two actions at the same instant (a frozen clock, or one second): the later written is
    the last, whichever has the higher id or the other kind."""
    m = book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00")
    code = {t.code: t.id for t in Task.select().where(Task.meeting == m)}
    set_now(ctx, "2026-11-23 13:40")
    step(ctx, "eng-lead", tasks.change_task, code["eng.report"], "done")
    step(ctx, "boss", tasks.change_task, code["eng.lights"], "done")
    step(ctx, "boss", tasks.change_task, code["eng.report"], "verify")
    with acting(ctx, "boss"):
        last = tasks.last_action_by(ctx)
    assert last is not None and (last.task.id, last.action) == (code["eng.report"], "verify")
    assert code["eng.ac"] < code["eng.report"]
    step(ctx, "boss", tasks.change_task, code["eng.ac"], "done")   # a lower id, written last
    with acting(ctx, "boss"):
        last = tasks.last_action_by(ctx)
    assert last is not None and (last.task.id, last.action) == (code["eng.ac"], "done")
