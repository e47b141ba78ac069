"""Shift handover notes (issue 11): a note for the next shift, shown to the next person
who opens the board until they acknowledge it; and ``ticket_event_at``, the ticket events
by time, for the shift summary (``report shift``: what was resolved or escalated in the
window, without reading the history).

Needs only the person table of 0001 and the ticket_event table."""
from peewee import *


def up(migrator, db):
    class Person(Model):
        class Meta:
            database = db
            table_name = 'person'

    class Handover(Model):
        text = TextField()
        written_by = ForeignKeyField(Person)
        written_at = DateTimeField(index=True)
        acked_by = ForeignKeyField(Person, null=True)
        acked_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'handover'
    db.create_tables([Handover])
    db.execute_sql('CREATE INDEX ticket_event_at ON ticket_event (at)')


def down(migrator, db):
    db.execute_sql('DROP INDEX ticket_event_at')
    migrator.migrate(migrator.drop_table('handover'))
