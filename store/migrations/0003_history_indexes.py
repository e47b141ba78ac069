"""Reads bounded by time, not by history (issue 13), and push on PostgreSQL.

* ``task_awaiting_verify``: a partial index of the items reported done that await
  verification, by meeting: the board finds them through the meetings not yet over.
* ``ticket_live_opened_at``: a partial index of the tickets still in hand (open,
  dispatched, resolved) in the order ``ticket list`` shows them; closed tickets, which
  pile up for years, are not in it.
* ``ticket_state_opened_at``: tickets of one state by registration time: a week's
  inquiries, ``ticket list --state closed`` newest first (stops after the limit).
* ``ticket_unresolvable_closed_at``: the cases closed as unresolvable by closing time,
  for the Monday summary's list.
* PostgreSQL only: a statement trigger on ``audit`` that sends ``NOTIFY dutyboard_audit``
  (store/changes.py listens), so a board wakes when anything is written instead of
  polling.
* Fresh planner statistics (ANALYZE; bounded by ``analysis_limit`` on SQLite).

Self-contained: plain SQL that runs the same on SQLite and PostgreSQL, no model imports.
"""
from peewee import *

INDEXES = (
    ("task_awaiting_verify", "task", "meeting_id", "state = 'done' AND verify"),
    ("ticket_live_opened_at", "ticket", "opened_at",
     "state IN ('open', 'dispatched', 'resolved')"),
    ("ticket_unresolvable_closed_at", "ticket", "closed_at", "unresolvable"),
    ("ticket_state_opened_at", "ticket", "state, opened_at", None),
)

NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION dutyboard_audit_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('dutyboard_audit', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def _is_sqlite(db):
    return isinstance(db, SqliteDatabase)


def up(migrator, db):
    for name, table, columns, where in INDEXES:
        partial = f" WHERE {where}" if where else ""
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns}){partial}')
    if _is_sqlite(db):
        db.execute_sql("PRAGMA analysis_limit = 1000")
    else:
        db.execute_sql(NOTIFY_FUNCTION)
        db.execute_sql('DROP TRIGGER IF EXISTS audit_notify ON "audit"')
        db.execute_sql('CREATE TRIGGER audit_notify AFTER INSERT ON "audit" '
                       'FOR EACH STATEMENT EXECUTE FUNCTION dutyboard_audit_notify()')
    db.execute_sql("ANALYZE")


def down(migrator, db):
    for name, _, _, _ in INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    if not _is_sqlite(db):
        db.execute_sql('DROP TRIGGER IF EXISTS audit_notify ON "audit"')
        db.execute_sql("DROP FUNCTION IF EXISTS dutyboard_audit_notify()")
