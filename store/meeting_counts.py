"""The task counts of the board's meetings (``BoardReader._meetings``): per meeting the
items in all, done (not pending), verified and pending before the start, the next pending
item's due time, the first preparation item due on the day and the first still pending.

On SQLite each figure is one correlated subquery per meeting through the covering index
``task_site_id_meeting_id_state_due_at`` (0016): a count is a walk of the meeting's (or of
one state's) index entries, a first due time one seek. Grouping the meetings' tasks with
seven conditional aggregates (the read until 0016) stepped seven aggregates over each of the
day's ~65,000 tasks and fetched each task's row for its due time: 40 of the large site's
~84 ms of first read; this takes 17 (``tests/bench/bench_first_read.py --queries``).
``tests/store/test_store_board_rows.py`` holds the rows to the grouped read's.

PostgreSQL computes them in a LATERAL subquery per meeting (below).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import arrow
import peewee as pw
from dutyboard.rules.facts import PENDING, VERIFIED

from .board_rows import rows_of
from .db import is_sqlite
from .models import Meeting, Task
from .timeutil import to_db

# a meeting's counts, in board_rows.add_counts's order:
# (meeting id, total, done, verified, pre_pending, next_due, prep_from, prep_due)
Counts = tuple[int, int, int, int, int, Any, Any, Any]


def meeting_counts(db: pw.Database, window: Any, lo: arrow.Arrow) -> Iterator[Counts]:
    """The counts of the meetings ``window`` selects (a condition on Meeting); ``lo``: the
    start of the day (a preparation item due before it is not the day's)."""
    if is_sqlite(db):
        return _sqlite(window, lo)
    return iter(rows_of(_lateral(window, lo)))


def figures(lo: arrow.Arrow) -> dict[str, Any]:
    """The counts as aggregates over a meeting's tasks (Task beside Meeting), by name in
    board_rows.add_counts's order."""
    pending = Task.state == PENDING
    before = Task.due_at <= Meeting.start_at
    return {
        "total": pw.fn.COUNT(pw.SQL("*")),   # not of a column: PostgreSQL reads the index alone
        "done": pw.fn.SUM(pw.Case(None, [(Task.state != PENDING, 1)], 0)),
        "verified": pw.fn.SUM(pw.Case(None, [(Task.state == VERIFIED, 1)], 0)),
        "pre_pending": pw.fn.SUM(pw.Case(None, [(pending & before, 1)], 0)),
        "next_due": pw.fn.MIN(pw.Case(None, [(pending, Task.due_at)], None)),
        "prep_from": pw.fn.MIN(pw.Case(None, [((Task.due_at >= to_db(lo)) & before, Task.due_at)],
                                       None)),
        "prep_due": pw.fn.MIN(pw.Case(None, [(pending & before, Task.due_at)], None)),
    }


def _lateral(window: Any, lo: arrow.Arrow) -> pw.ModelSelect[Meeting]:
    """PostgreSQL: each meeting's counts in a LATERAL subquery (the meeting's tasks by its
    id). Joined and grouped, it estimated the window's meetings on both sides of the join
    as independent (1,650 of 271,500 twice: 10 rows with six months of history, 380 with
    three days), sorted 65,000 tasks for a GroupAggregate instead of hashing them and
    spilled the sort to disk."""
    named = figures(lo)
    columns = [value.alias(name) for name, value in named.items()]
    per_meeting = Task.select(*columns).where(Task.meeting == Meeting.id).alias("c")
    return (Meeting.select(Meeting.id.alias("meeting_id"), *(pw.Entity("c", name) for name in named))
            .join(per_meeting, pw.JOIN.LATERAL, on=pw.SQL("TRUE"))
            .where(window))


def _sqlite(window: Any, lo: arrow.Arrow) -> Iterator[Counts]:
    """One correlated subquery a figure, but two made of others: done is all less pending
    (``state`` is NOT NULL), which spares a walk of the meeting's entries, and the first
    pending item due by the start is the first pending item when that is due by the start
    (compared as SQLite compared them: the stored text, byte by byte)."""
    count, first = pw.fn.COUNT(pw.SQL("*")), pw.fn.MIN(Task.due_at)
    pending = Task.state == PENDING
    before = Task.due_at <= Meeting.start_at

    def of_meeting(value: Any, *where: Any) -> pw.ModelSelect[Task]:
        return Task.select(value).where(Task.meeting == Meeting.id, *where)

    # the day's first preparation item, of any state: the meeting's entries walked, not the
    # day's tasks searched by ``task_due_at`` for each meeting (the planner's pick without
    # statistics); ``+`` is SQLite's way to keep an index off one term
    due = pw.NodeList((pw.SQL("+"), Task.due_at), glue="")
    query = Meeting.select(
        Meeting.id, Meeting.start_at, of_meeting(count), of_meeting(count, pending),
        of_meeting(count, Task.state == VERIFIED), of_meeting(count, pending, before),
        of_meeting(first, pending), of_meeting(first, due >= to_db(lo), due <= Meeting.start_at),
    ).where(window)
    for ident, start_at, total, waiting, verified, pre_pending, next_due, prep_from \
            in rows_of(query):
        assert isinstance(start_at, str)   # as stored: text
        prep_due = next_due if next_due is not None and next_due <= start_at else None
        yield ident, total, total - waiting, verified, pre_pending, next_due, prep_from, prep_due
