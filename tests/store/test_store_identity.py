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
from dutyboard.store.errors import NotPermitted, Refused
from dutyboard.store.facts import MASK
from dutyboard.store.identity import (
    configured_administrators,
    is_administrator,
    os_login,
)
from dutyboard.store.models import Audit, Meeting, Person, Task
from dutyboard.store.views import audit_view, meeting_view, task_view
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
    Task.update(state="done").where(Task.id == task.id).execute()
    Meeting.update(status="cancelled").where(Meeting.id == m.id).execute()
    broken = audit.verify()
    assert broken is not None and f"meeting {m.id} is 'cancelled'" in str(broken)


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


@pytest.mark.parametrize("login", ["boss", "duty"])
def test_nobody_verifies_an_item_they_reported(db_url, make_ctx, login):
    ctx = seed(make_ctx(db_url, "boss"))
    m = book(ctx)
    set_now(ctx, "2026-11-23 13:30")
    ident = Task.get((Task.meeting == m) & (Task.code == "eng.report")).id
    with acting(ctx, login):
        tasks.change_task(ctx, ident, "done")
        rows = Audit.select().count()
        with pytest.raises(Refused) as err:
            tasks.change_task(ctx, ident, "verify")
    assert err.value.rule == "task.self_verify" and "[task.self_verify]" in str(err.value)
    assert Audit.select().count() == rows and Task.get_by_id(ident).state == "done"
    other = "duty" if login == "boss" else "boss"
    with acting(ctx, other):
        assert tasks.change_task(ctx, ident, "verify").state == "verified"


def test_the_desk_ticks_its_own_items_and_the_supervisor_books(db_url, make_ctx):
    ctx = seed(make_ctx(db_url, "boss"))
    m = book(ctx, login="super")  # the supervisor does what a clerk does
    set_now(ctx, "2026-11-23 13:30")
    code = {t.code: t.id for t in Task.select().where(Task.meeting == m)}
    with acting(ctx, "clerk"):
        assert tasks.change_task(ctx, code["desk.inspect"], "done").state == "done"
        with pytest.raises(NotPermitted, match="only for their own department"):
            tasks.change_task(ctx, code["eng.ac"], "done")


SECRET = {"title": "Budget review", "organizer": "Finance Bureau", "contact": "Ms Li",
          "phone": "0571-1234", "approval_ref": "ZY-2026-7"}


def _secret_meeting(ctx):  # noqa: ANN001, ANN202
    return book(ctx, "Hall", "2026-11-25 14:00", "2026-11-25 16:00", confidential=True,
                approval_ref=SECRET["approval_ref"], title=SECRET["title"],
                organizer=SECRET["organizer"], contact=SECRET["contact"], phone=SECRET["phone"])


def test_meeting_view_masks_everything_confidential(db_url, make_ctx):
    ctx = seed(make_ctx(db_url, "boss"))
    m = _secret_meeting(ctx)
    people = {p.login: p for p in Person.select()}
    for login, hidden in (("clerk", True), ("duty", True), (None, True), ("super", False),
                          ("boss", False)):
        view = meeting_view(m, ctx.book, people.get(login) if login else None)
        shown = {k: view[k] for k in SECRET}
        assert shown == ({k: MASK for k in SECRET} if hidden else SECRET), login
        task = task_view(Task.get(Task.meeting == m), ctx.book, at("2026-11-23 10:00"),
                         people.get(login) if login else None)
        assert (task["meeting"] == MASK) is hidden


def test_audit_view_masks_a_confidential_meetings_snapshots(db_url, make_ctx):
    ctx = seed(make_ctx(db_url, "boss"))
    m = _secret_meeting(ctx)
    row = Audit.get((Audit.entity == "meeting") & (Audit.entity_id == m.id))
    clerk = Person.get(Person.login == "clerk")
    masked = audit_view(row, "Asia/Shanghai", clerk)
    assert all(masked["after"][k] == MASK for k in SECRET)
    assert SECRET["phone"] not in json.dumps(masked, ensure_ascii=False)
    plain = audit_view(row, "Asia/Shanghai", Person.get(Person.login == "super"))
    assert plain["after"]["title"] == SECRET["title"]


def test_migration_chains_the_rows_an_existing_site_already_has(db_url):
    """A site made before 0004 keeps its log: the rows are chained, then the triggers set."""
    from dutyboard.store.db import database_proxy, open_database
    from dutyboard.store.migrate import runner, upgrade

    db = open_database(db_url)
    database_proxy.initialize(db)
    db.connect()
    try:
        runner(db).up("0002_board_indexes")
        p = db.param
        for n in range(3):
            db.execute_sql(f"INSERT INTO audit (at, actor, action, entity, entity_id, before, after, "
                           f"note) VALUES ({p}, {p}, 'ticket.open', 'ticket', {p}, '', '', '')",
                           (f"2026-11-2{n} 02:00:00", f"clerk{n}", n + 1))
        upgrade(db)
        rows = list(Audit.select().order_by(Audit.id))
        assert [r.os_login for r in rows] == ["clerk0", "clerk1", "clerk2"]
        assert audit.verify() is None
        with pytest.raises(peewee.DatabaseError, match="append-only"):
            with db.atomic():
                db.execute_sql("DELETE FROM audit")
    finally:
        db.close()


def test_the_chain_holds_under_concurrent_writers(db_url, make_ctx):
    """Two sessions appending at once never chain off the same row."""
    import threading

    ctx = seed(make_ctx(db_url, "boss"))
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            for n in range(8):
                open_ticket(ctx, content=f"{name} {n}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            ctx.db.close()

    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert audit.verify() is None
    assert Audit.select().where(Audit.action == "ticket.open").count() == 16
