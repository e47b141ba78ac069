"""The board, ``flags``, ``ticket list`` and the reports read through indexes bounded by
time, never by scanning the history of tasks, meetings or tickets (issue 13).

Every statement those reads send is captured and explained: on SQLite with EXPLAIN QUERY
PLAN, once without statistics and once with the statistics of a site with six months of
history (recorded from tests/bench/bench_history.py's database, loaded into sqlite_stat1);
on PostgreSQL with EXPLAIN under ``enable_seqscan = off`` (tables this small are cheaper to
scan, so only a plan with no usable index keeps a sequential scan). A full scan of a
partial index is allowed: it holds only live rows (tickets in hand), not history.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import arrow
import pytest
from dutyboard.rules import FrozenClock
from dutyboard.store import oversight, reports
from dutyboard.store.acknowledge import acknowledge
from dutyboard.store.board import BoardReader
from dutyboard.store.context import Context
from dutyboard.store.db import connect, is_sqlite
from dutyboard.store.facts import TASK_FACT_COLUMNS, task_fact, task_facts
from dutyboard.store.models import Meeting, Task
from dutyboard.store.shift import shift_report
from dutyboard.store.tasks import change_task, last_action_by
from dutyboard.store.tickets import tickets_query
from dutyboard.store.timeutil import to_db
from dutyboard.store.trend import trend

BENCH = Path(__file__).resolve().parents[1] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

NOW = arrow.get("2026-11-23T01:30:00+00:00")   # Monday 09:30 in Shanghai
HISTORY = {"task", "meeting", "ticket", "audit", "ticket_event"}
# an index search is bounded when it is by a time range with a lower bound (``start_at<?``
# alone is everything before: the whole history) or by ids (a meeting's tasks, one row)
BOUNDED = re.compile(r"\b(\w*_)?at>|\b(rowid|id|meeting_id|ticket_id|entity_id)=")  # at: ticket_event
IN_HAND = "IN ('open', 'dispatched', 'resolved')"   # store.tickets.in_hand(): live tickets only
PARTIAL = {"ticket_live_opened_at", "ticket_unresolvable_closed_at"}   # not history (0015)

# sqlite_stat1 of the benchmark site with 180 days of history and 1 M closed tickets (one
# site: the indexes that lead with site_id see every row there)
LARGE_SITE_STATS = [
    ("task", "task_awaiting_verify_end", "5000 5000 2"),
    ("task", "task_site_id_meeting_id_state_due_at", "10920000 10920000 41 15 2"),
    ("task", "task_site_id_dept_state_due_at", "10920000 10920000 1820000 600000 28"),
    ("task", "task_due_at", "10920000 157"),
    ("task", "task_meeting_id_code", "10920000 41 1"),
    ("task", "task_verified_by_id", "10920000 3000000"),
    ("task", "task_done_by_id", "10920000 1000000"),
    ("task", "task_meeting_id", "10920000 41"),
    ("meeting", "meeting_site_id_end_at", "271500 271500 16"),
    ("meeting", "meeting_site_id_start_at", "271500 271500 16"),
    ("meeting", "meeting_venue_id", "271500 905"),
    ("meeting", "meeting_booked_by_id", "271500 90000"),
    ("ticket", "ticket_state", "1002000 250000"),
    ("ticket", "ticket_state_opened_at", "1002000 1002000 250000 1"),
    ("ticket", "ticket_opened_at", "1002000 1"),
    ("ticket", "ticket_closed_at", "1002000 2"),
    ("ticket", "ticket_live_opened_at", "2000 2000 1"),
    ("ticket", "ticket_unresolvable_closed_at", "3000 3000 1"),
    ("ticket", "ticket_opened_by_id", "1002000 334000"),
    ("ticket", "ticket_closed_by_id", "1002000 334000"),
    ("ticket", "ticket_assignee_id", "1002000 250000"),
    ("ticket", "ticket_approved_by_id", "1002000 500000"),
    ("ticket", "ticket_related_to_id", "1002000 1002000"),
    ("audit", "audit_entity_entity_id", "1300000 650000 1"),
]


# sqlite_stat1 as ``PRAGMA optimize`` leaves it (store/sqlitedb.py: analysis_limit = 1000) on
# the benchmark sites: tickets from the one with 1 M closed tickets, tasks and meetings from
# the one with 180 days of history. A column that does not change within the first 1,000 rows
# of an index (the site) is recorded as 1,001 rows a value on every index alike.
OPTIMIZE_STATS = [
    ("task", "task_awaiting_verify_end", "46280 1001 2"),
    ("task", "task_done_by_id", "17240377 1001"),
    ("task", "task_due_at", "16998138 2"),
    ("task", "task_meeting_id", "18185370 42"),
    ("task", "task_meeting_id_code", "11438000 42 1"),
    ("task", "task_meeting_id_state", "7397720 42 15"),
    ("task", "task_site_id_dept_state_due_at", "16135686 1001 1001 1001 2"),
    ("task", "task_site_id_meeting_id_state_due_at", "11015760 1001 42 15 2"),
    ("task", "task_verified_by_id", "13761132 1001"),
    ("meeting", "meeting_booked_by_id", "250608 1001"),
    ("meeting", "meeting_fee_by_id", "223648 1001"),
    ("meeting", "meeting_site_id_end_at", "572934 1001 15"),
    ("meeting", "meeting_site_id_start_at", "601128 1001 17"),
    ("meeting", "meeting_venue_id", "256368 501"),
    ("ticket", "ticket_approved_by_id", "1040824 1001"),
    ("ticket", "ticket_assignee_id", "1219392 1001"),
    ("ticket", "ticket_callback_owed", "2490381 1001 1001"),
    ("ticket", "ticket_closed_by_id", "1197960 1001"),
    ("ticket", "ticket_live_opened_at", "1920 1001 2"),
    ("ticket", "ticket_opened_by_id", "1030570 1001"),
    ("ticket", "ticket_related_to_id", "1043072 1001"),
    ("ticket", "ticket_site_id_closed_at", "3058232 1001 1001"),
    ("ticket", "ticket_site_id_opened_at", "1034748 1001 1"),
    ("ticket", "ticket_state", "976790 1001"),
    ("ticket", "ticket_state_opened_at", "939114 1001 1001 1"),
    ("ticket", "ticket_unresolvable_closed_at", "2990 1001 1"),
]


def small_site(url: str) -> Iterator[Context]:
    """A small generated site (tests/bench/generate.py) with history and closed tickets."""
    generate(url, NOW, venues=12, meetings=24, open_tickets=40, closed_tickets=400,
             history_days=3, quiet=True)
    db = connect(url)
    yield Context(db, FrozenClock(NOW), "duty")
    db.close()


@pytest.fixture
def site(db_url: str) -> Iterator[Context]:
    yield from small_site(db_url)


@pytest.fixture
def sqlite_site(sqlite_url: str) -> Iterator[Context]:
    yield from small_site(sqlite_url)


def reads(ctx: Context) -> dict[str, Callable[[], Any]]:
    """What the board, ``flags``, ``ticket list`` and the reports read."""
    reader = BoardReader(ctx)
    ident = (Task.select(Task.id).join(Meeting)
             .where((Task.state == "pending") & (Task.earliest_at <= to_db(NOW))
                    & (Meeting.status == "booked")).order_by(Task.due_at).first())
    assert ident is not None

    def refresh() -> None:
        snap = reader.full()
        change_task(ctx, ident.id, "undo" if Task.get_by_id(ident.id).state == "done" else "done")
        assert reader.refresh(snap) is not None

    def acknowledged() -> None:   # another board's ``a`` reaches this one (issue 11)
        snap = reader.full()
        acknowledge(ctx, {f"task:{ident.id}"})
        fresh = reader.refresh(snap)
        assert fresh is not None and fresh.acknowledged[f"task:{ident.id}"][0] == "duty"

    return {
        "board full": reader.full,
        "board refresh": refresh,
        "board refresh after an acknowledgement": acknowledged,
        "flags": lambda: oversight.site_flags(ctx),
        "ticket list": lambda: list(tickets_query().limit(200)),
        "ticket list --all": lambda: list(tickets_query(open_only=False).limit(200)),
        "ticket list --state closed": lambda: list(tickets_query(state="closed").limit(200)),
        "weekly report": lambda: reports.weekly_summary(ctx),
        "monthly report": lambda: reports.monthly_complaint_rate(ctx),
        "shift report": lambda: shift_report(ctx),
        "shift report --shift night": lambda: shift_report(ctx, "night"),
        "supervisor trend": lambda: trend(ctx),
        "signoff summary": lambda: oversight.day_summary(ctx),        # the board's S, issue 11
        "undo: my last action": lambda: last_action_by(ctx),          # the board's u, issue 11
    }


def captured(ctx: Context, run: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SELECTs ``run`` sends, with their parameters."""
    db = ctx.db
    seen: list[tuple[str, Any]] = []
    original = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT"):
            seen.append((sql, params))
        return original(sql, params, *args, **kwargs)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        run()
    finally:
        del db.execute_sql
    return seen


def limited(sql: str) -> bool:
    return re.search(r"\bLIMIT\b", sql) is not None


def sqlite_problems(db: Any, sql: str, params: Any) -> list[str]:
    """Full scans of a history table. Reading an index in order under a LIMIT with no sort
    (the newest 200 tickets) stops after the limit, so it is bounded too."""
    aliases = {alias: table for table, alias in re.findall(r'"(\w+)" AS "(\w+)"', sql)}
    details = [row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    in_order = limited(sql) and not any("TEMP B-TREE" in d for d in details)
    problems = []
    for detail in details:
        search = re.match(r"SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \((.*)\)", detail)
        if search:
            table = aliases.get(search.group(1), search.group(1))
            # a query of the tickets in hand may search by state (the live states only)
            by_live_state = IN_HAND in sql and "state=" in search.group(3)
            if (table in HISTORY and search.group(2) not in PARTIAL and not BOUNDED.search(search.group(3))
                    and not by_live_state and not in_order):
                problems.append(detail)
            continue
        m = re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?", detail)
        if not m:
            continue
        table = aliases.get(m.group(1), m.group(1))
        by_key = m.group(2) or re.search(r'ORDER BY "\w+"\."id"', sql)   # an index, or the rowid
        if table in HISTORY and m.group(2) not in PARTIAL and not (by_key and in_order):
            problems.append(detail)
    return problems


def nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def pg_problems(db: Any, sql: str, params: Any) -> list[str]:
    (plan,), = db.execute_sql("EXPLAIN (FORMAT JSON) " + sql, params).fetchall()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    in_order = limited(sql) and all(n["Node Type"] != "Sort" for n in nodes(plan[0]["Plan"]))
    problems = []
    for node in nodes(plan[0]["Plan"]):
        kind, table, index = node["Node Type"], node.get("Relation Name"), node.get("Index Name")
        if kind == "Seq Scan" and table in HISTORY:
            problems.append(f"Seq Scan on {table}")
        if (kind in ("Index Scan", "Index Only Scan", "Bitmap Index Scan") and "Index Cond" not in node
                and index not in PARTIAL and (table in HISTORY or table is None)
                and not (kind != "Bitmap Index Scan" and in_order)):
            problems.append(f"{kind} of all of {index}")
    return problems


def explain_all(ctx: Context) -> dict[str, list[str]]:
    db = ctx.db
    out: dict[str, list[str]] = {}
    for name, run in reads(ctx).items():
        for sql, params in captured(ctx, run):
            found = sqlite_problems(db, sql, params) if is_sqlite(db) else pg_problems(db, sql, params)
            if found:
                out.setdefault(name, []).extend(f"{p}  <-  {sql[:160]}" for p in found)
    return out


def test_reads_use_time_bounded_indexes(site: Context) -> None:
    db = site.db
    if is_sqlite(db):
        db.execute_sql("ANALYZE")
        db.execute_sql("DELETE FROM sqlite_stat1")   # no statistics at all
        db.execute_sql("ANALYZE sqlite_schema")
        assert explain_all(site) == {}
    else:
        with db.atomic():
            for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
                db.execute_sql(f"SET LOCAL {setting} = off")
            assert explain_all(site) == {}


def with_statistics(site: Context, stats: list[tuple[str, str, str]]) -> None:
    db = site.db
    db.execute_sql("ANALYZE")
    db.execute_sql("DELETE FROM sqlite_stat1")
    for table, index, stat in stats:
        db.execute_sql("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", (table, index, stat))
    db.execute_sql("ANALYZE sqlite_schema")   # reload the statistics


def test_sqlite_plans_hold_with_the_statistics_of_a_large_site(sqlite_site: Context) -> None:
    with_statistics(sqlite_site, LARGE_SITE_STATS)
    assert explain_all(sqlite_site) == {}


def test_sqlite_plans_hold_with_the_statistics_pragma_optimize_keeps(sqlite_site: Context) -> None:
    """With the sampled statistics the store itself gathers, the tickets in hand are read
    through their partial index, not the whole table's ``(site_id, opened_at)`` (the board,
    the flags and the weekly report: 13 -> 440 ms with 1 M closed tickets, issue 13)."""
    with_statistics(sqlite_site, OPTIMIZE_STATS)
    assert explain_all(sqlite_site) == {}


def test_pg_board_counts_are_not_underestimated_as_history_grows(pg_only_url: str) -> None:
    """The board's per-meeting counts, on PostgreSQL, on a site with 30 days of history: no
    step of the plan is estimated at a fraction of the rows it reads. Joined and grouped, the
    day's meetings were filtered on both sides of the join and estimated as independent
    (24 of 744 twice: 1 row), shrinking with every day of history until the planner sorted
    the day's 65,000 tasks and spilled the sort to disk (six months: 45 -> 60 ms, issue 13)."""
    generate(pg_only_url, NOW, venues=12, meetings=24, open_tickets=40, closed_tickets=400,
             history_days=30, quiet=True)
    db = connect(pg_only_url)
    try:
        db.execute_sql("ANALYZE")
        ctx = Context(db, FrozenClock(NOW), "duty")
        (sql, params), = [q for q in captured(ctx, BoardReader(ctx).full) if "pre_pending" in q[0]]
        (plan,), = db.execute_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchall()
        plan = json.loads(plan) if isinstance(plan, str) else plan
        under = [f"{n['Node Type']}: estimated {n['Plan Rows']}, read {n['Actual Rows']}"
                 for n in nodes(plan[0]["Plan"]) if n["Actual Rows"] >= 20
                 and n["Plan Rows"] * 8 < n["Actual Rows"]]
        assert under == []
    finally:
        db.close()


def test_the_board_reads_the_same_rows_through_the_new_queries(site: Context) -> None:
    """Today's meetings and the department lists still hold what the rules say: every
    booked meeting of today, each pending item due in the window, each reported item of
    a meeting not yet over, and nothing from past days."""
    snap = BoardReader(site).full()
    cal = site.book.calendar
    lo, hi = cal.day_bounds(cal.today(NOW))
    today = {m.id for m in Meeting.select(Meeting.id).where((Meeting.start_at < to_db(hi))
                                                            & (Meeting.end_at > to_db(lo)))}
    assert set(snap.meetings) == today and today
    for row in snap.meetings.values():
        tasks = list(Task.select().where(Task.meeting == row.id))
        assert row.total == len(tasks)
        assert row.done == sum(t.state != "pending" for t in tasks)
        assert row.verified == sum(t.state == "verified" for t in tasks)
        # the per-meeting figures (PostgreSQL reads them in a LATERAL subquery)
        start, day_lo = to_db(row.start), to_db(lo)
        pending = [t.due_at for t in tasks if t.state == "pending"]
        prep = [t.due_at for t in tasks if t.due_at <= start]
        assert row.pre_pending == sum(d <= start for d in pending)
        assert row.next_due == (arrow.get(min(pending)) if pending else None)
        assert row.prep_due == (arrow.get(min(d for d in pending if d <= start))
                                if any(d <= start for d in pending) else None)
        assert row.prep_from == (arrow.get(min(d for d in prep if d >= day_lo))
                                 if any(d >= day_lo for d in prep) else None)
    assert any(r.pre_pending for r in snap.meetings.values())
    assert any(r.prep_from for r in snap.meetings.values())
    awaiting = {t.id for t in Task.select(Task.id).join(Meeting)
                .where((Task.state == "done") & Task.verify & (Meeting.end_at > to_db(NOW))
                       & (Meeting.status == "booked"))}
    listed = {r.id for rows in snap.dept_tasks.values() for r in rows if r.state == "done"}
    assert listed == awaiting


def test_flags_build_no_model_per_task(site: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a site with history the flags read every missed or unverified item of the last two
    days (thousands: 0 -> 180 days of history cost 1.57x on SQLite, issue 13): as plain
    columns, with no Task and Meeting model built per row."""
    built: list[str] = []
    for model in (Task, Meeting):
        original = model.__init__

        def counting(self: Any, *args: Any, __init: Any = original, **kwargs: Any) -> None:
            built.append(type(self).__name__)
            __init(self, *args, **kwargs)
        monkeypatch.setattr(model, "__init__", counting)
    flags = oversight.site_flags(site)
    assert any(f.subject.startswith("task:") for f in flags)
    assert built == []


def test_task_facts_read_as_columns_equal_the_facts_of_the_models(site: Context) -> None:
    """``task_facts`` (the flags' read) gives what ``task_fact`` gives from the models, for
    every task of the site, cancelled meetings and short-notice items included."""
    Meeting.update(status="cancelled").where(Meeting.id == Meeting.select(Meeting.id).scalar()).execute()
    Task.update(short_notice=True).where(Task.id == Task.select(Task.id).scalar()).execute()
    models = Task.select(Task, Meeting).join(Meeting).order_by(Task.id)
    expected = [task_fact(t, t.meeting) for t in models]
    got = task_facts(Task.select(*TASK_FACT_COLUMNS).join(Meeting).order_by(Task.id))
    assert got == expected
    assert any(f.cancelled for f in got) and any(f.short_notice for f in got)
    assert {f.state for f in got} >= {"pending", "done", "verified"}


def test_sqlite_gathers_statistics_when_a_connection_closes(sqlite_url: str) -> None:
    """PRAGMA optimize on close: tables the connection read through an index, never
    analysed (the migration's ANALYZE saw them empty), have statistics afterwards."""
    generate(sqlite_url, NOW, venues=12, meetings=24, open_tickets=40, closed_tickets=400, quiet=True)
    db = connect(sqlite_url)
    db.execute_sql("DELETE FROM sqlite_stat1 WHERE tbl = 'ticket'")
    db.close()
    db = connect(sqlite_url)
    list(tickets_query(state="closed").limit(5))
    db.close()
    db = connect(sqlite_url, migrate=False)
    try:
        rows = db.execute_sql("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'ticket'").fetchall()
    finally:
        db.close()
    assert dict(rows).get("ticket_state_opened_at", "").startswith("440 ")
