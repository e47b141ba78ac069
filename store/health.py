"""Is the database still the one we opened, and what went wrong when it failed?

A board runs for days. Two failures look like success to a naive reader:
- a SQLite file that was renamed or deleted: the open connection still reads the old file
  (or a fresh empty file appears at the path) while everyone else writes elsewhere;
- a PostgreSQL connection that dropped: every query fails until someone reconnects.
:class:`DatabaseFile` notices the first cheaply (one ``stat`` per poll); :func:`failure_reason`
turns any database exception into the few words a person on duty can act on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import peewee

BUSY = "database busy"
READ_ONLY = "read-only"
DISK_FULL = "disk full"
DISK_ERROR = "disk error"
FILE_MISSING = "database file missing (renamed or deleted)"
FILE_REPLACED = "database file replaced"
CONNECTION_LOST = "database connection lost"
UNAVAILABLE = "database unavailable"

# (substring of the driver's message, lower case) -> reason; the first match wins
_REASONS: tuple[tuple[str, str], ...] = (
    ("database is locked", BUSY),
    ("database table is locked", BUSY),
    ("database is busy", BUSY),
    ("database busy", BUSY),                 # store.db's Unavailable says it so
    ("lock timeout", BUSY),
    ("deadlock detected", BUSY),
    ("could not obtain lock", BUSY),
    ("readonly database", READ_ONLY),
    ("read-only", READ_ONLY),
    ("database or disk is full", DISK_FULL),
    ("disk full", DISK_FULL),
    ("no space left on device", DISK_FULL),
    ("could not extend file", DISK_FULL),
    ("disk i/o error", DISK_ERROR),
    ("unable to open database file", FILE_MISSING),
    ("no such table", FILE_REPLACED),       # an empty file where the database was
    ("file is not a database", FILE_REPLACED),
    ("server closed the connection", CONNECTION_LOST),
    ("connection lost", CONNECTION_LOST),
    ("terminating connection", CONNECTION_LOST),
    ("connection already closed", CONNECTION_LOST),
    ("ssl connection has been closed", CONNECTION_LOST),
    ("connection not open", CONNECTION_LOST),
    ("could not connect", UNAVAILABLE),
    ("connection refused", UNAVAILABLE),
    ("the database system is shutting down", UNAVAILABLE),
    ("the database system is starting up", UNAVAILABLE),
)


def failure_reason(exc: BaseException) -> str:
    """A short reason for a database failure ("database busy", "read-only", ...); for
    anything unrecognised, the first line of the message."""
    if isinstance(exc, DatabaseFileChanged):
        return exc.reason
    text = str(exc).lower()
    for needle, reason in _REASONS:
        if needle in text:
            return reason
    if isinstance(exc, peewee.InterfaceError):
        return CONNECTION_LOST
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return first[:120]


@dataclass(frozen=True)
class Failure:
    """A database failure as a kind the board words in its own language (tui/board/wording.py
    ``failure_text``), with the driver's words as ``detail`` only where the kind alone does
    not say enough (an unrecognised failure, an unreadable file)."""

    kind: str
    detail: str = ""


FAILURE_KINDS = ("busy", "read_only", "disk_full", "disk_error", "file_missing", "file_replaced",
                 "file_unreadable", "connection_lost", "unavailable", "permission", "timeout", "other")
_KIND_OF = {BUSY: "busy", READ_ONLY: "read_only", DISK_FULL: "disk_full", DISK_ERROR: "disk_error",
            FILE_MISSING: "file_missing", FILE_REPLACED: "file_replaced",
            CONNECTION_LOST: "connection_lost", UNAVAILABLE: "unavailable"}
# failures the command line reports in the driver's words (as before), the board by kind
_MORE_KINDS: tuple[tuple[str, str], ...] = (
    ("permission denied", "permission"),
    ("access denied", "permission"),
    ("authentication failed", "permission"),
    ("statement timeout", "timeout"),
    ("timeout expired", "timeout"),
    ("timed out", "timeout"),
    ("could not translate host name", "unavailable"),
)
UNREADABLE = "database file unreadable"


def failure(exc: BaseException) -> Failure:
    """:func:`failure_reason` as a kind (and, for what has no kind, the driver's first line)."""
    reason = failure_reason(exc)
    if reason in _KIND_OF:
        return Failure(_KIND_OF[reason])
    if reason.startswith(UNREADABLE):
        return Failure("file_unreadable", reason[len(UNREADABLE):].strip(" ()"))
    text = str(exc).lower()
    for needle, kind in _MORE_KINDS:
        if needle in text:
            return Failure(kind)
    return Failure("other", reason[:80])


class DatabaseFileChanged(peewee.OperationalError):
    """The SQLite file at the path is not the one that was opened, or is gone."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class DatabaseFile:
    """The identity (device, inode) of a SQLite file, taken at the first check."""

    path: Path
    identity: tuple[int, int] | None = None

    @classmethod
    def of(cls, db: peewee.Database) -> DatabaseFile | None:
        """For a SQLite file database; None for PostgreSQL and in-memory databases."""
        if not isinstance(db, peewee.SqliteDatabase):
            return None
        name = str(db.database or "")
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        return cls(Path(name))

    def problem(self) -> str | None:
        """None while the path still names the file first seen; else why not."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return FILE_MISSING
        except OSError as exc:
            return f"{UNREADABLE} ({exc.strerror})"
        identity = (st.st_dev, st.st_ino)
        if self.identity is None:
            self.identity = identity
            return None
        return FILE_REPLACED if identity != self.identity else None

    def check(self) -> None:
        """Raise :class:`DatabaseFileChanged` when :meth:`problem` finds one."""
        problem = self.problem()
        if problem:
            raise DatabaseFileChanged(problem)
