"""One ``connect(url)`` for SQLite (embedded default) and PostgreSQL.

``--db`` takes a URL (``sqlite:///FILE``, ``postgresql://...``) or a plain file path. Only the
commands that create a site (``init``, ``demo``) may create a SQLite file; every other open of
a missing file is refused, so a mistyped path never yields an empty board.

A busy site is not an error: a writer waits for SQLite's write lock (PostgreSQL's row locks)
with backoff for up to :func:`busy_timeout` seconds before giving up with :class:`Unavailable`.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlparse, urlsplit, urlunsplit

import peewee

from .errors import DutyError, UsageError
from .sqlitedb import OptimizingSqliteDatabase

database_proxy = peewee.DatabaseProxy()

BUSY_ENV = "DUTYBOARD_BUSY_TIMEOUT"
DEFAULT_BUSY_SECONDS = 30.0
PG_CONNECT_TIMEOUT = 10  # seconds: an unreachable host must not hang a command
SETUP_LOCK_KEY = 7_315_220_001  # pg advisory lock: schema set-up and ``init``
NO_DATABASE = "no dutyboard database at {path}; create one with `dutyboard init`"


class Unavailable(DutyError, peewee.OperationalError):
    """The database could not be reached or written (busy past the wait, read-only, disk full,
    connection lost); the transaction rolled back, so nothing was written. It is also a
    peewee OperationalError, so code that handles the driver's error handles this one."""
    exit_code = 6


def busy_timeout() -> float:
    """Seconds a writer keeps retrying a busy database (env ``DUTYBOARD_BUSY_TIMEOUT``)."""
    raw = os.environ.get(BUSY_ENV, "").strip()
    if not raw:
        return DEFAULT_BUSY_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{BUSY_ENV}={raw!r}: not a number of seconds") from None
    if not 0 <= value <= 3600:
        raise UsageError(f"{BUSY_ENV}={raw!r}: use 0 to 3600 seconds")
    return value


def sqlite_pragmas() -> dict[str, object]:
    """The connection settings; the busy wait follows ``DUTYBOARD_BUSY_TIMEOUT``."""
    return {
        "journal_mode": "wal",      # readers never block the writer, the board reads all shift
        "foreign_keys": 1,
        "synchronous": "normal",    # safe with WAL; a power cut loses at most the last commit
        "busy_timeout": int(busy_timeout() * 1000),
        "cache_size": -32000,
    }


SQLITE_PRAGMAS = {  # the defaults, for code that builds its own SqliteDatabase
    "journal_mode": "wal", "foreign_keys": 1, "synchronous": "normal",
    "busy_timeout": int(DEFAULT_BUSY_SECONDS * 1000), "cache_size": -32000,
}


def default_url(configured: str | None = None) -> str:
    """Without ``--db``: ``$DUTYBOARD_DB``, else the config files' ``database``, else a file in
    the user data folder."""
    env = os.environ.get("DUTYBOARD_DB")
    if env:
        return env
    if configured:
        return configured
    from platformdirs import user_data_dir
    folder = Path(user_data_dir("dutyboard", appauthor=False))
    return f"sqlite:///{quote(str(folder / 'dutyboard.db'), safe='/')}"


def _check_text(text: str) -> None:
    if not text.strip():
        raise UsageError("--db: empty database location")
    if "\x00" in text:
        raise UsageError("--db: the location contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError("--db: the location is not valid UTF-8 text") from None


def normalize_url(text: str) -> str:
    """A URL for ``text``: a URL as given, a plain path as ``sqlite:///ABSOLUTE/PATH``."""
    _check_text(text)
    if "://" not in text and not text.lower().startswith(("sqlite:", "postgres:", "postgresql:")):
        path = Path(text).expanduser().absolute()
        return f"sqlite:///{quote(str(path), safe='/')}"
    return text


def redact_url(url: str) -> str:
    """``url`` fit to show: a SQLite file's path, a server URL without its password."""
    path = sqlite_path(url) if url.lower().startswith("sqlite:") else None
    if path is not None:
        return path
    parsed = urlsplit(url)
    if parsed.password is None:
        return url
    netloc = parsed.netloc.rsplit("@", 1)[1]
    user = f"{parsed.username}:***@" if parsed.username else ""
    return urlunsplit((parsed.scheme, user + netloc, parsed.path, parsed.query, parsed.fragment))


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL (``:memory:`` as is), None for other schemes."""
    if not url.lower().startswith("sqlite:"):
        return None
    if not url.lower().startswith("sqlite:///"):
        raise UsageError(f"bad SQLite URL {url!r}: use sqlite:///path/to/file.db or a plain path")
    path = unquote(url[len("sqlite:///"):])
    _check_text(path)
    return path if path == ":memory:" else str(Path(path).expanduser())


def open_database(url: str) -> peewee.Database:
    """Build (not yet connect) the database for ``url``; a malformed URL is a UsageError."""
    url = normalize_url(url)
    path = sqlite_path(url)
    if path is not None:
        if path != ":memory:" and Path(path).is_dir():
            raise UsageError(f"--db: {path} is a folder, not a database file")
        db = OptimizingSqliteDatabase(path, pragmas=sqlite_pragmas(), timeout=busy_timeout(),
                                   check_same_thread=False)
        db.busy_budget = busy_timeout()  # type: ignore[attr-defined]
        return db
    try:
        parsed = urlparse(url)
        port = parsed.port
    except ValueError as exc:
        raise UsageError(f"bad database URL {url!r}: {exc}") from None
    if parsed.scheme.lower() in ("postgres", "postgresql"):
        return _postgres(url, parsed, port)
    raise UsageError(f"unsupported database URL {url!r}: use a file path, sqlite:///FILE or "
                     "postgresql://USER@HOST:PORT/DATABASE")


def _postgres(url: str, parsed, port: int | None) -> peewee.Database:  # type: ignore[no-untyped-def]
    try:
        from .pgdriver import PostgresqlDatabase, load_driver
        load_driver()
    except ImportError:
        raise UsageError("PostgreSQL needs the driver: pip install 'dutyboard[pg]'") from None
    name = unquote(parsed.path.lstrip("/")) or "postgres"
    if "/" in name or parsed.fragment:
        raise UsageError(f"bad database URL {url!r}: the path must be one database name")
    host = parsed.hostname or None
    if host is not None and any(c.isspace() or ord(c) < 32 for c in host):
        raise UsageError(f"bad database URL {url!r}: bad host name")
    extra = dict(parse_qsl(parsed.query))
    extra.setdefault("connect_timeout", str(PG_CONNECT_TIMEOUT))
    # a row lock held longer than the busy timeout ends the statement (exit 6), no endless wait
    extra.setdefault("options", f"-c lock_timeout={int(busy_timeout() * 1000)}")
    return PostgresqlDatabase(
        name, user=unquote(parsed.username) if parsed.username else None,
        password=unquote(parsed.password) if parsed.password else None,
        host=host, port=port, **extra,
    )  # no autorollback: peewee 4 ignores it (always autocommit) and warns on every connect


def connect(url: str, migrate: bool = True, create: bool = True) -> peewee.Database:
    """Open ``url``, bind the models to it, and bring the schema up to date.

    With ``create=False`` a missing SQLite file is refused (UsageError) and nothing is made on
    disk; only the commands that set a site up pass ``create=True``."""
    db = open_database(url)
    path = sqlite_path(normalize_url(url))
    if path is not None and path != ":memory:" and not Path(path).exists():
        if not create:
            raise UsageError(NO_DATABASE.format(path=path))
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--db: cannot create {Path(path).parent}: {exc.strerror}") from None
    database_proxy.initialize(db)
    from .scope import forget
    forget()   # a new database: no building chosen yet (the Context chooses one)
    try:
        db.connect(reuse_if_open=True)
        if migrate:
            from .migrate import upgrade
            upgrade(db)
    except peewee.DatabaseError as exc:
        if not db.is_closed():
            db.close()
        raise opening_error(url, exc) from None
    return db


def opening_error(url: str, exc: Exception) -> UsageError | Unavailable:
    """Bad location (exit 2) or a database that is there but cannot be used now (exit 6)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    bad_location = ("unable to open database file", "file is not a database",
                    "could not translate host name", "failed to resolve host", "does not exist", "invalid ",
                    "authentication failed", "no password supplied", "role ")
    if any(marker in lowered for marker in bad_location):
        return UsageError(f"cannot open database {url!r}: {text}")
    return unavailable(exc)


def describe(exc: BaseException) -> str:
    """A short reason for a database failure, in the words a user knows."""
    exc = root_cause(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered or "lock timeout" in lowered:
        return "database busy"
    if "readonly" in lowered or "read-only" in lowered:
        return "database is read-only"
    if "disk is full" in lowered or "no space" in lowered:
        return "disk full"
    if "connection" in lowered or "server closed" in lowered or "terminat" in lowered:
        return f"connection lost ({text})"
    return text


def root_cause(exc: BaseException) -> BaseException:
    """The error behind a failed rollback: SQLite ends the transaction itself on some errors
    (disk full, I/O), and the rollback that follows then fails with a useless message."""
    while "no transaction is active" in str(exc) and exc.__context__ is not None:
        exc = exc.__context__
    return exc


def unavailable(exc: BaseException) -> Unavailable:
    return Unavailable(f"database unavailable, nothing written: {describe(exc)}")


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def is_sqlite(db: peewee.Database) -> bool:
    return isinstance(db, peewee.SqliteDatabase)


@contextmanager
def write_transaction(db: peewee.Database) -> Iterator[None]:
    """A write transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE), retrying a
    busy lock with jittered backoff until :func:`busy_timeout` runs out (then Unavailable);
    a nested call is a savepoint of the outer transaction."""
    if not is_sqlite(db) or db.transaction_depth() > 0:
        with db.atomic():
            yield
        return
    with ExitStack() as stack:
        _begin_immediate(db, stack)
        yield


def _begin_immediate(db: peewee.Database, stack: ExitStack) -> None:
    """Take SQLite's write lock. SQLite's own busy handler sleeps ever longer (up to 100 ms)
    while the lock sits free, which starves a busy site; instead try often with short jittered
    sleeps until the budget runs out. A database built elsewhere (a test's second session) has
    no budget and keeps SQLite's own wait."""
    budget = getattr(db, "busy_budget", None)
    if budget is None:
        stack.enter_context(db.atomic("IMMEDIATE"))
        return
    deadline = time.monotonic() + budget
    delay = 0.001
    db.execute_sql("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                stack.enter_context(db.atomic("IMMEDIATE"))
                return
            except peewee.OperationalError as exc:
                left = deadline - time.monotonic()
                if not is_busy(exc) or left <= 0:
                    raise unavailable(exc) from None
                time.sleep(min(left, random.uniform(0, delay)))
                delay = min(delay * 1.5, 0.02)
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {int(budget * 1000)}")


def take_setup_lock(db: peewee.Database) -> None:
    """Inside a write transaction: on PostgreSQL wait for the set-up advisory lock, held until
    the transaction ends (SQLite's BEGIN IMMEDIATE already holds the only write lock)."""
    if not is_sqlite(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SETUP_LOCK_KEY,))


@contextmanager
def setup_lock(db: peewee.Database) -> Iterator[None]:
    """Serialise schema set-up and ``init`` between sessions: a PostgreSQL advisory lock held
    for the transaction, or SQLite's write lock (BEGIN IMMEDIATE)."""
    with write_transaction(db):
        take_setup_lock(db)
        yield
