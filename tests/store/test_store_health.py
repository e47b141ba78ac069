"""Database failures in a few words a person on duty can act on, from the real drivers'
messages; and a SQLite file that is no longer the one that was opened."""

from __future__ import annotations

import os
import sqlite3
import stat

import peewee
import pytest
from dutyboard.store import health


def _sqlite_error(tmp_path, make) -> Exception:  # noqa: ANN001
    path = tmp_path / "x.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE IF NOT EXISTS t (x)")
    try:
        make(path)
    except sqlite3.Error as exc:
        return peewee.OperationalError(str(exc))
    raise AssertionError("no error")


def test_real_sqlite_messages(tmp_path):
    def locked(path):  # noqa: ANN001, ANN202
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            sqlite3.connect(path, timeout=0.05).execute("INSERT INTO t VALUES (1)")
        finally:
            holder.execute("ROLLBACK")

    def read_only(path):  # noqa: ANN001, ANN202
        os.chmod(path, stat.S_IRUSR)
        try:
            with sqlite3.connect(path) as conn:
                conn.execute("INSERT INTO t VALUES (1)")
        finally:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)

    def empty(path):  # noqa: ANN001, ANN202
        sqlite3.connect(path.with_name("fresh.db")).execute("SELECT * FROM t")

    assert health.failure_reason(_sqlite_error(tmp_path, locked)) == health.BUSY
    if os.geteuid() != 0:  # root writes to a read-only file regardless
        assert health.failure_reason(_sqlite_error(tmp_path, read_only)) == health.READ_ONLY
    assert health.failure_reason(_sqlite_error(tmp_path, empty)) == health.FILE_REPLACED


@pytest.mark.parametrize("message, reason", [
    ("attempt to write a readonly database", health.READ_ONLY),
    ("database or disk is full", health.DISK_FULL),
    ("disk I/O error", health.DISK_ERROR),
    ("unable to open database file", health.FILE_MISSING),
    ("terminating connection due to administrator command", health.CONNECTION_LOST),
    ("server closed the connection unexpectedly\n\tThis probably means ...", health.CONNECTION_LOST),
    ('connection to server at "127.0.0.1", port 1 failed: Connection refused', health.UNAVAILABLE),
    ("could not extend file \"base/1/2\": No space left on device", health.DISK_FULL),
    ("cannot execute UPDATE in a read-only transaction", health.READ_ONLY),
    ("canceling statement due to lock timeout", health.BUSY),
])
def test_driver_messages(message, reason):
    assert health.failure_reason(peewee.OperationalError(message)) == reason


def test_unknown_errors_keep_their_first_line():
    assert health.failure_reason(RuntimeError("something odd\nmore")) == "something odd"
    assert health.failure_reason(peewee.InterfaceError("")) == health.CONNECTION_LOST


def test_file_identity(tmp_path):
    path = tmp_path / "a.db"
    path.write_bytes(b"x")
    watched = health.DatabaseFile.of(peewee.SqliteDatabase(str(path)))
    assert watched is not None and watched.problem() is None and watched.problem() is None
    path.rename(tmp_path / "b.db")
    assert watched.problem() == health.FILE_MISSING
    with pytest.raises(health.DatabaseFileChanged) as raised:
        watched.check()
    assert health.failure_reason(raised.value) == health.FILE_MISSING
    path.write_bytes(b"x")
    assert watched.problem() == health.FILE_REPLACED
    (tmp_path / "b.db").replace(path)
    assert watched.problem() is None
    assert health.DatabaseFile.of(peewee.SqliteDatabase(":memory:")) is None
    assert health.DatabaseFile.of(peewee.PostgresqlDatabase("x")) is None
