"""The board's first read done by a child process at launch (store/read_ahead.py): the same
snapshot the board would read, the parent's own connection untouched by the child, and no
child left behind whatever happens to it."""

from __future__ import annotations

import os
import pickle
import threading
import time

import arrow
import pytest
from dutyboard.rules.flag_times import ticket_clock
from dutyboard.store import read_ahead
from dutyboard.store.board import BoardReader
from dutyboard.store.models import Meeting, Person
from dutyboard.store.read_ahead import ReadAhead
from storekit import book, open_ticket, seed


def alone() -> bool:
    return True   # the suite may have left daemon threads: the tests fork regardless


def started(ctx, **kw) -> ReadAhead:  # noqa: ANN001
    ahead = read_ahead.start(ctx, alone=alone, **kw)
    assert ahead is not None
    return ahead


def gone(pid: int) -> bool:
    """The child was reaped: no such child of ours any more."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def site(ctx):  # noqa: ANN001, ANN201
    seed(ctx)
    book(ctx)
    open_ticket(ctx)
    ctx.login = "duty"   # the board's viewer
    return ctx


def test_the_child_reads_the_snapshot_the_board_would_read(db_url, make_ctx) -> None:  # noqa: ANN001
    ctx = site(make_ctx(db_url))
    ahead = started(ctx)
    first = ahead.take()
    assert first is not None
    assert first.read_at == ctx.now()
    assert first.snapshot == BoardReader(ctx).full()
    assert first.snapshot.meetings and first.snapshot.tickets
    # each open ticket's clock, as the rules work it out for the rulebook forked with
    assert ahead.book is ctx.book
    assert first.clocks == {ident: ticket_clock(row.fact, ctx.book)
                            for ident, row in first.snapshot.tickets.items()}
    assert gone(ahead.pid)


def test_the_parents_connection_works_after_the_child_ended(db_url, make_ctx) -> None:  # noqa: ANN001
    """The child never closes or uses the connection it inherits: on PostgreSQL a close
    would end the parent's session on the shared socket; on SQLite it would run the close's
    PRAGMA optimize on the parent's file handle."""
    ctx = site(make_ctx(db_url))
    with ctx.db.atomic():            # the parent's connection is open while the child runs
        before = Meeting.select().count()
        ahead = started(ctx)
        assert ahead.take() is not None
        assert Meeting.select().count() == before
    open_ticket(ctx)                  # and writes afterwards
    assert Person.select().where(Person.login == "duty").exists()


def test_a_child_whose_read_fails_gives_nothing_and_ends(db_url, make_ctx, monkeypatch) -> None:  # noqa: ANN001
    ctx = site(make_ctx(db_url))

    def broken(self):  # noqa: ANN001, ANN202
        raise RuntimeError("the read failed")
    monkeypatch.setattr(BoardReader, "full", broken)   # the child is a copy: it fails too
    ahead = started(ctx)
    begun = time.monotonic()
    assert ahead.take() is None
    assert time.monotonic() - begun < 5
    assert gone(ahead.pid)


def slow_child(monkeypatch) -> None:  # noqa: ANN001
    def slow(self):  # noqa: ANN001, ANN202
        time.sleep(60)
    monkeypatch.setattr(BoardReader, "full", slow)


def test_a_child_slower_than_the_wait_is_ended_and_gives_nothing(sqlite_url, make_ctx, monkeypatch) -> None:  # noqa: ANN001
    ctx = site(make_ctx(sqlite_url))
    slow_child(monkeypatch)
    ahead = started(ctx)
    begun = time.monotonic()
    assert ahead.take(wait=0.3) is None
    assert time.monotonic() - begun < 3
    assert gone(ahead.pid)


def test_closing_ends_a_child_never_taken(sqlite_url, make_ctx, monkeypatch) -> None:  # noqa: ANN001
    ctx = site(make_ctx(sqlite_url))
    slow_child(monkeypatch)
    ahead = started(ctx)
    begun = time.monotonic()
    ahead.close()
    assert time.monotonic() - begun < 3
    assert gone(ahead.pid)
    assert ahead.take() is None       # nothing to take after a close


def test_closing_while_the_poller_waits_ends_the_wait(sqlite_url, make_ctx, monkeypatch) -> None:  # noqa: ANN001
    """The board quits during its first seconds: the poller's wait ends with the child."""
    ctx = site(make_ctx(sqlite_url))
    slow_child(monkeypatch)
    ahead = started(ctx)
    result: list[object] = []
    waiter = threading.Thread(target=lambda: result.append(ahead.take(wait=30)))
    waiter.start()
    time.sleep(0.2)
    ahead.close()
    waiter.join(5)
    assert not waiter.is_alive() and result == [None]
    assert gone(ahead.pid)


def test_no_child_while_another_thread_runs(sqlite_url, make_ctx) -> None:  # noqa: ANN001
    """A fork copies the calling thread only: a lock another thread holds stays held in the
    child. The board forks before it starts any thread; should one run, it reads itself."""
    ctx = site(make_ctx(sqlite_url))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert read_ahead.start(ctx) is None
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("later", [False, True])
def test_a_write_after_the_childs_read_is_in_the_next_poll(sqlite_url, make_ctx, later) -> None:  # noqa: ANN001
    """The snapshot's token is from the child's read: what is written after it is news."""
    ctx = site(make_ctx(sqlite_url))
    ahead = started(ctx)
    first = ahead.take()
    assert first is not None
    snap = first.snapshot
    if later:
        open_ticket(ctx)
    fresh = BoardReader(ctx).refresh(snap)
    assert (fresh is not None) == later
    if later:
        assert fresh is not None and len(fresh.tickets) == len(snap.tickets) + 1


def test_arrows_come_back_as_they_were(sqlite_url, make_ctx) -> None:  # noqa: ANN001
    """The child pickles an Arrow as its datetime (read_ahead.dumps): each comes back an
    equal Arrow in the same zone, with the same attributes, fold included."""
    ctx = site(make_ctx(sqlite_url))
    snap = BoardReader(ctx).full()
    instants = [arrow.get("2026-11-01T01:30:00", tzinfo="America/New_York").replace(fold=1),
                arrow.get("2026-11-23T14:00:00+08:00").to("Asia/Shanghai"), arrow.utcnow(), ctx.now()]
    data = read_ahead.dumps(read_ahead.FirstRead(instants[3], snap, {}))
    assert b"_arrow" in data                      # the short way was taken
    back = pickle.loads(data)
    assert back.snapshot == snap and back.read_at == instants[3]
    for instant in instants:
        again = pickle.loads(read_ahead.dumps(read_ahead.FirstRead(instant, snap, {}))).read_at
        assert type(again) is arrow.Arrow and again == instant
        assert vars(again) == vars(instant) and again.tzinfo == instant.tzinfo and again.fold == instant.fold
