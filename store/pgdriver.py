"""The PostgreSQL driver, loaded only when a PostgreSQL URL is opened.

psycopg 3 (the ``pg`` extra, ``psycopg[binary]``) is used when it is installed; psycopg2 when
only it is (an older install keeps working). Peewee imports both drivers when it is itself
imported, if they are installed: about 0.2 s of every command's start, SQLite or not.
``store/__init__.py`` hides the drivers while Peewee loads, so Peewee's module globals say
"no driver"; the adapters here import the driver on first use instead and
:class:`PostgresqlDatabase` picks one (Peewee's own hooks ``psycopg2_adapter`` /
``psycopg3_adapter``).
"""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

import peewee

PSYCOPG3, PSYCOPG2 = "psycopg", "psycopg2"


def driver_name() -> str:
    """The driver a PostgreSQL database is opened with: psycopg 3 when it is installed."""
    for name in (PSYCOPG3, PSYCOPG2):
        try:
            if importlib.util.find_spec(name) is not None:
                return name
        except ValueError:   # hidden while Peewee loads (sys.modules[name] is None)
            continue
    raise ImportError("no PostgreSQL driver (psycopg or psycopg2)")


def load_driver() -> ModuleType:
    """The driver module (psycopg or psycopg2), set up as Peewee sets it up at import."""
    if driver_name() == PSYCOPG3:
        import psycopg
        return psycopg
    return load_psycopg2()


def load_psycopg2() -> Any:
    """psycopg2, with what Peewee sets up when it finds the driver at import."""
    import psycopg2
    import psycopg2.extras
    psycopg2.extras.register_uuid()
    return psycopg2


class LazyPsycopg2Adapter(peewee.Psycopg2Adapter):
    """Peewee's psycopg2 adapter, reading the driver from an import made on first use
    instead of Peewee's module globals (None when Peewee loaded without it)."""

    def __init__(self) -> None:
        driver = load_psycopg2()
        from psycopg2 import extensions
        super().__init__()
        self.driver, self.extensions = driver, extensions
        self.json_type = self.jsonb_type = driver.extras.Json
        self.txn_idle = extensions.TRANSACTION_STATUS_IDLE
        self.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
        self.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN

    def check_driver(self) -> None:
        pass   # __init__ imported it, or raised ImportError

    def get_binary_type(self) -> Any:
        return self.driver.Binary

    def connect(self, db: Any, **params: Any) -> Any:
        if db.database.startswith("postgresql://"):
            params.setdefault("dsn", db.database)
        else:
            params.setdefault("dbname", db.database)
        conn = self.driver.connect(**params)
        if db._register_unicode:
            self.extensions.register_type(self.extensions.UNICODE, conn)
            self.extensions.register_type(self.extensions.UNICODEARRAY, conn)
        if db._encoding:
            conn.set_client_encoding(db._encoding)
        return conn


class LazyPsycopg3Adapter(peewee.Psycopg3Adapter):
    """Peewee's psycopg 3 adapter with the driver imported on first use (Peewee's module
    globals ``psycopg``/``TransactionStatus`` are None when it loaded without the driver)."""

    def __init__(self) -> None:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb
        super().__init__()
        self.driver, self.status = psycopg, TransactionStatus
        self.json_type, self.jsonb_type = Json, Jsonb
        self.txn_idle = TransactionStatus.IDLE
        self.txn_inerror = TransactionStatus.INERROR
        self.txn_unknown = TransactionStatus.UNKNOWN

    def check_driver(self) -> None:
        pass   # __init__ imported it, or raised ImportError

    def get_binary_type(self) -> Any:
        return self.driver.Binary

    def connect(self, db: Any, **params: Any) -> Any:
        if db._encoding:
            params.setdefault("client_encoding", db._encoding)
        if db.database.startswith("postgresql://"):
            params.setdefault("conninfo", db.database)
        else:
            params.setdefault("dbname", db.database)
        return self.driver.connect(**params)

    def server_side_cursor(self, conn: Any) -> Any:
        import uuid
        in_txn = self.txn_status(conn) == self.status.INTRANS
        return conn.cursor(name=str(uuid.uuid1()), withhold=not in_txn)


ANALYZE_LOCK_KEY = 7_315_220_003   # pg advisory lock: one session refreshes statistics at a time
# the tables autovacuum would analyse now (its defaults: 50 rows + 10 % of the table changed)
STALE_TABLES = """SELECT relname FROM pg_stat_user_tables
    WHERE schemaname = current_schema() AND n_mod_since_analyze > 50 + 0.1 * n_live_tup"""


def analyze_stale_tables(conn: Any) -> list[str]:
    """ANALYZE the tables whose statistics are out of date by autovacuum's own measure; the
    tables analysed. The PostgreSQL counterpart of SQLite's ``PRAGMA optimize`` on close
    (store/sqlitedb.py): a server with autovacuum off (or a site that just imported months
    of history) otherwise plans today's reads with statistics from when the tables were
    small, and scans the history (tests/store/test_store_pg_statistics.py). One session at
    a time (an advisory lock tried, never waited for); each ANALYZE samples 30,000 rows."""
    done: list[str] = []
    with conn.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s)", (ANALYZE_LOCK_KEY,))
        if not cur.fetchone()[0]:
            return done
        try:
            cur.execute(STALE_TABLES)
            for (table,) in cur.fetchall():
                cur.execute(f'ANALYZE "{table}"')
                done.append(table)
        finally:
            cur.execute("SELECT pg_advisory_unlock(%s)", (ANALYZE_LOCK_KEY,))
    return done


def _adapter() -> peewee._BasePsycopgAdapter:  # type: ignore[name-defined]
    return LazyPsycopg3Adapter() if driver_name() == PSYCOPG3 else LazyPsycopg2Adapter()


class PostgresqlDatabase(peewee.PostgresqlDatabase):
    """Peewee's PostgreSQL database on whichever driver :func:`driver_name` finds. Peewee
    builds ``psycopg2_adapter()`` when its globals say no driver is present: that hook
    makes the choice here."""

    psycopg2_adapter = staticmethod(_adapter)
    psycopg3_adapter = LazyPsycopg3Adapter

    def _close(self, conn: Any) -> None:  # Peewee's private hook (absent from its stubs)
        try:
            adapter = self._adapter  # type: ignore[attr-defined]
            if adapter.txn_status(conn) == adapter.txn_idle:
                analyze_stale_tables(conn)
        except Exception:  # noqa: BLE001 - not the owner, a broken connection, read-only: skip
            pass
        super()._close(conn)  # type: ignore[misc]
