"""The store: Peewee models, reads and writes.

Peewee (and Peewee's migration module) import the PostgreSQL drivers at their own import
when the drivers are installed: about 0.2 s of every command's start, SQLite or not. They
are imported here with the drivers hidden; store/pgdriver.py brings the driver (psycopg 3, or
psycopg2 where only it is installed) in when a PostgreSQL database is opened.
"""

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager

PG_DRIVERS = ("psycopg2", "psycopg")


@contextmanager
def pg_drivers_hidden() -> Iterator[None]:
    """Within: ``import psycopg2`` (or psycopg) fails unless it was already loaded."""
    hidden = [name for name in PG_DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import X" now raises ImportError
    try:
        yield
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


if "peewee" not in sys.modules:
    with pg_drivers_hidden():
        importlib.import_module("peewee")
