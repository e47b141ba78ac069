"""Bookings and readiness (issue 9): a task booked too late for its time is due as soon as
possible and marked ``short_notice``; a meeting carries its size (small, medium, large,
important), '' on rows booked before this script (read as the default for their attendees)."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('task', 'short_notice', BooleanField(default=False)),
        migrator.add_column('meeting', 'size', CharField(max_length=16, default='')),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('task', 'short_notice'),
        migrator.drop_column('meeting', 'size'),
    )
