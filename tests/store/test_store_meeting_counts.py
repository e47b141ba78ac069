"""The board's meeting counts from the index alone (migration 0016, store/meeting_counts.py):
on SQLite every task the counts look at is found in ``task_site_id_meeting_id_state_due_at``
by its meeting, no task row read and no sort of the day's tasks. The rows themselves are
held to the grouped read's by tests/store/test_store_board_rows.py."""

from __future__ import annotations

from typing import Any

import pytest
from dutyboard.store.board import BoardReader
from dutyboard.store.context import Context
from dutyboard.store.db import connect, is_sqlite
from test_store_query_plans import (
    LARGE_SITE_STATS,
    OPTIMIZE_STATS,
    captured,
    small_site,
    with_statistics,
)

INDEX = "task_site_id_meeting_id_state_due_at"


@pytest.fixture
def sqlite_site(sqlite_url: str) -> Any:
    yield from small_site(sqlite_url)


def _counts_statement(ctx: Context) -> tuple[str, Any]:
    (sql, params), = [q for q in captured(ctx, BoardReader(ctx).full) if "COUNT(*)" in q[0]]
    return sql, params


@pytest.mark.parametrize("stats", [None, LARGE_SITE_STATS, OPTIMIZE_STATS])
def test_the_counts_read_the_covering_index_by_meeting(sqlite_site: Context, stats: Any) -> None:
    """Without statistics, with a large site's and with PRAGMA optimize's: each figure a
    search of the covering index by site and meeting (a first due time by the state and
    the due time too), the meetings by their end; nothing else."""
    db = sqlite_site.db
    if stats is not None:
        with_statistics(sqlite_site, stats)
    sql, params = _counts_statement(sqlite_site)
    details = [r[3] for r in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    searches = [d for d in details if d.startswith(("SEARCH", "SCAN"))]
    assert searches[0] == "SEARCH t1 USING INDEX meeting_site_id_end_at (site_id=? AND end_at>?)"
    assert len(searches) == 7, details
    assert all(d.startswith(f"SEARCH t2 USING COVERING INDEX {INDEX} (site_id=? AND meeting_id=?")
               for d in searches[1:]), details
    assert not any("TEMP B-TREE" in d for d in details), details


def test_migration_0016_swaps_the_index_and_goes_down_and_up(db_url: str) -> None:
    """0016 replaces ``task_site_id_meeting_id_state`` with the same columns and the due
    time; down() takes the old one back."""
    from dutyboard.store.migrate import runner, upgrade
    db = connect(db_url)
    try:
        def indexes() -> set[str]:
            return {i.name for i in db.get_indexes("task")}

        old = "task_site_id_meeting_id_state"
        assert INDEX in indexes() and old not in indexes()
        columns = {i.name: i.columns for i in db.get_indexes("task")}[INDEX]
        assert columns == ["site_id", "meeting_id", "state", "due_at"]
        runner(db).down("0016_task_meeting_counts")
        assert old in indexes() and INDEX not in indexes()
        assert "0016_task_meeting_counts" in upgrade(db)
        assert INDEX in indexes() and old not in indexes()
        if is_sqlite(db):   # sampled statistics for the new index, none left for the old
            stats = {r[0] for r in db.execute_sql("SELECT idx FROM sqlite_stat1").fetchall()}
            assert old not in stats
    finally:
        db.close()
