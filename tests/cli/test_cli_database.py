"""``--db``: a path or a URL; no database made by accident; exit 6 when the database cannot
take a write (busy past the wait, read-only, disk full, connection lost), never a traceback."""

from __future__ import annotations

import sqlite3
import threading
import time

import peewee
import pytest
from clikit import dump, one_line_error, seeded_cli
from dutyboard.store import db as store_db
from dutyboard.store.models import Audit, Ticket
from dutyboard.tui.cli import main

NO_DB = "no dutyboard database at"


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    capsys.readouterr()
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


# -- --db: a path or a URL -----------------------------------------------------------

@pytest.mark.parametrize("form", ["plain", "relative", "url"])
def test_db_takes_a_plain_path_or_a_url(tmp_path, capsys, monkeypatch, form):  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    target = {"plain": str(tmp_path / "site.db"), "relative": "site.db",
              "url": f"sqlite:///{tmp_path / 'site.db'}"}[form]
    rc, _, err = run(capsys, "--db", target, "--as", "boss", "init", "--site", "S")
    assert rc == 0, err
    assert (tmp_path / "site.db").is_file()
    rc, out, err = run(capsys, "--db", target, "--as", "boss", "user", "list", "--json")
    assert rc == 0 and '"boss"' in out, err


@pytest.mark.parametrize("argv", [
    ["flags"], ["ticket", "list"], ["user", "list"], ["migrate"], ["rulebook", "show"],
    ["--as", "boss", "venue", "add", "X", "--class", "A", "--kind", "breakout", "--capacity", "5"],
    [],  # the board itself: refused before it opens
])
def test_no_database_is_created_by_accident(tmp_path, capsys, argv):  # noqa: ANN001
    missing = tmp_path / "typo" / "deeper" / "site.db"
    rc, out, err = run(capsys, "--db", str(missing), *argv)
    assert rc == 2
    line = one_line_error(err)
    assert f"{NO_DB} {missing}; create one with `dutyboard init`" in line
    assert not (tmp_path / "typo").exists(), "no folder and no file made"


def test_dutyboard_db_env_missing_file_is_refused_too(tmp_path, capsys, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("DUTYBOARD_DB", str(tmp_path / "nope" / "x.db"))
    rc, _, err = run(capsys, "flags")
    assert rc == 2 and NO_DB in one_line_error(err)
    assert not (tmp_path / "nope").exists()


def test_init_and_demo_create_their_folder(tmp_path, capsys):  # noqa: ANN001
    for command in (["init"], ["demo"]):
        path = tmp_path / command[0] / "sub" / "site.db"
        rc, _, err = run(capsys, "--db", str(path), "--as", "boss", "--now", "2026-11-23T10:00", *command)
        assert rc == 0, err
        assert path.is_file()


@pytest.mark.parametrize("url,needle", [
    ("postgresql://localhost:99999/x", "Port out of range"),
    ("postgresql://localhost:abc/x", "bad database URL"),
    ("postgresql://localhost/a/b", "one database name"),
    ("ftp://example.org/x.db", "unsupported database URL"),
    ("sqlite://relative.db", "bad SQLite URL"),
    ("", "empty database location"),
    # libpq's words (psycopg2), psycopg 3's own resolver
    ("postgresql://no-such-host.invalid/x", "could not translate host name|failed to resolve host"),
])
def test_bad_db_urls_are_one_line_usage_errors(capsys, url, needle):  # noqa: ANN001
    needs_a_pg_driver()
    rc, _, err = run(capsys, "--db", url, "flags")
    assert rc == 2, err
    assert any(words in one_line_error(err) for words in needle.split("|"))


def test_a_folder_is_not_a_database(tmp_path, capsys):  # noqa: ANN001
    rc, _, err = run(capsys, "--db", str(tmp_path), "flags")
    assert rc == 2 and "is a folder" in one_line_error(err)


def test_a_file_that_is_not_a_database_is_a_usage_error(tmp_path, capsys):  # noqa: ANN001
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list\n" * 200)
    rc, _, err = run(capsys, "--db", str(junk), "flags")
    assert rc == 2 and "file is not a database" in one_line_error(err)


def needs_a_pg_driver() -> None:
    from dutyboard.store.pgdriver import driver_name
    try:
        driver_name()
    except ImportError:
        pytest.skip("no PostgreSQL driver installed (pip install 'dutyboard[pg]')")


def test_an_unreachable_postgresql_server_is_exit_6(capsys):  # noqa: ANN001
    needs_a_pg_driver()
    rc, _, err = run(capsys, "--db", "postgresql://postgres@127.0.0.1:1/x", "flags")
    assert rc == 6, err
    assert "database unavailable" in one_line_error(err)


# -- a busy site is not an error ---------------------------------------------------------

def _hold_write_lock(path, seconds: float) -> threading.Thread:  # noqa: ANN001
    """Another process-like session holds SQLite's write lock for ``seconds``."""
    ready = threading.Event()

    def hold() -> None:
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        con.execute("ROLLBACK")
        con.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(5)
    return thread


def test_a_writer_waits_out_a_busy_lock_and_succeeds(cli, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("DUTYBOARD_BUSY_TIMEOUT", "10")
    holder = _hold_write_lock(cli.path, 1.0)
    started = time.monotonic()
    ticket = cli.ticket()
    holder.join()
    assert ticket and time.monotonic() - started >= 0.9


def test_a_lock_held_past_the_wait_is_exit_6_nothing_written(cli, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("DUTYBOARD_BUSY_TIMEOUT", "0.5")
    before = dump(cli.path)
    holder = _hold_write_lock(cli.path, 2.0)
    r = cli("ticket", "open", "--kind", "repair", "--location", "R1", "--contact", "C", "--phone", "1",
            "--content", "x", login="clerk")
    holder.join()
    assert r.rc == 6, r.err
    line = one_line_error(r.err)
    assert "database unavailable, nothing written: database busy" in line
    assert dump(cli.path) == before


def _with_pragma(monkeypatch, **extra: object) -> None:  # noqa: ANN001
    real = store_db.sqlite_pragmas
    monkeypatch.setattr(store_db, "sqlite_pragmas", lambda: {**real(), **extra})


def test_a_read_only_database_is_exit_6(cli, monkeypatch):  # noqa: ANN001
    before = dump(cli.path)
    _with_pragma(monkeypatch, query_only=1)  # SQLite's own read-only refusal (root ignores chmod)
    r = cli("ticket", "open", "--kind", "repair", "--location", "R1", "--contact", "C", "--phone", "1",
            "--content", "x", login="clerk")
    assert r.rc == 6, r.err
    assert "read-only" in one_line_error(r.err)
    assert dump(cli.path) == before


def test_a_full_disk_is_exit_6(cli, monkeypatch):  # noqa: ANN001
    con = sqlite3.connect(cli.path)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    before = dump(cli.path)
    _with_pragma(monkeypatch, max_page_count=pages)  # SQLite reports SQLITE_FULL at the limit
    r = cli("ticket", "open", "--kind", "repair", "--location", "R1", "--contact", "C", "--phone", "1",
            "--content", "x" * 20000, login="clerk")
    assert r.rc == 6, r.err
    assert "disk full" in one_line_error(r.err)
    assert dump(cli.path) == before


def test_a_dropped_postgresql_connection_is_exit_6(capsys, monkeypatch, pg_only_url):  # noqa: ANN001
    url = pg_only_url
    assert run(capsys, "--db", url, "--as", "boss", "init")[0] == 0
    from dutyboard.store.context import Context
    real = Context.require

    def drop_then_require(self, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        killer = store_db.open_database(url)
        killer.connect()
        pid = self.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        killer.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        killer.close()
        return real(self, *args, **kw)

    monkeypatch.setattr(Context, "require", drop_then_require)
    rc, out, err = run(capsys, "--db", url, "--as", "boss", "ticket", "open", "--kind", "repair",
                       "--location", "R1", "--contact", "C", "--phone", "1", "--content", "x")
    assert rc == 6, err
    assert "database unavailable" in one_line_error(err)
    monkeypatch.setattr(Context, "require", real)
    db = store_db.connect(url)
    try:
        assert Ticket.select().count() == 0
        assert Audit.select().where(Audit.action == "ticket.open").count() == 0
    finally:
        db.close()


def test_busy_timeout_setting_is_validated(cli, monkeypatch):  # noqa: ANN001
    monkeypatch.setenv("DUTYBOARD_BUSY_TIMEOUT", "soon")
    r = cli("flags")
    assert r.rc == 2 and "DUTYBOARD_BUSY_TIMEOUT" in one_line_error(r.err)


def test_unavailable_is_still_a_driver_error_for_callers():
    from dutyboard.store.errors import Unavailable
    assert issubclass(Unavailable, peewee.OperationalError) and Unavailable.exit_code == 6
