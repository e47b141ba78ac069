"""The change feed (store/changes.py): a write committed by another connection wakes a
waiting board at once: PostgreSQL by NOTIFY from the audit trigger (migration 0003),
SQLite by PRAGMA data_version."""

from __future__ import annotations

import threading
import time

from dutyboard.store.changes import ChangeFeed
from storekit import as_other_session, open_ticket, repair, second_connection, seed


def write_later(url: str, delay: float, done: list[float]) -> threading.Thread:
    """Another session registers a ticket after ``delay`` s; ``done`` gets the commit time."""
    from dutyboard.store import tickets

    def run() -> None:
        time.sleep(delay)
        db = second_connection(url)
        try:
            as_other_session(db, "clerk", "2026-11-23 10:05", tickets.open_ticket, repair())
            done.append(time.monotonic())
        finally:
            db.close()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_write_in_another_connection_wakes_the_feed_at_once(db_url, make_ctx) -> None:  # noqa: ANN001
    ctx = seed(make_ctx(db_url))
    feed = ChangeFeed(ctx.db)
    try:
        assert feed.wait(0.1) is False          # opens; nothing written since
        done: list[float] = []
        writer = write_later(db_url, 0.3, done)
        assert feed.wait(10.0) is True
        woke = time.monotonic()
        writer.join(10)
        assert done, "the writer did not commit"
        assert woke - done[0] < 0.2
    finally:
        feed.close()


def test_the_feed_sleeps_through_reads_and_stops_on_wake(db_url, make_ctx) -> None:  # noqa: ANN001
    ctx = seed(make_ctx(db_url))
    feed = ChangeFeed(ctx.db)
    try:
        feed.wait(0.05)
        open_ticket(ctx)                         # our own write before we wait: seen once
        assert feed.wait(1.0) is True
        started = time.monotonic()
        assert feed.wait(0.3) is False           # quiet: times out
        assert time.monotonic() - started >= 0.3
        wake = threading.Event()
        threading.Timer(0.1, wake.set).start()
        started = time.monotonic()
        assert feed.wait(10.0, wake) is True
        assert time.monotonic() - started < 0.5
    finally:
        feed.close()
