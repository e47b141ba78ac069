"""Shift handover notes (issue 11): a note for the next shift, shown to the next person
who opens the board until they acknowledge it.

Needs only the person table of 0001."""
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


def down(migrator, db):
    migrator.migrate(migrator.drop_table('handover'))
