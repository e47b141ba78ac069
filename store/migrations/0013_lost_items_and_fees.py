"""The lost items register (《拾遗物品登记表》) and the meeting's fee confirmation
(《会议费用确认单》), domain §3. Self-contained: the models as of this migration."""
from peewee import *


def up(migrator, db):
    class Person(Model):
        class Meta:
            database = db
            table_name = 'person'

    class Meeting(Model):
        class Meta:
            database = db
            table_name = 'meeting'

    class LostItem(Model):
        meeting = ForeignKeyField(Meeting, null=True, column_name='meeting_id')
        item = TextField()
        place = TextField(default='')
        found_at = DateTimeField(index=True)
        found_by = ForeignKeyField(Person, column_name='found_by_id')
        returned_to = TextField(default='')
        returned_at = DateTimeField(null=True)
        returned_by = ForeignKeyField(Person, null=True, column_name='returned_by_id')

        class Meta:
            database = db
            table_name = 'lost_item'

    db.create_tables([LostItem], safe=True)
    migrator.migrate(
        migrator.add_column('meeting', 'fee_consumables', TextField(default='', constraints=[SQL("DEFAULT ''")])),
        migrator.add_column('meeting', 'fee_signed_by', CharField(default='', constraints=[SQL("DEFAULT ''")])),
        migrator.add_column('meeting', 'fee_at', DateTimeField(null=True)),
        migrator.add_column('meeting', 'fee_by_id', ForeignKeyField(Person, null=True, field=Person.id)),
    )


def down(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "meeting_fee_by_id"')   # made by add_column's foreign key
    migrator.migrate(*(migrator.drop_column('meeting', name) for name in (
        'fee_consumables', 'fee_signed_by', 'fee_at', 'fee_by_id')))
    db.execute_sql('DROP TABLE IF EXISTS "lost_item"')
