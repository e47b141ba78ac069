"""PostgreSQL keeps its planner statistics fresh through the store (store/pgdriver.py): a
connection that closes ANALYZEs the tables changed past autovacuum's threshold, so a server
with autovacuum off, or a site that has just imported months of history, does not plan
today's reads with the statistics of an empty table (the benchmark site with 180 days of
history read every task, 11.7 M rows, for the board's counts: 4 s instead of 30 ms)."""

from __future__ import annotations

import threading

from dutyboard.store import pgdriver
from dutyboard.store.db import connect
from storekit import seed


def analyses(db, table: str) -> int:  # noqa: ANN001
    (n,), = db.execute_sql("SELECT analyze_count + autoanalyze_count FROM pg_stat_user_tables "
                           "WHERE relname = %s", (table,)).fetchall()
    return int(n)


def changed(db, table: str) -> int:  # noqa: ANN001
    (n,), = db.execute_sql("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = %s",
                           (table,)).fetchall()
    return int(n)


def add_sites(db, count: int) -> None:  # noqa: ANN001
    """Rows in a table the tests need nothing else from (a table's rows as any import adds)."""
    db.execute_sql("INSERT INTO site (code, name, timezone) "
                   "SELECT 'x' || left(md5(random()::text), 14), 's' || g, 'Asia/Shanghai' "
                   "FROM generate_series(1, %s) AS g", (count,))
    db.execute_sql("SELECT pg_stat_force_next_flush()")


def test_closing_a_connection_analyzes_tables_changed_past_the_threshold(pg_only_url, make_ctx) -> None:  # noqa: ANN001
    ctx = seed(make_ctx(pg_only_url))
    db = ctx.db
    db.execute_sql("ALTER TABLE site SET (autovacuum_enabled = false)")   # as on a server with it off
    db.execute_sql("ANALYZE site")
    add_sites(db, 500)
    before = analyses(db, "site")
    assert changed(db, "site") >= 500
    db.close()   # the hook runs here
    db = connect(pg_only_url)
    try:
        assert analyses(db, "site") == before + 1
        assert changed(db, "site") == 0
    finally:
        db.close()


def test_a_fresh_table_is_left_alone_and_only_one_session_analyzes(pg_only_url, make_ctx) -> None:  # noqa: ANN001
    ctx = seed(make_ctx(pg_only_url))
    conn = ctx.db.connection()
    ctx.db.execute_sql("ANALYZE")
    assert pgdriver.analyze_stale_tables(conn) == []
    other = connect(pg_only_url)
    try:
        holder = other.connection()
        with holder.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", (pgdriver.ANALYZE_LOCK_KEY,))
        add_sites(ctx.db, 100)
        result: list[list[str]] = []
        worker = threading.Thread(target=lambda: result.append(pgdriver.analyze_stale_tables(conn)))
        worker.start()
        worker.join(5)
        assert result == [[]]   # the lock is held elsewhere: skipped at once, not waited for
        with holder.cursor() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", (pgdriver.ANALYZE_LOCK_KEY,))
        assert "site" in pgdriver.analyze_stale_tables(conn)
    finally:
        other.close()
