"""Issue 13, the first full board from launch: the board's first snapshot is read by a child
process forked at launch while the board's modules load (store/read_ahead.py); the poller's
first poll takes it instead of reading, and reads itself when there is none."""

from __future__ import annotations

import threading
import time
from typing import Any

import arrow
from boardkit import wait_for
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store import read_ahead
from dutyboard.store.board import BoardReader, Snapshot
from dutyboard.store.context import Context
from dutyboard.store.db import connect
from dutyboard.tui.board.messages import SnapshotReady
from dutyboard.tui.board.poller import Poller

NOW = "2026-11-23T09:30"
TZ = "Asia/Shanghai"


class Taken:
    """A read-ahead that has already read: what the child of a launch hands over."""

    def __init__(self, read_at: arrow.Arrow | None, snap: Snapshot | None) -> None:
        self.result = (read_at, snap) if snap is not None else None
        self.takes = 0
        self.closed = False

    def take(self, wait: float = 10.0) -> tuple[arrow.Arrow, Snapshot] | None:
        self.takes += 1
        return self.result  # type: ignore[return-value]

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
