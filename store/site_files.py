"""The SQLite site's files on disk: shared by a group of logins, backed up, restored.

- ``init --group GROUP``: every login of the group opens and writes the same file. The folder
  gets the group and the setgid bit (files made in it later, such as SQLite's ``-wal`` and
  ``-shm``, inherit the group), and the process's umask lets the group write what it makes
  (SQLite gives the ``-wal`` and ``-shm`` files the database file's own mode).
- ``backup FILE``: SQLite's online backup API, which copies what is still in the WAL file too
  (a plain copy of the ``.db`` misses it) while boards keep working.
- ``restore FILE``: the administrator's; refused while boards are connected (each board holds
  a shared lock on ``<database>.boards`` while it runs) unless forced.
"""

from __future__ import annotations

import contextlib
import fcntl
import grp
import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import Refused, UsageError

GROUP_UMASK = 0o007


def group_id(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise UsageError(f"--group: no group {name!r} on this machine (create it with groupadd, "
                         "and add the desk's logins to it)") from None


def prepare_shared_folder(path: str, group: str) -> int:
    """Before ``init`` creates the database at ``path``: its folder belongs to ``group``,
    setgid, group-writable; files made from now on in this process are group-writable.
    Returns the umask it replaced."""
    gid = group_id(group)
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.chown(folder, -1, gid)
        mode = stat.S_IMODE(folder.stat().st_mode)
        os.chmod(folder, mode | stat.S_IRWXG | stat.S_ISGID)
    except PermissionError:
        raise UsageError(f"--group: cannot give {folder} to group {group!r}: run init as root or "
                         f"as a member of {group!r} who owns the folder") from None
    return os.umask(GROUP_UMASK)


def share_files(path: str, group: str) -> list[str]:
    """After ``init``: the database and its companions are the group's and group-writable."""
    gid = group_id(group)
    done = []
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}.boards"):
        if os.path.exists(name):
            os.chown(name, -1, gid)
            os.chmod(name, stat.S_IMODE(os.stat(name).st_mode) | stat.S_IRGRP | stat.S_IWGRP)
            done.append(name)
    return done


# -- boards connected ------------------------------------------------------------------------

def presence_file(path: str) -> str:
    return f"{path}.boards"


@contextlib.contextmanager
def board_presence(path: str | None) -> Iterator[None]:
    """While a board runs on the SQLite file ``path``: a shared lock on ``<path>.boards``
    (released by the kernel however the board ends). A folder the login cannot write in
    only means ``restore`` cannot see this board."""
    handle: IO[bytes] | None = None
    if path and path != ":memory:":
        try:
            handle = open(presence_file(path), "ab")  # noqa: SIM115 - held for the board's life
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            if handle is not None:
                handle.close()
            handle = None
    try:
        yield
    finally:
        if handle is not None:
            handle.close()


def boards_connected(path: str) -> bool:
    try:
        with open(presence_file(path), "ab") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


# -- backup and restore --------------------------------------------------------------------------

def backup(conn: sqlite3.Connection, target: str, force: bool = False) -> int:
    """Copy the live database (``conn``) into ``target``; the bytes written."""
    out = Path(target).expanduser()
    if out.is_dir():
        raise UsageError(f"backup: {out} is a folder: name the backup file")
    if out.exists() and not force:
        raise UsageError(f"backup: {out} exists: name a new file, or add --force to replace it")
    partial = out.with_name(out.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        dest = sqlite3.connect(partial)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UsageError(f"backup: cannot write {out}: {exc.strerror}") from None
    return out.stat().st_size


def check_backup(source: str) -> str:
    """A readable dutyboard database; its SHA-256 (recorded in the audit trail)."""
    path = Path(source).expanduser()
    if not path.is_file():
        raise UsageError(f"restore: no file {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"restore: {path} is not a SQLite database ({exc})") from None
    if not ok or ok[0] != "ok":
        raise UsageError(f"restore: {path} is damaged ({ok[0] if ok else 'no answer'})")
    if not {"schema_migration", "audit", "person"} <= tables:
        raise UsageError(f"restore: {path} is not a dutyboard database")
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def restore(conn: sqlite3.Connection, live_path: str, source: str, force: bool = False) -> str:
    """Replace the live database's content by ``source`` (one step for other connections);
    its SHA-256."""
    digest = check_backup(source)
    if boards_connected(live_path) and not force:
        raise Refused("boards are connected to this database: close them first, or add --force "
                      "(their next read shows the restored data)", "restore.boards")
    src = sqlite3.connect(f"file:{Path(source).expanduser()}?mode=ro", uri=True)
    try:
        src.backup(conn)
    finally:
        src.close()
    return digest
