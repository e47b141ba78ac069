"""Schema creation and upgrades through Peewee's own runner (playhouse.migrations)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import peewee

from . import pg_drivers_hidden

if TYPE_CHECKING:
    from playhouse.migrations import Runner

from .db import setup_lock

MIGRATIONS = Path(__file__).with_name("migrations")


def runner(db: peewee.Database) -> Runner:
    with pg_drivers_hidden():   # playhouse.migrations imports them (through cockroachdb)
        from playhouse.migrations import Runner
    return Runner(db, str(MIGRATIONS), table_name="schema_migration")


def upgrade(db: peewee.Database) -> list[str]:
    """Apply pending migrations; return their names. Sessions opening an empty database at
    once queue on the set-up lock; each re-checks under it, so exactly one applies them."""
    if all(m.applied for m in runner(db).status()):
        return []
    with setup_lock(db):
        r = runner(db)
        if all(m.applied for m in r.status()):
            return []
        return list(r.up())


def status(db: peewee.Database) -> list[tuple[str, bool]]:
    return [(m.name, bool(m.applied)) for m in runner(db).status()]
