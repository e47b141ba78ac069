"""Repairs not yet called back, by resolution time (issue 10): the flags read the last year
of them, never the closed history. A partial index without the state, so it never competes
with ``ticket_state_opened_at`` for a plain ``state = ?`` query; the query repeats its WHERE literally
(``store.ticket_procedures.callback_owed``), as SQLite needs to use it. Plain SQL, the same
on SQLite and PostgreSQL."""
from peewee import *

NAME = "ticket_callback_owed"
WHERE = "kind IN ('repair') AND callback_at IS NULL"


def up(migrator, db):
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "ticket" (resolved_at) WHERE {WHERE}')


def down(migrator, db):
    db.execute_sql(f'DROP INDEX IF EXISTS "{NAME}"')
