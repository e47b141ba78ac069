"""Indexes the live board reads by: next items per department, open tickets by state."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_index('task', ('dept', 'state', 'due_at'), False),
        migrator.add_index('task', ('meeting_id', 'state'), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('task', 'task_dept_state_due_at'),
        migrator.drop_index('task', 'task_meeting_id_state'),
    )
