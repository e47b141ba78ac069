"""Schema creation and upgrades through Peewee's own runner (playhouse.migrations)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import peewee

from . import pg_drivers_hidden

if TYPE_CHECKING:
    from playhouse.migrations import Runner

from .db import is_sqlite, setup_lock

MIGRATIONS = Path(__file__).with_name("migrations")


def runner(db: peewee.Database) -> Runner:
    with pg_drivers_hidden():   # playhouse.migrations imports them (through cockroachdb)
        from playhouse.migrations import Runner
    return Runner(db, str(MIGRATIONS), table_name="schema_migration")


def up_to_date(db: peewee.Database) -> bool:
    """Every migration file is recorded as applied: the runner's own check (its names are
    the files ``[0-9]*.py`` without ``.py``), in one query and without loading the runner
    (playhouse.migrations and its schema migrator: 5 ms on SQLite, 10 on PostgreSQL, on
    every command and board). False when the table is not there yet, or on any doubt."""
    files = {path.stem for path in MIGRATIONS.glob("[0-9]*.py")}
    try:
        with db.atomic():   # a missing table must not spoil an enclosing transaction
            applied = {row[0] for row in db.execute_sql("SELECT name FROM schema_migration")}
    except peewee.DatabaseError:
        return False
    return bool(files) and files <= applied


def upgrade(db: peewee.Database) -> list[str]:
    """Apply pending migrations; return their names. Sessions opening an empty database at
    once queue on the set-up lock; each re-checks under it, so exactly one applies them."""
    if up_to_date(db) or all(m.applied for m in runner(db).status()):
        return []
    # SQLite rebuilds a table to change a column; with foreign keys on, dropping the old
    # table cascades (dropping ``meeting`` deletes every task). Peewee switches them off
    # around a rebuild, but that PRAGMA is a no-op inside a transaction, so switch them off
    # here, before the set-up lock's transaction, and check the keys before committing.
    sqlite = is_sqlite(db)
    if sqlite:
        db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with setup_lock(db):
            r = runner(db)
            if all(m.applied for m in r.status()):
                return []
            applied = list(r.up())
            if sqlite and db.execute_sql("PRAGMA foreign_key_check").fetchone() is not None:
                raise peewee.IntegrityError("a migration left rows pointing at nothing; rolled back")
            return applied
    finally:
        if sqlite:
            db.execute_sql("PRAGMA foreign_keys = ON")


def status(db: peewee.Database) -> list[tuple[str, bool]]:
    return [(m.name, bool(m.applied)) for m in runner(db).status()]
