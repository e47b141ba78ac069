"""Readiness check-off: done, undo, verify; stale versions and two sessions at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from dutyboard.store import tasks
from dutyboard.store.errors import Conflict, NotFound, Refused
from dutyboard.store.models import Audit, Person, Task
from storekit import (
    acting,
    as_other_session,
    book,
    counts,
    last_audit,
    racing,
    second_connection,
    seed,
    set_now,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    ctx = seed(make_ctx(db_url, "boss"))
    book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00")
    set_now(ctx, "2026-11-23 13:30")
    return ctx


def task_id(code: str) -> int:
    return Task.get(Task.code == code).id


def test_done_undo_verify(ctx):
    ident = task_id("eng.report")
    with acting(ctx, "eng-lead"):
        t = tasks.change_task(ctx, ident, "done")
    assert (t.state, t.version, Person.get_by_id(t.done_by_id).login) == ("done", 2, "eng-lead")
    with acting(ctx, "eng-lead"):
        assert tasks.last_done_by(ctx).id == ident
        t = tasks.change_task(ctx, ident, "undo")
    assert (t.state, t.done_by_id, t.done_at, t.version) == ("pending", None, None, 3)
    with acting(ctx, "eng-lead"):
        tasks.change_task(ctx, ident, "done")
    with acting(ctx, "duty"):
        t = tasks.change_task(ctx, ident, "verify")
    assert (t.state, Person.get_by_id(t.verified_by_id).login) == ("verified", "duty")
    actions = [a.action for a in Audit.select().where((Audit.entity == "task")
                                                      & (Audit.entity_id == ident))]
    assert actions == ["task.done", "task.undo", "task.done", "task.verify"]


@pytest.mark.parametrize("setup,code,action,login,rule", [
    ((), "eng.ac", "verify", "duty", "task.verify"),                    # pending: nothing to verify
    ((), "eng.ac", "undo", "eng-lead", "task.undo"),                     # pending: nothing to undo
    (("done",), "eng.ac", "done", "eng-lead", "task.done"),              # already done
    (("done", "verify"), "eng.ac", "undo", "duty", "task.undo"),         # verified: final
    ((), "svc.after.count", "done", "svc-lead", "task.too_early"),       # due 16:00, from 15:00
])
def test_transitions_the_rules_refuse(ctx, setup, code, action, login, rule):
    ident = task_id(code)
    for step in setup:  # reported by the department, verified by the duty officer
        with acting(ctx, "eng-lead" if step == "done" else "duty"):
            tasks.change_task(ctx, ident, step)
    before = counts()
    with acting(ctx, login), pytest.raises(Refused) as err:
        tasks.change_task(ctx, ident, action)
    assert err.value.rule == rule and f"[{rule}]" in str(err.value)
    assert counts() == before


def test_unknown_task(ctx):
    with acting(ctx, "duty"), pytest.raises(NotFound, match="no task 9999"):
        tasks.change_task(ctx, 9999, "done")


def test_a_stale_version_is_a_conflict_naming_who_changed_it(ctx):
    ident = task_id("eng.report")
    seen = Task.get_by_id(ident).version
    with acting(ctx, "eng-lead"):
        tasks.change_task(ctx, ident, "done")
    before = counts()
    for action in ("verify", "undo"):
        with acting(ctx, "duty"), pytest.raises(Conflict) as err:
            tasks.change_task(ctx, ident, action, expected_version=seen)
        message = str(err.value)
        assert err.value.rule == "task.conflict" and err.value.exit_code == 3
        assert "eng-lead" in message and "now done" in message and "2026-11-23T13:30+08:00" in message
    assert counts() == before
    with acting(ctx, "duty"):
        assert tasks.change_task(ctx, ident, "verify", expected_version=seen + 1).state == "verified"


def test_another_session_checked_it_off_first(ctx, db_url):
    ident = task_id("sec.posts")
    seen = Task.get_by_id(ident).version  # what this session's board shows
    other = second_connection(db_url)
    try:
        as_other_session(other, "sec-lead", "2026-11-23 13:31", tasks.change_task, ident, "done")
    finally:
        other.close()
    audit_rows = Audit.select().count()
    with acting(ctx, "duty"), pytest.raises(Conflict, match=r"sec-lead at 2026-11-23T13:31\+08:00"):
        tasks.change_task(ctx, ident, "done", expected_version=seen)
    with acting(ctx, "duty"), pytest.raises(Refused, match="already done"):
        tasks.change_task(ctx, ident, "done")
    task = Task.get_by_id(ident)
    assert (task.state, Person.get_by_id(task.done_by_id).login) == ("done", "sec-lead")
    assert Audit.select().count() == audit_rows
    assert last_audit().actor == "sec-lead"


def test_a_check_off_racing_another_session_is_refused_never_lost(ctx, db_url, monkeypatch):
    """Session B checks the item off while session A is inside its own write transaction,
    between reading the task and writing it. Exactly one of them wins; the other is told."""
    ident = task_id("sec.posts")
    with racing(monkeypatch, db_url, tasks, "task_transition", "sec-lead", "2026-11-23 13:30",
                tasks.change_task, ident, "done") as b:
        with acting(ctx, "duty"):
            try:
                tasks.change_task(ctx, ident, "done")
                a = "written"
            except Conflict as exc:
                a = f"conflict: {exc}"
        assert b.blocked == db_url.startswith("sqlite:"), b.outcome
        if b.blocked:
            # SQLite serialises writers (BEGIN IMMEDIATE): B waited, and now B's own check
            # sees A's check-off and refuses.
            assert a == "written"
            with pytest.raises(Refused, match="already done"):
                b.run(now="2026-11-23 13:31")
            winner = "duty"
        else:
            # PostgreSQL: B committed in between; A's compare-and-set finds a newer version.
            assert b.outcome == "written"
            assert a.startswith("conflict") and "sec-lead" in a
            winner = "sec-lead"
    task = Task.get_by_id(ident)
    assert task.state == "done" and task.version == 2
    assert Person.get_by_id(task.done_by_id).login == winner
    rows = list(Audit.select().where((Audit.entity == "task") & (Audit.entity_id == ident)))
    assert [(a.action, a.actor) for a in rows] == [("task.done", winner)]


def test_the_other_session_is_another_process(ctx, db_url):
    """The second writer runs the real command line in its own process."""
    ident = task_id("eng.lights")
    seen = Task.get_by_id(ident).version
    code = ("import sys; from dutyboard.tui.cli import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.run(
        [sys.executable, "-c", code, "--db", db_url, "--now", "2026-11-23T13:32", "--as", "eng-lead",
         "--json", "task", "done", str(ident)],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["state"] == "done"
    with acting(ctx, "duty"), pytest.raises(Conflict, match="eng-lead at 2026-11-23T13:32"):
        tasks.change_task(ctx, ident, "verify", expected_version=seen)
    assert Task.get_by_id(ident).state == "done"


def test_migration_0005_adds_short_notice_and_size_to_existing_rows(db_url):
    """A database at 0002 with a booking in it: 0005 adds the columns, the rows read as
    not short notice and with no stored size; down() removes them again."""
    from dutyboard.store.db import connect
    from dutyboard.store.migrate import runner, upgrade
    db = connect(db_url, migrate=False)
    try:
        runner(db).up("0002_board_indexes")
        db.execute_sql("INSERT INTO site (name, timezone) VALUES ('S', 'Asia/Shanghai')")
        db.execute_sql("INSERT INTO person (login, name, role, depts, cleared, phone, active, created_at)"
                       " VALUES ('boss', 'Boss', 'manager', '', TRUE, '', TRUE, '2026-11-23 00:00:00')")
        db.execute_sql("INSERT INTO venue (site_id, name, venue_class, kind, capacity, building, active)"
                       " VALUES (1, 'Room A', 'A', 'meeting-room', 30, '', TRUE)")
        db.execute_sql("INSERT INTO meeting (venue_id, title, organizer, contact, phone, attendees, layout,"
                       " services, confidential, start_at, end_at, status, booked_at, booked_by_id, notes,"
                       " version) VALUES (1, 'Old', 'O', 'C', '1', 10, '', '', FALSE, '2026-11-23 06:00:00',"
                       " '2026-11-23 07:00:00', 'booked', '2026-11-23 02:00:00', 1, '', 1)")
        db.execute_sql("INSERT INTO task (meeting_id, dept, code, title, title_zh, due_at, earliest_at,"
                       " verify, state, version) VALUES (1, 'eng', 'eng.ac', 'AC on', 'AC', "
                       "'2026-11-23 05:00:00', '2026-11-23 04:00:00', FALSE, 'pending', 1)")
        assert "0005_short_notice_size" in upgrade(db)
        assert Task.get_by_id(1).short_notice is False
        from dutyboard.store.models import Meeting
        assert Meeting.get_by_id(1).size == ""
        runner(db).down("0005_short_notice_size")
        columns = {c.name for c in db.get_columns("task")}
        assert "short_notice" not in columns and "eng.ac" == Task.select(Task.code).tuples()[0][0]
    finally:
        db.close()


def test_the_three_level_check_is_a_control(ctx):
    """Level 2 is refused while level 1 is open, level 3 while 1 or 2 is; nothing is written."""
    level = {n: task_id(f"check.level{n}") for n in (1, 2, 3)}
    before = counts()
    with acting(ctx, "env-lead"), pytest.raises(Refused) as err:
        tasks.change_task(ctx, level[2], "done")
    assert err.value.rule == "check.order" and "level 1 is still open" in str(err.value)
    with acting(ctx, "duty"), pytest.raises(Refused) as err:
        tasks.change_task(ctx, level[3], "done")
    assert "level 1 and level 2 are still open" in str(err.value)
    assert counts() == before and Task.get_by_id(level[2]).state == "pending"
    with acting(ctx, "svc-lead"):
        tasks.change_task(ctx, level[1], "done")
    with acting(ctx, "duty"), pytest.raises(Refused, match="level 2 is still open"):
        tasks.change_task(ctx, level[3], "done")
    with acting(ctx, "env-lead"):
        assert tasks.change_task(ctx, level[2], "done").state == "done"
    with acting(ctx, "svc-lead"), pytest.raises(Refused, match="undo level 2 first"):
        tasks.change_task(ctx, level[1], "undo")
    with acting(ctx, "duty"):
        assert tasks.change_task(ctx, level[3], "done").state == "done"
