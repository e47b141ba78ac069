"""The board's items awaiting verification, read by their meeting's end (issue 13).

The board lists the items reported done that await verification on meetings not yet over;
an item a past day left unverified is not the board's (the flags and the shift report list
it). The read goes by ``task.meeting_end_at`` through the partial index
``task_awaiting_verify_end`` (0015), so those past items are not read at all; the column
follows the meeting when it moves, done items included.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from dutyboard.store import meetings, oversight, tasks
from dutyboard.store.board import BoardReader
from dutyboard.store.context import Context
from dutyboard.store.db import connect, is_sqlite
from dutyboard.store.models import Meeting, Task
from dutyboard.store.shift import shift_report
from dutyboard.store.timeutil import to_db
from storekit import acting, at, book, seed, set_now
from test_store_query_plans import NOW, captured, nodes, small_site


@pytest.fixture
def ctx(db_url: str, make_ctx: Any) -> Context:
    ctx = seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))
    return ctx


def _code(meeting_id: int, code: str) -> int:
    return Task.get((Task.meeting == meeting_id) & (Task.code == code)).id


def _awaiting(ctx: Context) -> set[int]:
    snap = BoardReader(ctx).full()
    return {r.id for rows in snap.dept_tasks.values() for r in rows if r.state == "done"}


def test_every_task_carries_its_meetings_end_and_follows_a_move(ctx: Context) -> None:
    """A done item keeps its due time when the meeting moves; its meeting end moves, so the
    board still lists it while the moved meeting is not over."""
    m = book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00")
    assert {t.meeting_end_at for t in Task.select().where(Task.meeting == m.id)} == {m.end_at}
    set_now(ctx, "2026-11-23 13:30")
    report = _code(m.id, "eng.report")
    with acting(ctx, "eng-lead"):
        tasks.change_task(ctx, report, "done")
    with acting(ctx, "clerk"):
        meetings.move_meeting(ctx, m.id, at("2026-11-25 14:00"), at("2026-11-25 16:00"))
    moved = Meeting.get_by_id(m.id)
    assert {t.meeting_end_at for t in Task.select().where(Task.meeting == m.id)} == {moved.end_at}
    assert Task.get_by_id(report).due_at < to_db(at("2026-11-23 15:00"))   # done: stayed
    set_now(ctx, "2026-11-24 10:00")   # after the old end, before the new one
    assert report in _awaiting(ctx)


def test_an_unverified_item_of_a_meeting_over_is_left_to_the_flags(ctx: Context) -> None:
    """Yesterday's never-verified item: not on the board's lists, still in the shift report's
    and the flags' unverified readiness; today's is on the board."""
    old = book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00")
    set_now(ctx, "2026-11-23 13:30")
    with acting(ctx, "eng-lead"):
        tasks.change_task(ctx, _code(old.id, "eng.report"), "done")
    set_now(ctx, "2026-11-24 08:00")
    new = book(ctx, "Room B", "2026-11-24 14:00", "2026-11-24 15:00")
    set_now(ctx, "2026-11-24 13:30")
    with acting(ctx, "eng-lead"):
        tasks.change_task(ctx, _code(new.id, "eng.report"), "done")
    stale, live = _code(old.id, "eng.report"), _code(new.id, "eng.report")
    assert _awaiting(ctx) == {live}
    assert {line.id for line in shift_report(ctx).unverified} == {stale, live}
    flagged = {f.subject for f in oversight.site_flags(ctx) if f.kind == "readiness_unverified"}
    assert f"task:{stale}" in flagged


@pytest.fixture
def site(db_url: str) -> Any:
    yield from small_site(db_url)


def test_the_board_reads_the_items_awaiting_verification_by_the_meeting_end(site: Context) -> None:
    """Items past days left unverified (every verifiable item of the history, here) are not
    read: the tasks are searched by the meeting end (PostgreSQL read them all through
    0003's ``task_awaiting_verify`` and dropped them in the join)."""
    db = site.db
    past = Meeting.select(Meeting.id).where(Meeting.end_at <= to_db(NOW))
    Task.update(state="done", verified_by=None, verified_at=None).where(
        Task.meeting.in_(past) & Task.verify).execute()
    (sql, params), = [q for q in captured(site, BoardReader(site).full)   # the items awaiting
                      if "meeting_start" in q[0] and '"verify"))' in q[0].replace(" ", "")]
    listed = _awaiting(site)
    assert listed and listed == {t.id for t in Task.select(Task.id).join(Meeting).where(
        (Task.state == "done") & Task.verify & (Meeting.end_at > to_db(NOW)) & (Meeting.status == "booked"))}
    if is_sqlite(db):
        db.execute_sql("ANALYZE")
        details = [r[3] for r in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
        assert any("task_awaiting_verify_end (site_id=? AND meeting_end_at>?)" in d for d in details)
        return
    db.execute_sql("ANALYZE")
    (plan,), = db.execute_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchall()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    read = [n for n in nodes(plan[0]["Plan"]) if n.get("Relation Name") == "task"]
    assert read and all("meeting_end_at >" in n.get("Index Cond", "") for n in read), read
    # no more rows than the items of the meetings not yet over (cancelled ones included)
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in read) <= Task.select().where(
        (Task.state == "done") & Task.verify & (Task.meeting_end_at > to_db(NOW))).count()


def test_migration_0015_fills_the_meeting_end_and_goes_down_and_up(db_url: str) -> None:
    """A database at 0014 with a meeting and a reported item: 0015 gives the task its
    meeting's end and swaps the partial indexes; down() takes both back, the rows survive."""
    from dutyboard.store.migrate import runner, upgrade
    db = connect(db_url, migrate=False)
    try:
        runner(db).up("0014_sites")
        for sql in (
            "INSERT INTO site (code, name, name_zh, timezone, rulebook) VALUES ('main', 'S', '',"
            " 'Asia/Shanghai', '')",
            "INSERT INTO person (login, name, role, depts, cleared, phone, active, created_at)"
            " VALUES ('boss', 'Boss', 'manager', '', TRUE, '', TRUE, '2026-11-23 00:00:00')",
            "INSERT INTO venue (site_id, name, venue_class, kind, capacity, building, active)"
            " VALUES (1, 'Room A', 'A', 'meeting-room', 30, '', TRUE)",
            "INSERT INTO meeting (site_id, venue_id, title, organizer, contact, phone, attendees,"
            " layout, services, confidential, start_at, end_at, status, booked_at, booked_by_id,"
            " notes, version) VALUES (1, 1, 'Old', 'O', 'C', '1', 10, '', '', FALSE,"
            " '2026-11-23 06:00:00', '2026-11-23 07:00:00', 'booked', '2026-11-23 02:00:00', 1, '', 1)",
            "INSERT INTO task (site_id, meeting_id, dept, code, title, title_zh, due_at, earliest_at,"
            " verify, state, version) VALUES (1, 1, 'eng', 'eng.report', 'Report', 'R',"
            " '2026-11-23 05:00:00', '2026-11-23 04:00:00', TRUE, 'done', 2)",
        ):
            db.execute_sql(sql)

        def indexes() -> set[str]:
            return {i.name for i in db.get_indexes("task")}

        assert "0015_task_meeting_end" in upgrade(db)
        row = db.execute_sql("SELECT meeting_end_at FROM task").fetchone()[0]
        assert str(row).startswith("2026-11-23 07:00:00")
        assert "task_awaiting_verify_end" in indexes() and "task_awaiting_verify" not in indexes()
        runner(db).down("0015_task_meeting_end")
        assert "meeting_end_at" not in {c.name for c in db.get_columns("task")}
        assert "task_awaiting_verify" in indexes() and "task_awaiting_verify_end" not in indexes()
        assert [r[0] for r in db.execute_sql("SELECT code FROM task").fetchall()] == ["eng.report"]
        assert "0015_task_meeting_end" in upgrade(db)
        assert db.execute_sql("SELECT meeting_end_at FROM task").fetchone()[0] is not None
    finally:
        db.close()
