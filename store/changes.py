"""Waiting for another user's write, cheaply.

Every write appends an audit row (store.audit). On PostgreSQL migration 0003 adds a
statement trigger on ``audit`` that sends ``NOTIFY dutyboard_audit``: a board listens on
its own connection (psycopg 3, or psycopg2 where only it is installed: store/pgdriver.py)
and wakes the moment a transaction with a write commits, instead of
asking the server four times a second. On SQLite, which has no notifications, the feed
asks ``PRAGMA data_version``, which changes when another connection commits and costs no
query and no disk read (it looks at the WAL index in shared memory).

    feed = ChangeFeed(ctx.db)
    while running:
        feed.wait(30.0, wake)   # True: something was written (or may have been)
        ... re-read what changed (BoardReader.refresh) ...
    feed.close()

``wait`` returning True only says "look now"; it may be spurious (a reconnect, the board's
own write). A timeout returns False: the caller still looks then, as a safety net against
a lost notification (a server restart between LISTEN and the write).
"""

from __future__ import annotations

import os
import select
import sqlite3
import threading
import time
import weakref
from typing import Any

import peewee

from .db import is_sqlite

CHANNEL = "dutyboard_audit"
SLICE = 0.05          # seconds between looks at a plain Event (PostgreSQL; a Wake needs none)
SQLITE_SLICE = 0.2    # seconds between looks at data_version (SQLite): 20 a second cost 0.4 %
                      # of a core idle, 5 cost a fifth; a change waits 75 ms more on average
                      # (change -> screen p95 on the large site ~200 ms, the target 300)
RETRY = 1.0           # seconds before looking again when the database cannot be reached


class Wake(threading.Event):
    """A ``threading.Event`` a ``select`` can wait on too: ``set`` also writes a byte to a
    pipe. The PostgreSQL feed then waits on the server's socket and on this at once, for
    the whole timeout: an idle board's database thread sleeps instead of waking twenty
    times a second to look at the event (0.1 point of a core per board; twenty boards on
    one server, two points)."""

    def __init__(self) -> None:
        super().__init__()
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._closer = weakref.finalize(self, _close_fds, self._read, self._write)

    def fileno(self) -> int:
        return self._read

    def set(self) -> None:
        super().set()
        try:
            os.write(self._write, b"!")
        except OSError:    # the pipe is full of wakes already (or closed: nobody waits)
            pass

    def clear(self) -> None:
        super().clear()
        try:
            while os.read(self._read, 512):
                pass
        except OSError:    # drained (or closed)
            pass

    def close(self) -> None:
        self._closer()


def _close_fds(*fds: int) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


class ChangeFeed:
    """Wakes a waiter when another connection commits a write. One thread only."""

    def __init__(self, db: peewee.Database) -> None:
        self.db = db
        self.sqlite = is_sqlite(db)
        self._conn: Any = None
        self._version: int | None = None
        self._lost = False    # the connection broke: notifications may have been missed
        self._psycopg3 = False

    # -- public ------------------------------------------------------------------------
    def wait(self, timeout: float, wake: threading.Event | None = None) -> bool:
        """Block until a write is committed elsewhere (True), ``wake`` is set (True), or
        ``timeout`` seconds pass (False)."""
        deadline = time.monotonic() + timeout
        try:
            self._open()
        except Exception:  # noqa: BLE001 - the database is away: the reader will say so
            self.close()
            self._lost = True
            self._pause(min(RETRY, timeout), wake)
            return True
        if self._lost:   # back after a loss: whatever was written meanwhile, look now
            self._lost = False
            return True
        # a Wake is waited on with the socket: PostgreSQL needs no slices then
        slice_ = SQLITE_SLICE if self.sqlite else (timeout if isinstance(wake, Wake) else SLICE)
        try:
            if self.sqlite and self._sqlite_changed():   # committed while the caller worked
                return True
        except Exception:  # noqa: BLE001 - the file is away: reopen on the next wait
            self.close()
            self._lost = True
            return True
        while True:
            try:
                if self._changed(min(slice_, max(0.0, deadline - time.monotonic())), wake):
                    return True
            except Exception:  # noqa: BLE001 - connection lost: reconnect on the next wait
                self.close()
                self._lost = True
                return True
            if wake is not None and wake.is_set():
                return True
            if time.monotonic() >= deadline:
                return False

    def close(self) -> None:
        conn, self._conn, self._version = self._conn, None, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - already gone
                pass

    # -- internals ---------------------------------------------------------------------
    def _open(self) -> None:
        if self._conn is not None:
            return
        if self.sqlite:
            conn = sqlite3.connect(self.db.database, timeout=1, check_same_thread=False,
                                   isolation_level=None)
            self._conn = conn
            self._version = self._data_version()
            return
        from .pgdriver import PSYCOPG3, load_driver
        driver = load_driver()
        params = dict(self.db.connect_params)
        conn = driver.connect(dbname=self.db.database, **params)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
        self._psycopg3 = driver.__name__ == PSYCOPG3
        self._conn = conn

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _sqlite_changed(self) -> bool:
        version = self._data_version()
        if version == self._version:
            return False
        self._version = version
        return True

    def _changed(self, seconds: float, wake: threading.Event | None) -> bool:
        """Wait up to ``seconds`` for a change on the feed's own connection."""
        if self.sqlite:   # one look per slice, after the pause (wait looked once first)
            self._pause(seconds, wake)
            return self._sqlite_changed()
        conn = self._conn
        watched: list[Any] = [wake] if isinstance(wake, Wake) else []
        if self._psycopg3:
            # wait on the socket as for psycopg2: notifies(timeout=...) itself costs ten
            # times the CPU while idle (1.3 % of a core against 0.13 %, 20 boards: a core)
            readable, _, _ = select.select([conn.fileno(), *watched], [], [], seconds)
            # then take whatever arrived, without waiting: a burst of commits is one look
            return conn.fileno() in readable and any(True for _ in conn.notifies(timeout=0))
        if not conn.notifies:
            readable, _, _ = select.select([conn, *watched], [], [], seconds)
            if conn in readable:
                conn.poll()
        if conn.notifies:
            conn.notifies.clear()
            return True
        return False

    @staticmethod
    def _pause(seconds: float, wake: threading.Event | None) -> None:
        if wake is not None:
            wake.wait(seconds)
        else:
            time.sleep(seconds)
