"""Looking after the site's database: ``init --group``, ``backup``, ``restore`` and
``config show`` (which files the settings came from). The files themselves are handled in
:mod:`dutyboard.store.site_files`; this module parses, checks who asks and prints."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from dutyboard.store.errors import NotPermitted, UsageError

from .output import emit

if TYPE_CHECKING:
    import sqlite3

    from dutyboard.store.context import Context
    from dutyboard.store.site_config import SiteConfig

PG_BACKUP = ("a PostgreSQL site is backed up with pg_dump and restored with pg_restore "
             "(README: Backups)")


# The parsers of ``backup``, ``restore``, ``serve`` and ``config`` (their one-line help is
# in parser.COMMANDS, for `dutyboard --help` without building them).

def add_backup(bk: Any) -> None:
    bk.add_argument("file", metavar="FILE")
    bk.add_argument("--force", action="store_true", help="replace FILE if it exists")


def add_restore(rs: Any) -> None:
    rs.add_argument("file", metavar="FILE")
    rs.add_argument("--force", action="store_true", help="even while boards are connected")


def add_serve(sv: Any) -> None:
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    sv.add_argument("--port", type=port_number, default=8000)


def add_config(cf: Any) -> None:
    cf.add_argument("action", choices=("show",))


def port_number(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def add_init_options(init: Any) -> None:
    init.add_argument("--group", help="SQLite: the OS group whose logins share the database "
                                      "(setgid folder, group-writable files)")


@contextlib.contextmanager
def shared_group(args: Any, url: str) -> Iterator[None]:
    """``init --group``: the folder and the umask are set before the file is created, the
    files given to the group after ``init`` succeeded, the umask put back in any case."""
    from dutyboard.store import site_files
    from dutyboard.store.db import sqlite_path
    if args.command != "init" or not getattr(args, "group", None):
        yield
        return
    path = sqlite_path(url)
    if path is None or path == ":memory:":
        raise UsageError("--group is for a SQLite file; a PostgreSQL site grants access with GRANT")
    old = site_files.prepare_shared_folder(path, args.group)
    try:
        yield
        site_files.share_files(path, args.group)
    finally:
        os.umask(old)


def _connection(ctx: Context, what: str) -> sqlite3.Connection:
    from dutyboard.store.db import is_sqlite
    if not is_sqlite(ctx.db) or ctx.db.database == ":memory:":
        raise UsageError(f"{what}: {PG_BACKUP}")
    conn = ctx.db.connection()
    import sqlite3
    assert isinstance(conn, sqlite3.Connection)
    return conn


def cmd_backup(args: Any, ctx: Context) -> None:
    from dutyboard.store import site_files
    from dutyboard.store.identity import is_administrator
    if not is_administrator(ctx.db, ctx.real_login) and ctx.actor().role != "manager":
        raise NotPermitted(f"{ctx.login}: not permitted: a backup is the manager's or the administrator's")
    size = site_files.backup(_connection(ctx, "backup"), args.file, force=args.force)
    emit(args, {"backup": args.file, "bytes": size})


def cmd_restore(args: Any, ctx: Context) -> None:
    from dutyboard.store import site_files
    from dutyboard.store.identity import is_administrator
    if not is_administrator(ctx.db, ctx.real_login):
        raise NotPermitted(f"{ctx.real_login}: not permitted: restore is the site administrator's "
                           "(root or the owner of the database file)")
    conn = _connection(ctx, "restore")
    digest = site_files.restore(conn, ctx.db.database, args.file, force=args.force)
    with ctx.write():
        ctx.audit("restore", "site", None, after={"file": args.file, "sha256": digest},
                  note=f"restored from {args.file}", company=True)
    emit(args, {"restored": args.file, "sha256": digest})


def cmd_config(args: Any, ctx: Context, config: SiteConfig, url: str) -> None:
    from dutyboard.store.db import redact_url
    emit(args, {"database": redact_url(url), "lang": config.lang or "", "theme": config.theme or "",
                "site": config.site or "",
                "readonly": config.readonly, "guests": config.guests,
                "administrators": sorted(config.administrators), "files": list(config.files)})


HANDLERS = {"backup": cmd_backup, "restore": cmd_restore}
