"""One ``connect(url)`` for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee

from .errors import UsageError
from .sqlitedb import OptimizingSqliteDatabase

database_proxy = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",      # readers never block the writer, the board reads all shift
    "foreign_keys": 1,
    "synchronous": "normal",    # safe with WAL; a power cut loses at most the last commit
    "busy_timeout": 5000,
    "cache_size": -32000,
}


def default_url() -> str:
    env = os.environ.get("DUTYBOARD_DB")
    if env:
        return env
    from platformdirs import user_data_dir
    folder = Path(user_data_dir("dutyboard", appauthor=False))
    return f"sqlite:///{folder / 'dutyboard.db'}"


def open_database(url: str) -> peewee.Database:
    """Build (not yet connect) the database for ``url``."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else ""
        if not path:
            raise UsageError(f"bad SQLite URL {url!r}: use sqlite:///path/to/file.db")
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            path = str(Path(path).expanduser())
        return OptimizingSqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=10,
                                         check_same_thread=False)
    if parsed.scheme in ("postgres", "postgresql"):
        try:
            from .pgdriver import PostgresqlDatabase, load_psycopg2
            load_psycopg2()
        except ImportError:
            raise UsageError("PostgreSQL needs the driver: pip install 'dutyboard[pg]'") from None
        return PostgresqlDatabase(
            unquote(parsed.path.lstrip("/")) or "postgres",
            user=unquote(parsed.username) if parsed.username else None,
            password=unquote(parsed.password) if parsed.password else None,
            host=parsed.hostname or None, port=parsed.port or None,
        )  # no autorollback: peewee 4 ignores it (always autocommit) and warns on every connect
    raise UsageError(f"unsupported database URL {url!r}: use sqlite:///FILE or postgresql://...")


def connect(url: str, migrate: bool = True) -> peewee.Database:
    """Open ``url``, bind the models to it, and bring the schema up to date."""
    db = open_database(url)
    database_proxy.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except peewee.OperationalError as exc:
        raise UsageError(f"cannot open database {url!r}: {exc}") from None
    if migrate:
        from .migrate import upgrade
        upgrade(db)
    return db


def is_sqlite(db: peewee.Database) -> bool:
    return isinstance(db, peewee.SqliteDatabase)


@contextmanager
def write_transaction(db: peewee.Database) -> Iterator[None]:
    """A write transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE) so two
    writers queue on the busy timeout instead of failing on a lock upgrade."""
    if is_sqlite(db):
        with db.atomic("IMMEDIATE"):
            yield
    else:
        with db.atomic():
            yield
