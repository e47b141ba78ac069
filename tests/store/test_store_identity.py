"""Who is who in the store, and a trail nobody can rewrite quietly (issue 8).

The audit chain is tampered with the way a hostile login with database access would: the
append-only triggers first taken off, then rows edited, deleted or inserted by hand.
"""

from __future__ import annotations

import json

import peewee
import pytest
from dutyboard.rules import FrozenClock
from dutyboard.store import audit, tasks
from dutyboard.store.identity import (
    configured_administrators,
    is_administrator,
    os_login,
)
from dutyboard.store.models import Audit, Task
from storekit import acting, at, book, open_ticket, seed, set_now


def _untrigger(db: peewee.Database) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        db.execute_sql("DROP TRIGGER audit_no_update")
        db.execute_sql("DROP TRIGGER audit_no_delete")
    else:
        db.execute_sql("ALTER TABLE audit DISABLE TRIGGER USER")


def _site(ctx):  # noqa: ANN001, ANN202
    seed(ctx)
    open_ticket(ctx)
    open_ticket(ctx, content="Tap leaking")
    return ctx


def test_the_audit_table_refuses_update_and_delete(db_url, make_ctx):
    ctx = _site(make_ctx(db_url, "boss"))
    rows = Audit.select().count()
    for sql in ("UPDATE audit SET actor = 'mallory' WHERE id = 2", "DELETE FROM audit WHERE id = 2"):
        with pytest.raises(peewee.DatabaseError, match="append-only"):
            with ctx.db.atomic():
                ctx.db.execute_sql(sql)
    assert Audit.select().count() == rows and Audit.get_by_id(2).actor == "boss"
    assert audit.verify() is None and audit.verify_tail() is None


def test_verify_finds_an_edited_row(db_url, make_ctx):
    ctx = _site(make_ctx(db_url, "boss"))
    _untrigger(ctx.db)
    Audit.update(actor="super").where(Audit.id == 3).execute()
    broken = audit.verify()
    assert broken is not None and broken.row_id == 3 and "does not match its hash" in str(broken)
    assert "audit row 3" in str(broken)


def test_verify_finds_a_deleted_row(db_url, make_ctx):
    ctx = _site(make_ctx(db_url, "boss"))
    _untrigger(ctx.db)
    Audit.delete().where(Audit.id == 4).execute()
    broken = audit.verify()
    assert broken is not None and broken.row_id == 5 and "does not follow row 3" in str(broken)
    assert audit.verify_tail() is not None  # within the tail too


def test_verify_finds_an_inserted_row(db_url, make_ctx):
    _site(make_ctx(db_url, "boss"))
    last = Audit.select().order_by(Audit.id.desc()).get()
    Audit.create(at=last.at, actor="super", action="ticket.close", entity="ticket", entity_id=1,
                 prev_hash=last.hash, hash="0" * 64)  # no trigger needed to append
    broken = audit.verify()
    assert broken is not None and broken.row_id == last.id + 1
    assert audit.verify_tail(5) is not None


def test_verify_finds_an_entity_changed_behind_the_log(db_url, make_ctx):
    ctx = _site(make_ctx(db_url, "boss"))
    m = book(ctx)
    set_now(ctx, "2026-11-23 13:30")
    task = Task.get((Task.meeting == m) & (Task.code == "eng.mics"))
    with acting(ctx, "eng-lead"):
        tasks.change_task(ctx, task.id, "done")
    assert audit.verify() is None
    Task.update(state="verified").where(Task.id == task.id).execute()
    broken = audit.verify()
    assert broken is not None and f"task {task.id} is 'verified'" in str(broken)


def test_audit_records_the_wall_clock_and_both_logins(db_url, make_ctx):
    ctx = make_ctx(db_url, "boss", "2026-01-05 09:00")
    ctx.wall = FrozenClock(at("2026-11-23 10:00"))
    ctx.real_login = "root"
    seed(ctx)
    row = Audit.select().order_by(Audit.id.desc()).get()
    assert (row.actor, row.os_login) == ("boss", "root")
    assert row.at.isoformat().startswith("2026-11-23T02:00")  # the wall clock, UTC
    assert row.clock_at.isoformat().startswith("2026-01-05T01:00")  # the instant the rules used
    assert row.hash == audit.hash_of(row) and len(row.hash) == 64


def test_a_private_rulebook_is_for_reads_only(sqlite_url, make_ctx, tmp_path):
    loose = tmp_path / "loose.toml"
    loose.write_text("[class.C]\napproval = false\n", encoding="utf-8")
    ctx = seed(make_ctx(sqlite_url, "boss", rulebook=str(loose)))
    assert ctx.book.classes["C"].approval is False  # reads: "what if"
    with ctx.write():
        assert ctx.book.classes["C"].approval is True  # writes: the site's rulebook
    assert ctx.book.classes["C"].approval is False


def test_administrators(db_url, make_ctx, tmp_path):
    ctx = make_ctx(db_url, "boss")
    ctx.real_login = "alice"
    seed(ctx)
    assert is_administrator(ctx.db, "root")
    if isinstance(ctx.db, peewee.SqliteDatabase):  # the file's owner, nobody else
        assert is_administrator(ctx.db, os_login())
        assert not is_administrator(ctx.db, "alice") or os_login() == "alice"
    else:  # the login that ran init, and the site config's list
        assert is_administrator(ctx.db, "alice")
    missing = tmp_path / "none.toml"
    assert not is_administrator(ctx.db, "bob", missing)
    config = tmp_path / "config.toml"
    config.write_text('administrators = ["bob"]\n', encoding="utf-8")
    assert configured_administrators(config) == {"bob"}
    assert is_administrator(ctx.db, "bob", config)


def test_every_row_chains_to_the_one_before(db_url, make_ctx):
    """Every row chains to the one before it, across many writes and people."""
    ctx = _site(make_ctx(db_url, "boss"))
    for n in range(5):
        open_ticket(ctx, content=f"Lamp {n}")
    rows = list(Audit.select().order_by(Audit.id))
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert json.loads(rows[-1].after)["state"] == "open"
