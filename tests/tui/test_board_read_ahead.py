"""Issue 13, the first full board from launch: the board's first snapshot is read by a child
process forked at launch while the board's modules load (store/read_ahead.py); the poller's
first poll takes it instead of reading, and reads itself when there is none."""

from __future__ import annotations

import copy
import threading
import time
from typing import Any

import arrow
from boardkit import wait_for
from dutyboard.rules import FrozenClock, Rulebook, parse_instant
from dutyboard.rules.flag_times import TicketClock, ticket_clock
from dutyboard.store import read_ahead
from dutyboard.store.board import BoardReader, Snapshot
from dutyboard.store.context import Context
from dutyboard.store.db import connect
from dutyboard.store.read_ahead import FirstRead
from dutyboard.tui.board import ticket_clock as clocks_kept
from dutyboard.tui.board.messages import SnapshotReady
from dutyboard.tui.board.poller import Poller

NOW = "2026-11-23T09:30"
TZ = "Asia/Shanghai"


class Taken:
    """A read-ahead that has already read: what the child of a launch hands over."""

    def __init__(self, read_at: arrow.Arrow | None, snap: Snapshot | None, book: Rulebook | None = None,
                 clocks: dict[int, TicketClock] | None = None) -> None:
        self.result = FirstRead(read_at, snap, clocks or {}) if read_at and snap else None
        self.book = book
        self.takes = 0
        self.closed = False

    def take(self, wait: float = 10.0) -> FirstRead | None:
        self.takes += 1
        return self.result

    def close(self) -> None:
        self.closed = True


def context(url: str) -> Context:
    return Context(connect(url), FrozenClock(parse_instant(NOW, TZ)), "duty")


def counting_full(monkeypatch) -> list[int]:  # noqa: ANN001
    calls: list[int] = []
    original = BoardReader.full

    def full(self: BoardReader) -> Snapshot:
        calls.append(1)
        return original(self)
    monkeypatch.setattr(BoardReader, "full", full)
    return calls


def first_message(poller: Poller, posted: list[Any]) -> SnapshotReady:
    thread = threading.Thread(target=poller.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not posted and time.monotonic() < deadline:
        time.sleep(0.01)
    poller.stop.set()
    poller.wake.set()
    thread.join(10)
    assert posted and isinstance(posted[0], SnapshotReady), posted
    return posted[0]


def test_the_first_poll_takes_the_childs_snapshot_and_reads_nothing(board_url, monkeypatch) -> None:  # noqa: ANN001
    ctx = context(board_url)
    snap = BoardReader(ctx).full()
    read_at = ctx.now().shift(minutes=-10)   # read in an earlier window of the lists
    ahead = Taken(read_at, snap)
    calls = counting_full(monkeypatch)
    posted: list[Any] = []
    poller = Poller(ctx, posted.append, read_ahead=ahead)  # type: ignore[arg-type]
    message = first_message(poller, posted)
    assert message.snapshot is snap and message.serial == 1
    assert calls == [] and ahead.takes == 1
    # the windows are the data's: the next poll sees the clock moved on and re-reads the lists
    assert poller.window == poller.window_key(read_at) != poller.window_key()


def test_without_the_childs_snapshot_the_first_poll_reads(board_url, monkeypatch) -> None:  # noqa: ANN001
    ctx = context(board_url)
    ahead = Taken(None, None)   # the child failed, was slow or was never started
    calls = counting_full(monkeypatch)
    posted: list[Any] = []
    poller = Poller(ctx, posted.append, read_ahead=ahead)  # type: ignore[arg-type]
    message = first_message(poller, posted)
    assert calls and message.snapshot.meetings
    assert ahead.takes == 1 and poller.read_ahead is None


def test_the_childs_ticket_clocks_are_kept_for_the_rulebook_it_forked_with(board_url, monkeypatch) -> None:  # noqa: ANN001
    """The board does not work out again what the child did: each ticket's next step, close
    of business and instants come from the child's clocks (made different here, to tell)."""
    ctx = context(board_url)
    snap = BoardReader(ctx).full()
    ident, row = next(iter(snap.tickets.items()))
    own = ticket_clock(row.fact, ctx.book)
    marked = TicketClock(own.step, own.close.shift(seconds=7), own.instants[:1])
    clocks_kept.forget()
    posted: list[Any] = []
    poller = Poller(ctx, posted.append, read_ahead=Taken(ctx.now(), snap, ctx.book, {ident: marked}))  # type: ignore[arg-type]
    first_message(poller, posted)
    assert clocks_kept.close(row.fact, ctx.book) == marked.close
    assert clocks_kept.instants(row.fact, ctx.book) == marked.instants
    clocks_kept.forget()   # the marked clock is for this test only


def test_clocks_for_another_rulebook_are_not_kept(board_url, monkeypatch) -> None:  # noqa: ANN001
    """The rulebook was reloaded after the fork (another object): the board works the clocks
    out itself."""
    ctx = context(board_url)
    snap = BoardReader(ctx).full()
    ident, row = next(iter(snap.tickets.items()))
    own = ticket_clock(row.fact, ctx.book)
    marked = TicketClock(own.step, own.close.shift(seconds=7), ())
    clocks_kept.forget()
    other_book = copy.copy(ctx.book)
    posted: list[Any] = []
    poller = Poller(ctx, posted.append, read_ahead=Taken(ctx.now(), snap, other_book, {ident: marked}))  # type: ignore[arg-type]
    first_message(poller, posted)
    assert clocks_kept.close(row.fact, ctx.book) == own.close
    assert clocks_kept.instants(row.fact, ctx.book) == own.instants


async def test_the_board_opens_on_the_childs_read(board_url, monkeypatch) -> None:  # noqa: ANN001
    """A real child, forked as the launch does: the first frame is its snapshot."""
    from dutyboard.tui.board.app import BoardApp

    ctx = context(board_url)
    ahead = read_ahead.start(ctx, alone=lambda: True)
    assert ahead is not None
    calls = counting_full(monkeypatch)
    app = BoardApp(ctx, lang="en", read_ahead=ahead)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.board.snapshot is not None)
        assert app.board.table("venues").row_count > 0
        assert calls == []


async def test_a_board_closed_before_its_first_poll_ends_the_child(board_url, monkeypatch) -> None:  # noqa: ANN001
    from dutyboard.tui.board.app import BoardApp

    ahead = Taken(None, None)
    monkeypatch.setattr(BoardApp, "_start_poller", lambda self: None)   # the poller never runs
    app = BoardApp(context(board_url), lang="en", read_ahead=ahead)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert ahead.closed and ahead.takes == 0
