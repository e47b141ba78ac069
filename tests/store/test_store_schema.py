"""Schema, migrations, connection settings and init, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

import peewee
import pytest
from dutyboard.store import admin
from dutyboard.store.db import connect, open_database
from dutyboard.store.errors import NotPermitted, Refused, UsageError
from dutyboard.store.migrate import MIGRATIONS as MIGRATION_DIR
from dutyboard.store.migrate import status, up_to_date, upgrade
from dutyboard.store.models import ALL_MODELS, Department, Person, Site, Task
from storekit import acting, counts, last_audit, seed

# every numbered script in store/migrations, in order (0001_initial first)
MIGRATIONS = sorted(p.stem for p in MIGRATION_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def test_migrations_create_the_schema_and_are_idempotent(db_url):
    db = connect(db_url)
    try:
        tables = set(db.get_tables())
        assert {m._meta.table_name for m in ALL_MODELS} <= tables
        assert "schema_migration" in tables
        assert MIGRATIONS[0] == "0001_initial"
        assert status(db) == [(name, True) for name in MIGRATIONS]
        rows = db.execute_sql("SELECT name FROM schema_migration ORDER BY name").fetchall()
        assert [r[0] for r in rows] == MIGRATIONS
        assert upgrade(db) == []  # nothing left to apply
    finally:
        db.close()

    again = connect(db_url)  # a second connect applies nothing
    try:
        rows = again.execute_sql("SELECT name FROM schema_migration ORDER BY name").fetchall()
        assert [r[0] for r in rows] == MIGRATIONS
        assert upgrade(again) == []
        assert all(n == 0 for n in counts().values())
    finally:
        again.close()


def test_connect_without_migrate_leaves_an_empty_database(db_url):
    db = connect(db_url, migrate=False)
    try:
        assert "schema_migration" not in db.get_tables()
        assert upgrade(db) == MIGRATIONS
        assert upgrade(db) == []
    finally:
        db.close()


def test_up_to_date_agrees_with_the_runner(db_url):
    """The one-query check (``up_to_date``) says what the migration runner's status says: an
    empty database, a migrated one, one whose newest migration is not recorded."""
    db = connect(db_url, migrate=False)
    try:
        assert up_to_date(db) is False               # no table yet
        upgrade(db)
        assert up_to_date(db) is True and all(applied for _, applied in status(db))
        db.execute_sql(f"DELETE FROM schema_migration WHERE name = {db.param}", (MIGRATIONS[-1],))
        assert up_to_date(db) is False
        assert (MIGRATIONS[-1], False) in status(db)
    finally:
        db.close()


def test_opening_an_up_to_date_database_does_not_load_the_migration_runner(db_url, tmp_path):
    """Every command and board opens the database: on one that is up to date that costs one
    query, not playhouse.migrations and its schema migrator."""
    connect(db_url).close()
    code = ("import sys; from dutyboard.store.db import connect; db = connect(sys.argv[1]); "
            "print('playhouse.migrations' in sys.modules); db.close()")
    done = subprocess.run([sys.executable, "-c", code, db_url], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_sqlite_is_wal_with_foreign_keys(sqlite_url):
    db = connect(sqlite_url)
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        # foreign keys are enforced, not just declared
        with pytest.raises(peewee.IntegrityError):
            with db.atomic():
                Task.insert(site=1, meeting=999, dept="eng", code="x", title="x", title_zh="x",
                            due_at="2026-11-23 00:00:00", earliest_at="2026-11-23 00:00:00").execute()
    finally:
        db.close()


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://relative.db", "nonsense://x"])
def test_unsupported_urls_are_usage_errors(url):
    with pytest.raises(UsageError):
        open_database(url)


def test_init_makes_the_login_the_manager_and_refuses_a_second_init(db_url, make_ctx):
    ctx = make_ctx(db_url, "boss")
    person = admin.init_site(ctx, "Test site")
    assert person.role == "manager" and person.login == "boss" and person.cleared
    assert Site.get().name == "Test site"
    assert sorted(d.code for d in Department.select()) == ["desk", "eng", "env", "fcc", "sec", "svc"]
    audit = last_audit()
    assert (audit.actor, audit.action, audit.entity) == ("boss", "init", "site")

    before = counts()
    with acting(ctx, "intruder"), pytest.raises(Refused) as err:
        admin.init_site(ctx)
    assert err.value.rule == "init"
    assert counts() == before
    assert Person.select().count() == 1


def test_a_login_that_is_not_a_user_may_do_nothing(db_url, make_ctx):
    ctx = seed(make_ctx(db_url, "boss"))
    before = counts()
    with acting(ctx, "stranger"), pytest.raises(NotPermitted, match="not a dutyboard user"):
        admin.add_venue(ctx, "Room Z", "A", "meeting-room", 10)
    assert counts() == before


def test_admin_input_is_checked(db_url, make_ctx):
    ctx = seed(make_ctx(db_url, "boss"))
    before = counts()
    with pytest.raises(UsageError, match="unknown role"):
        admin.add_user(ctx, "x", "boss")
    with pytest.raises(UsageError, match="unknown department"):
        admin.add_user(ctx, "x", "clerk", depts=["kitchen"])
    with pytest.raises(UsageError, match="needs --dept"):
        admin.add_user(ctx, "x", "lead")
    with pytest.raises(Refused, match="already exists"):
        admin.add_user(ctx, "clerk", "clerk")
    with pytest.raises(UsageError, match="unknown venue kind"):
        admin.add_venue(ctx, "Room Z", "A", "ballroom", 10)
    with pytest.raises(Refused, match=r"class\.A\.max_seats"):
        admin.add_venue(ctx, "Room Z", "A", "meeting-room", 41)
    with pytest.raises(Refused, match="already exists"):
        admin.add_venue(ctx, "Hall", "C", "main-hall", 500)
    assert counts() == before
