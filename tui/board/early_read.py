"""The board's first full read, started before the board's own modules are imported (issue 13,
the time from launch to the first full board).

Importing Textual and the board's screens takes longer than the large site's first read, and
the two need not wait for each other: SQLite steps and PostgreSQL round trips let go of the
interpreter lock, so the read runs beside the imports. ``run_board`` starts it once the
keymap, the terminal and the clock are settled (no database work for a start that is
refused), and the poller adopts what it read (``Poller.run``): the reader, its snapshot and
its window, then polls as after any read, so a change committed in between is on the board
at its first poll. A read that fails leaves nothing to adopt: the poller reads itself and
reports the failure as always. This module imports no Textual.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass

from dutyboard.store.board import BoardReader, Snapshot
from dutyboard.store.context import Context

WINDOW_STEP = datetime.timedelta(minutes=5)  # how far the clock moves before the lists are re-read


def window_key(ctx: Context) -> tuple[datetime.date, int]:
    """The poller's window at this instant: it changes at local midnight and each time the
    clock moves on by ``WINDOW_STEP`` (poller.py)."""
    now = ctx.now()
    step = int(now.timestamp() // WINDOW_STEP.total_seconds())
    return ctx.book.calendar.today(now), step


@dataclass
class FirstRead:
    reader: BoardReader
    snapshot: Snapshot
    window: tuple[datetime.date, int]
    seconds: float


class EarlyRead:
    """One full read in a thread of its own, with its own connection, closed when done."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.result: FirstRead | None = None
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._read, name="dutyboard-first-read", daemon=True)

    def start(self) -> EarlyRead:
        self._thread.start()
        return self

    def _read(self) -> None:
        started = time.perf_counter()
        try:
            self.ctx.resume_site()
            window = window_key(self.ctx)   # before the read, as the poller takes it
            reader = BoardReader(self.ctx)
            snapshot = reader.full()
            self.result = FirstRead(reader, snapshot, window, time.perf_counter() - started)
        except Exception:  # noqa: BLE001 - the poller reads again and reports the failure
            self.result = None
        finally:
            self.done.set()
            try:
                self.ctx.db.close()   # this thread's connection; the poller opens its own
            except Exception:  # noqa: BLE001 - already broken: nothing to give back
                pass

    def take(self) -> FirstRead | None:
        """What the read found, once it ended (waits for it); None if it failed."""
        self.done.wait()
        result, self.result = self.result, None
        return result
