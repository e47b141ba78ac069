"""The board's database thread: one connection, polls the change token, re-reads only
what changed, and posts snapshots. The next poll starts only after the previous one
finished, so refreshes never overlap (Dolphie's habit)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from dutyboard.store.board import BoardReader, Snapshot
from dutyboard.store.changes import ChangeFeed
from dutyboard.store.context import Context
from textual.message import Message

from .messages import DatabaseProblem, SnapshotReady

SAFETY_POLL_SECONDS = 5.0   # the change feed (store/changes.py) wakes the poller at once; a safety net


class Poller:
    def __init__(self, ctx: Context, post: Callable[[Message], object]) -> None:
        self.ctx = ctx
        self.post = post
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.paused = False
        self.snapshot: Snapshot | None = None
        self.reload = False
        self.last_ok = 0.0
        self.last_ok_at = ctx.now()

    def run(self) -> None:
        reader: BoardReader | None = None
        feed = ChangeFeed(self.ctx.db)
        while not self.stop.is_set():
            try:
                if reader is None:
                    reader = BoardReader(self.ctx)
                started = time.perf_counter()
                if self.snapshot is None or self.reload:
                    self.reload = False
                    fresh: Snapshot | None = reader.full()
                else:
                    fresh = reader.refresh(self.snapshot) if not self.paused else None
                if fresh is not None:
                    self.snapshot = fresh
                    self.post(SnapshotReady(fresh, time.perf_counter() - started))
                self.last_ok = time.monotonic()
                self.last_ok_at = self.ctx.now()
            except Exception as exc:  # noqa: BLE001 - any database failure marks the board stale
                reader = None
                self._drop_connection()
                self.post(DatabaseProblem(f"{type(exc).__name__}: {exc}".splitlines()[0][:160]))
                self.wake.wait(1.0)
            feed.wait(SAFETY_POLL_SECONDS, self.wake)
            self.wake.clear()
        feed.close()
        self._drop_connection()

    def _drop_connection(self) -> None:
        try:
            self.ctx.db.close()
        except Exception:  # noqa: BLE001 - already broken
            pass
