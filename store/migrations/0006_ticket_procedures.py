"""Cases closed as the procedures say (issue 10): every follow-up counted (the daily chase of
an escalated case), stalled cases, the callback (回访), the charge of a repair.

Self-contained: it needs only the ticket table of 0001. The NOT NULL columns carry a database
default too, so rows written by plain SQL (the benchmark generator, older code) still fit."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('ticket', 'follow_up_count', IntegerField(default=0, constraints=[SQL('DEFAULT 0')])),
        migrator.add_column('ticket', 'last_follow_up_at', DateTimeField(null=True)),
        migrator.add_column('ticket', 'stalled_at', DateTimeField(null=True)),
        migrator.add_column('ticket', 'stall_reason', TextField(default='', constraints=[SQL("DEFAULT ''")])),
        migrator.add_column('ticket', 'callback_at', DateTimeField(null=True)),
        migrator.add_column('ticket', 'callback_satisfied', BooleanField(null=True)),
        migrator.add_column('ticket', 'callback_manner', BooleanField(null=True)),
        migrator.add_column('ticket', 'callback_note', TextField(default='', constraints=[SQL("DEFAULT ''")])),
        migrator.add_column('ticket', 'charge', DecimalField(max_digits=12, decimal_places=2,
                                                             null=True)),
    )
    db.execute_sql(
        "UPDATE ticket SET "
        "follow_up_count = CASE WHEN follow_up_2_at IS NOT NULL THEN 2 "
        "WHEN follow_up_1_at IS NOT NULL THEN 1 ELSE 0 END, "
        "last_follow_up_at = COALESCE(follow_up_2_at, follow_up_1_at)")


def down(migrator, db):
    migrator.migrate(*(migrator.drop_column('ticket', name) for name in (
        'follow_up_count', 'last_follow_up_at', 'stalled_at', 'stall_reason', 'callback_at',
        'callback_satisfied', 'callback_manner', 'callback_note', 'charge')))
