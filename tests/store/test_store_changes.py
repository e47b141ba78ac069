"""The change feed (store/changes.py): a write committed by another connection wakes a
waiting board at once: PostgreSQL by NOTIFY from the audit trigger (migration 0003),
SQLite by PRAGMA data_version."""

from __future__ import annotations

import threading
import time

from dutyboard.store import changes
from dutyboard.store.changes import SQLITE_SLICE, ChangeFeed, Wake
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
        # PostgreSQL: the notification; SQLite: the next look at data_version
        assert woke - done[0] < 0.2 + (SQLITE_SLICE if "sqlite" in db_url else 0)
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


def test_with_a_wake_the_pg_feed_sleeps_on_the_socket_and_the_pipe(pg_only_url, make_ctx,  # noqa: ANN001
                                                                   monkeypatch) -> None:  # noqa: ANN001
    """An idle PostgreSQL board's thread waits once for the whole timeout (a plain Event
    made it wake twenty times a second to look at the event), and ``Wake.set`` from
    another thread still ends the wait at once."""
    seed(make_ctx(pg_only_url))
    ctx = make_ctx(pg_only_url)
    calls: list[float] = []
    real_select = changes.select.select

    def counting(*args: object) -> object:
        calls.append(time.monotonic())
        return real_select(*args)  # type: ignore[arg-type]
    monkeypatch.setattr(changes.select, "select", counting)
    feed = ChangeFeed(ctx.db)
    wake = Wake()
    try:
        feed.wait(0.05, wake)          # opens and LISTENs
        calls.clear()
        assert feed.wait(0.6, wake) is False
        assert len(calls) <= 2         # one wait, not a dozen slices
        calls.clear()
        assert feed.wait(0.6, threading.Event()) is False
        assert len(calls) >= 8         # a plain Event: slices of 0.05 s
        threading.Timer(0.1, wake.set).start()
        started = time.monotonic()
        assert feed.wait(10.0, wake) is True
        assert time.monotonic() - started < 0.5
        wake.clear()
        assert not wake.is_set() and feed.wait(0.1, wake) is False   # drained
    finally:
        feed.close()
        wake.close()
