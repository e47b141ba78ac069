"""The PostgreSQL driver, loaded only when a PostgreSQL URL is opened.

Peewee imports psycopg2 (and psycopg 3) when it is itself imported, if they are installed:
about 0.2 s of every command's start, SQLite or not. ``store/__init__.py`` hides the
drivers while Peewee loads, and :class:`PostgresqlDatabase` brings psycopg2 in when such a
database is opened, through Peewee's own adapter hook (``psycopg2_adapter``).
"""

from __future__ import annotations

from typing import Any

import peewee


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


class PostgresqlDatabase(peewee.PostgresqlDatabase):
    psycopg2_adapter = LazyPsycopg2Adapter
