"""Audit identity and a trail nobody can rewrite quietly.

New columns: os_login (the real login behind an ``--as``), clock_at (the instant the rules
used, ``--now``; ``at`` is the wall clock from now on), prev_hash and hash (the chain).
Existing rows are chained in id order, then triggers refuse UPDATE and DELETE (and TRUNCATE
on PostgreSQL) on the audit table.
"""
from peewee import *

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: DELETE refused'); END",
)
PG_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION 'audit rows are append-only: %% refused', TG_OP; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
)


def _chain_existing(db):
    from dutyboard.store.audit import GENESIS, row_hash

    prev = GENESIS
    rows = db.execute_sql("SELECT id, at, actor, action, entity, entity_id, before, after, note "
                          "FROM audit ORDER BY id").fetchall()
    for ident, at, actor, action, entity, entity_id, before, after, note in rows:
        digest = row_hash(prev, at, None, actor, actor, action, entity, entity_id, before, after, note)
        db.execute_sql(f"UPDATE audit SET os_login = {db.param}, prev_hash = {db.param}, "
                       f"hash = {db.param} WHERE id = {db.param}", (actor, prev, digest, ident))
        prev = digest


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('audit', 'os_login', CharField(default='')),
        migrator.add_column('audit', 'clock_at', DateTimeField(null=True)),
        migrator.add_column('audit', 'prev_hash', CharField(max_length=64, default='')),
        migrator.add_column('audit', 'hash', CharField(max_length=64, default='')),
    )
    _chain_existing(db)
    for sql in (SQLITE_TRIGGERS if isinstance(db, SqliteDatabase) else PG_TRIGGERS):
        db.execute_sql(sql)


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS audit_no_update")
        db.execute_sql("DROP TRIGGER IF EXISTS audit_no_delete")
    else:
        db.execute_sql("DROP TRIGGER IF EXISTS audit_no_change ON audit")
        db.execute_sql("DROP TRIGGER IF EXISTS audit_no_truncate ON audit")
        db.execute_sql("DROP FUNCTION IF EXISTS audit_append_only()")
    migrator.migrate(
        migrator.drop_column('audit', 'hash'),
        migrator.drop_column('audit', 'prev_hash'),
        migrator.drop_column('audit', 'clock_at'),
        migrator.drop_column('audit', 'os_login'),
    )
