"""The board's items awaiting verification, bounded by time (issue 13).

The board lists the items reported done that await verification on meetings not yet over.
It found them through ``task_awaiting_verify`` (0003: every done item never verified, by
meeting), which keeps every item a past day left unverified: PostgreSQL read them all and
dropped the past ones in the join (3 days of history: 297 -> 1,543 index rows, the refresh
after a check-off 1.3x). A meeting's tasks do not carry its time (a done item keeps its due
time when the meeting moves), so:

* ``task.meeting_end_at``: the end of the task's meeting, written with the task and again
  whenever the meeting moves (store/meetings.py); every existing row is filled from its
  meeting. Nullable so SQLite adds it without rebuilding ``task`` (see 0005).
* ``task_awaiting_verify_end`` replaces ``task_awaiting_verify``: the same items, by site
  and meeting end; the board reads the range of meetings not yet over. With both, PostgreSQL
  kept the old one (its rows in meeting order, its estimate of the items of meetings not
  yet over taken from the whole table's: 12x too many on a site with 3 days of history).
  The reads that found the items through their meetings (the day's sign-off summary, the
  flags, the shift report) find them through ``task_site_id_meeting_id_state`` instead,
  by meeting id as before.

Self-contained: plain SQL that runs the same on SQLite and PostgreSQL, no model imports.
"""
from peewee import *

AWAITING = "state = 'done' AND verify"
INDEX = ("task_awaiting_verify_end", "task", "site_id, meeting_end_at", AWAITING)
OLD = ("task_awaiting_verify", "task", "meeting_id", AWAITING)   # as 0003 made it


def _create(db, index):
    name, table, columns, where = index
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns}) WHERE {where}')


def up(migrator, db):
    kind = "DATETIME" if isinstance(db, SqliteDatabase) else "TIMESTAMP"
    db.execute_sql(f"ALTER TABLE task ADD COLUMN meeting_end_at {kind}")
    db.execute_sql('UPDATE "task" SET meeting_end_at = '
                   '(SELECT m.end_at FROM "meeting" AS m WHERE m.id = "task".meeting_id)')
    _create(db, INDEX)
    db.execute_sql(f'DROP INDEX IF EXISTS "{OLD[0]}"')
    db.execute_sql('ANALYZE "task"')


def down(migrator, db):
    _create(db, OLD)
    db.execute_sql(f'DROP INDEX IF EXISTS "{INDEX[0]}"')
    db.execute_sql("ALTER TABLE task DROP COLUMN meeting_end_at")
