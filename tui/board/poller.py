"""The board's database thread: one connection, polls the change token, re-reads only
what changed, and posts snapshots. The next poll starts only after the previous one
finished, so refreshes never overlap (Dolphie's habit).

Launched from the command line, its first poll takes the snapshot a child process read
while the board's modules loaded (``store/read_ahead.py``) instead of reading.

It also keeps the board honest over days on the wall:
- a failed poll posts :class:`DatabaseProblem` (the header shows STALE) and the poller retries
  on its own; the first poll that works again re-reads everything, whose snapshot clears STALE
  (a dropped PostgreSQL connection recovers without waiting for someone else's write);
- a SQLite file that was renamed, deleted or replaced is noticed before it is read
  (``store.health.DatabaseFile``): the board says so instead of showing old data as fresh;
- it follows the clock: a new local day re-reads everything; the look-ahead/look-behind
  window of the departments' lists moving on by ``WINDOW_STEP`` re-reads those lists only
  (``BoardReader.roll``), and every ``FULL_EVERY_STEPS`` steps everything, as a safety net;
  a ``rulebook set`` by another session reloads the rulebook, then everything.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable

import arrow
from dutyboard.store.board import BoardReader, Snapshot
from dutyboard.store.changes import ChangeFeed, Wake
from dutyboard.store.context import Context
from dutyboard.store.health import DatabaseFile, failure, failure_reason
from dutyboard.store.models import Audit, Site
from dutyboard.store.read_ahead import ReadAhead
from textual.message import Message

from . import ticket_clock
from .messages import DatabaseProblem, SnapshotReady

POLL_SECONDS = 0.25         # the shortest pause between two polls
RECHECK_SECONDS = 1.0       # the change feed (store/changes.py) wakes the poller at once; this is the net
RETRY_SECONDS = 1.0          # after a failed poll, on top of the poll interval
WINDOW_STEP = datetime.timedelta(minutes=5)  # how far the clock moves before the lists are re-read
FULL_EVERY_STEPS = 6   # and every 30 min everything (the large site: 190 ms of reading, not 8)


class Poller:
    def __init__(self, ctx: Context, post: Callable[[Message], object],
                 every: float = POLL_SECONDS, read_ahead: ReadAhead | None = None) -> None:
        self.ctx = ctx
        self.read_ahead = read_ahead   # the first snapshot, read by a child at launch (run.py)
        self.post = post
        self.every = every
        self.wake = Wake()   # also a pipe: the PostgreSQL feed selects on it (changes.py)
        self.stop = threading.Event()
        self.paused = False
        self.snapshot: Snapshot | None = None
        self.problem: str | None = None
        self.file = DatabaseFile.of(ctx.db)
        self.window: tuple[datetime.date, int] | None = None
        self.last_ok_at = ctx.now()
        self.site_request: int | None = None   # the overview (O) opens another site's board
        self.first = threading.Event()   # set once the first poll ended, read or failed
        self.first_seconds = 0.0
        self.posted = 0      # snapshots posted so far: each message's serial
        self.latest: tuple[Snapshot, int] | None = None   # the newest and its serial, together

    def switch_site(self, site_id: int) -> None:
        """From the next poll on, read site ``site_id`` (in the poller's thread, which owns
        the reads): everything is read again."""
        self.site_request = site_id
        self.wake.set()

    def _switch_if_asked(self) -> bool:
        if self.site_request is None:
            return False
        site_id, self.site_request = self.site_request, None
        self.ctx.use_site(Site.get_by_id(site_id))
        self.snapshot = None
        return True

    def run(self) -> None:
        reader: BoardReader | None = None
        self.ctx.resume_site()  # this thread reads for the board's Context, whatever else runs
        feed = ChangeFeed(self.ctx.db)
        while not self.stop.is_set():
            try:
                if self.file is not None:
                    self.file.check()  # before any read: never show the wrong file as fresh
                if self._switch_if_asked() or reader is None:
                    reader = BoardReader(self.ctx)
                self.poll_once(reader)
                self.last_ok_at = self.ctx.now()
            except Exception as exc:  # noqa: BLE001 - any database failure marks the board stale
                reader = None
                self._drop_connection()
                self._report(exc)
                self.first.set()
                self.wake.wait(RETRY_SECONDS)
            self.first.set()
            # news wakes the feed at once; the timeout re-checks the file and the clock's windows
            feed.wait(max(self.every, RECHECK_SECONDS), self.wake)
            self.wake.clear()
        feed.close()
        self._drop_connection()

    def poll_once(self, reader: BoardReader) -> None:
        """One poll: everything when due (first load, recovery, new day or window, new
        rulebook), else only what changed; posts a snapshot when there is news."""
        started = time.perf_counter()
        snap = self.snapshot
        if snap is not None and self.paused and self.problem is None:
            return
        if snap is None and self._took_read_ahead(started):
            return
        window = self.window_key()
        old = self.window
        if snap is None or self.problem is not None or old is None or window[0] != old[0] \
                or window[1] // FULL_EVERY_STEPS != old[1] // FULL_EVERY_STEPS:
            fresh: Snapshot | None = reader.full()   # a new day; and the safety net
        elif window != old:    # the clock moved the lists' window: read those, and the news
            fresh = reader.roll(snap, reader.refresh(snap))
        else:
            fresh = reader.refresh(snap)
        if fresh is not None and snap is not None and fresh.token > snap.token \
                and self._rulebook_set_between(snap.token, fresh.token):
            self.ctx.reload_rulebook()  # another session stored a new rulebook
            fresh = reader.full()
        if fresh is not None and snap is not None and fresh.delta is None:
            # a full load after the first (a new window, a rulebook) still carries what was
            # acknowledged meanwhile, so every board drops those highlights
            fresh.acknowledged = reader.acknowledged_between(snap.token, fresh.token)
        self.problem = None
        self.window = window
        if fresh is not None:
            seconds = time.perf_counter() - started
            if snap is None:
                self.first_seconds = seconds
            self._publish(fresh, seconds)

    def _took_read_ahead(self, started: float) -> bool:
        """The first poll: the snapshot the launch's child read (store/read_ahead.py), with
        the windows of the instant it was read. False (read as usual) without one."""
        ahead, self.read_ahead = self.read_ahead, None
        first = ahead.take() if ahead is not None else None
        if ahead is None or first is None:
            return False
        if ahead.book is self.ctx.book:   # the tickets' clocks hold for this rulebook only
            tickets = first.snapshot.tickets
            for ident, clock in first.clocks.items():
                if (row := tickets.get(ident)) is not None:
                    ticket_clock.seed(row.fact, ahead.book, clock)
        self.problem = None
        self.window = self.window_key(first.read_at)
        self.first_seconds = time.perf_counter() - started
        self._publish(first.snapshot, self.first_seconds)
        return True

    def close_read_ahead(self) -> None:
        """The board is closing: a read-ahead not taken yet ends with it."""
        if self.read_ahead is not None:
            self.read_ahead.close()

    def _publish(self, snap: Snapshot, seconds: float) -> None:
        """``snap`` is the newest: kept (with its serial, in one assignment, for the screen's
        first frame) and posted."""
        self.posted += 1
        self.snapshot = snap
        self.latest = (snap, self.posted)
        self.post(SnapshotReady(snap, seconds, self.posted))

    def window_key(self, now: arrow.Arrow | None = None) -> tuple[datetime.date, int]:
        """Changes at local midnight and each time the clock moves on by ``WINDOW_STEP``."""
        now = now if now is not None else self.ctx.now()
        step = int(now.timestamp() // WINDOW_STEP.total_seconds())
        return self.ctx.book.calendar.today(now), step

    @staticmethod
    def _rulebook_set_between(old_token: int, new_token: int) -> bool:
        return Audit.select().where((Audit.id > old_token) & (Audit.id <= new_token)
                                    & (Audit.action == "rulebook.set")).exists()

    def _report(self, exc: Exception) -> None:
        reason = failure_reason(exc)
        self.problem = reason
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
        self.post(DatabaseProblem(reason, detail, failure(exc)))

    def _drop_connection(self) -> None:
        try:
            self.ctx.db.close()
        except Exception:  # noqa: BLE001 - already broken
            pass
