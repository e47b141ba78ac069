"""The board's first read, done by a child process while the board's own modules load.

From launch, a board spends about 200 ms importing Textual and its screens before its poller
can start the first read (90 ms on a large site, more on PostgreSQL). That read needs none of
them. A thread cannot do it meanwhile: imports and the read's row conversion both hold the
interpreter lock (tried, and measured slower). A forked child can, on another core:

- :func:`start` forks once the database is open and the person known, before the board's
  imports. The child opens its own connection (it never touches the parent's: the
  connection inherited from the fork stays referenced and unused, and the child ends with
  ``os._exit``, so no close, ``PRAGMA optimize`` or PostgreSQL goodbye reaches the parent's
  session), reads the full snapshot, pickles it into a pipe and ends.
- The poller's first poll takes it (:meth:`ReadAhead.take`) instead of reading. Any failure
  (no fork here, a thread already running, the child's read failed, was killed or is slow)
  gives ``None`` and the poller reads as it always did: the read-ahead can make the first
  board earlier, never wrong or missing.

The snapshot comes with the instant its read started, so the poller's windows (a new day,
the departments' lists moving on) are judged from the data's own time. Its audit token is the
one the next poll asks "what changed since" from: anything written after the child's read
still reaches the board at the next poll.

The child has time to spare on a large site (its read ends well before the board's modules
are loaded), so it also works out each open ticket's clock (``rules.flag_times.ticket_clock``:
the next step, the close of business, the instants its flags can change), which depends on
the ticket and the rulebook only, not on the instant. The board takes those for the rulebook
it forked with (the very object: :attr:`ReadAhead.book`), instead of working them out on its
screen's thread before the first frame (the step and close) and just after it (the instants).

SQLite's advice is never to use a connection across a fork; the child does not: it opens its
own. That connection shares, in the child's copy of memory, SQLite's record of the file's
locks with the inherited connection, so the shared lock on the database file the parent
really holds is taken as held; the write-ahead log's read marks, which keep a checkpoint from
overwriting what a reader reads, are taken for real. The parent, alive and holding its own
locks until it has taken the child's snapshot or killed the child, covers the rest.

The child only reads, as the same OS process owner and the same person: nothing it does is
written or attributed. A pickle from our own child over a private pipe is trusted as the
parent's own memory is.
"""

from __future__ import annotations

import copyreg
import datetime
import io
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import arrow
from dutyboard.rules.flag_times import TicketClock

if TYPE_CHECKING:
    from dutyboard.rules import Rulebook

    from .context import Context
    from .snapshot import Snapshot

WAIT_SECONDS = 10.0     # the longest the poller waits for the child before reading itself
_KEPT: list[Any] = []   # the parent's connection state, kept alive (unused) in the child


@dataclass
class FirstRead:
    read_at: arrow.Arrow         # the instant the read started (the clock's, as ctx.now())
    snapshot: Snapshot
    clocks: dict[int, TicketClock]   # ticket id -> its clock under :attr:`ReadAhead.book`


class ReadAhead:
    """A child process reading the first snapshot; :meth:`take` once, :meth:`close` always."""

    def __init__(self, pid: int, fd: int, book: Rulebook) -> None:
        self.pid = pid
        self.fd = fd
        self.book = book      # the rulebook the child worked the clocks out with (a copy of it)
        self._lock = threading.Lock()   # held only to change the state, never while waiting
        self._state = "running"         # -> "taking" -> "done", or -> "done" by close()

    def take(self, wait: float = WAIT_SECONDS) -> FirstRead | None:
        """What the child read, or None (see the module's docstring).
        Blocks until the child has written it all, at most ``wait`` seconds."""
        with self._lock:
            if self._state != "running":
                return None
            self._state = "taking"
        try:
            data = _read_all(self.fd, time.monotonic() + wait)
        finally:
            with self._lock:
                self._state = "done"
            self._end_child()
        if not data:
            return None
        try:
            first = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a torn pickle: read as usual
            return None
        return first if isinstance(first, FirstRead) else None

    def close(self) -> None:
        """End the child, whether its snapshot was taken or not (the board is closing). While
        :meth:`take` waits, the child is killed: ``take`` sees the pipe close and reaps it."""
        with self._lock:
            state, self._state = self._state, "done"
        if state == "running":
            self._end_child()
        elif state == "taking":
            self._kill()

    def _kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)   # ended already: a no-op on the zombie
        except ProcessLookupError:
            pass

    def _end_child(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass
        self._kill()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _read_all(fd: int, deadline: float) -> bytes:
    """Everything the child writes until it closes its end; b"" past ``deadline``."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b""
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return b""
        try:
            chunk = os.read(fd, 1 << 20)
        except OSError:
            return b""
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _arrow(value: datetime.datetime) -> arrow.Arrow:
    """An Arrow made back from its datetime, its one attribute: what unpickling it the generic
    way restores, without that way's failed attribute lookups (Arrow's ``__getattr__`` for
    ``__setstate__``, once per Arrow: 7,000 of them, two fifths of unpickling the large site's
    snapshot)."""
    made = arrow.Arrow.__new__(arrow.Arrow)
    made._datetime = value
    return made


def _reduce_arrow(value: arrow.Arrow) -> tuple[Any, tuple[datetime.datetime]]:
    return _arrow, (value.datetime,)


def dumps(first: FirstRead) -> bytes:
    """``first`` pickled, its Arrows by :func:`_arrow` when that makes them as they were (an
    Arrow's attributes are its datetime alone, as in every arrow 1.x), else the generic way."""
    probe = arrow.Arrow(2026, 1, 1)
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if vars(probe) == {"_datetime": probe.datetime} and _arrow(probe.datetime) == probe:
        pickler.dispatch_table = {**copyreg.dispatch_table, arrow.Arrow: _reduce_arrow}
    pickler.dump(first)
    return buffer.getvalue()


def single_threaded() -> bool:
    return threading.active_count() == 1


def start(ctx: Context, alone: Callable[[], bool] = single_threaded) -> ReadAhead | None:
    """Fork the child that reads the board's first snapshot for ``ctx``; None where a fork is
    not safe or possible (no ``os.fork``, or not ``alone()``: another thread running, since a
    fork copies only the calling thread and whatever lock another held stays held in the
    child)."""
    if not hasattr(os, "fork") or not alone():
        return None
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:   # the child: never returns
        os.close(read_fd)
        _child(ctx, write_fd)
    os.close(write_fd)
    return ReadAhead(pid, read_fd, ctx.book)


def _child(ctx: Context, fd: int) -> None:
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        db: Any = ctx.db   # peewee keeps each thread's connection in ``_state``
        _KEPT.append(db._state)            # the parent's connection: kept, never used
        db._state = type(db._state)()      # this process's own connection, on first use
        from dutyboard.rules.flag_times import ticket_clock

        from .board import BoardReader
        started = ctx.now()
        snap = BoardReader(ctx).full()
        book = ctx.book
        clocks = {ident: ticket_clock(row.fact, book) for ident, row in snap.tickets.items()}
        data = dumps(FirstRead(started, snap, clocks))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        status = 0
    except BaseException:  # noqa: BLE001 - the parent reads for itself; nothing to say here
        pass
    finally:
        os._exit(status)
