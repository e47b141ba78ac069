"""The quarterly report's signatures (issue 10): the department head's sign-off, with the
written corrective note a quarter over the target needs, then the project manager's comment.

Needs only the person table of 0001."""
from peewee import *


def up(migrator, db):
    class Person(Model):
        class Meta:
            database = db
            table_name = 'person'

    class ReportSignoff(Model):
        report = CharField(max_length=16)
        period = CharField(max_length=16)
        role = CharField(max_length=16)
        by = ForeignKeyField(Person)
        at = DateTimeField()
        comment = TextField(default='')
        corrective = TextField(default='')
        class Meta:
            database = db
            table_name = 'report_signoff'
            indexes = ((('report', 'period', 'role'), True),)
    db.create_tables([ReportSignoff])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('report_signoff'))
