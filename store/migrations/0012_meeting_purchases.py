"""Bookings on the board (issue 12): what the desk buys on the organizer's behalf (bottled
water, banner, flowers, recording media, printed signage, copying; domain §3), as
comma-separated codes; '' on rows booked before this script.

Plain ALTER TABLE on purpose (see 0005): playhouse's SQLite migrator would rebuild
``meeting``, and dropping it with foreign keys on cascades into ``task``.
"""
from peewee import *


def up(migrator, db):
    db.execute_sql("ALTER TABLE meeting ADD COLUMN purchases VARCHAR(255) NOT NULL DEFAULT ''")


def down(migrator, db):
    db.execute_sql("ALTER TABLE meeting DROP COLUMN purchases")
