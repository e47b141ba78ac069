"""The task flags of ``oversight.site_flags`` (read column by column, each timestamp parsed
once, filtered in SQL to the items that can raise one: issue 13) are those of a plain
reference: every task of the site read as models, made a fact by ``task_fact``, flagged by
``task_flag`` when its meeting is booked and ended two days ago or later, in the order of
severity, due time (as Arrow compares) and subject. On a generated site with history, at
instants from before the day's first items to past the last meetings, SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import arrow
import pytest
from dutyboard.rules import Flag, FrozenClock, task_flag
from dutyboard.rules.facts import SEVERITY_ORDER
from dutyboard.store import oversight
from dutyboard.store.context import Context
from dutyboard.store.db import connect
from dutyboard.store.facts import task_fact
from dutyboard.store.models import Meeting, Task
from dutyboard.store.timeutil import must

BENCH = Path(__file__).resolve().parents[1] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

NOW = arrow.get("2026-11-23T01:30:00+00:00")   # Monday 09:30 in Shanghai
# hours from NOW: before the day, the morning, the afternoon, after the last meetings,
# the next days (yesterday's items leave the two days' window)
HOURS = (-20, 0, 3.5, 7, 12, 30, 49)


@pytest.fixture
def site(db_url: str) -> Iterator[Context]:
    generate(db_url, NOW, venues=12, meetings=60, open_tickets=20, closed_tickets=100,
             history_days=3, quiet=True)
    db = connect(db_url)
    yield Context(db, FrozenClock(NOW), "duty")
    db.close()


def reference_task_flags(ctx: Context) -> list[Flag]:
    now = ctx.now()
    since = now.shift(days=-2)
    out = []
    for task in Task.select(Task, Meeting).join(Meeting):
        meeting = task.meeting
        if meeting.status != "booked" or must(meeting.end_at) < since:
            continue
        if (flag := task_flag(task_fact(task, meeting), ctx.book, now)) is not None:
            out.append(flag)
    far = arrow.Arrow(9999, 1, 1)
    return sorted(out, key=lambda f: (SEVERITY_ORDER[f.severity], f.due_at or far, f.subject))


def test_site_task_flags_are_the_reference(site: Context) -> None:
    seen: set[str] = set()
    for hours in HOURS:
        site.clock = FrozenClock(NOW.shift(hours=hours))
        got = [f for f in oversight.site_flags(site) if f.subject.startswith("task:")]
        want = reference_task_flags(site)
        assert got == want, f"at {site.now()}"
        assert [dict(f.values) for f in got] == [dict(f.values) for f in want]
        assert [f.due_at.tzinfo for f in got] == [f.due_at.tzinfo for f in want]  # type: ignore[union-attr]
        seen |= {f.kind for f in got}
    # the instants cover every kind of task flag, and the site both kinds of task row
    assert seen == {"task_overdue", "task_due_soon", "readiness_reported", "readiness_unverified"}
