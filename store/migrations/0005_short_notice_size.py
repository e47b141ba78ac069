"""Bookings and readiness (issue 9): a task booked too late for its time is due as soon as
possible and marked ``short_notice``; a meeting carries its size (small, medium, large,
important), '' on rows booked before this script (read as the default for its attendees).

Plain ALTER TABLE on purpose: playhouse's SQLite migrator adds a NOT NULL column by
rebuilding the table (copy, DROP, rename), and dropping ``meeting`` with foreign keys on
cascades into ``task``: every task of every meeting would be deleted.
"""
from peewee import *


def up(migrator, db):
    false = "0" if isinstance(db, SqliteDatabase) else "FALSE"
    db.execute_sql(f"ALTER TABLE task ADD COLUMN short_notice BOOLEAN NOT NULL DEFAULT {false}")
    db.execute_sql("ALTER TABLE meeting ADD COLUMN size VARCHAR(16) NOT NULL DEFAULT ''")


def down(migrator, db):
    db.execute_sql("ALTER TABLE task DROP COLUMN short_notice")
    db.execute_sql("ALTER TABLE meeting DROP COLUMN size")
