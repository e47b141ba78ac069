"""Who is who on the command line: the OS login is the person (issue 8).

``main(..., real_login=X)`` stands in for the OS login X. The seeded SQLite file belongs to the
user running the tests (root in CI), so "clerk" is never its administrator.
"""

from __future__ import annotations

import datetime
import json
import sqlite3

import pytest
from clikit import NOW, seeded_cli
from dutyboard.store.identity import os_login
from dutyboard.tui.cli import main

OPEN = ["ticket", "open", "--kind", "repair", "--location", "Room 305", "--contact", "Mr Wu",
        "--phone", "13800001111", "--content", "Ceiling light flickering"]


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def run(cli, *argv: str, real: str = "clerk"):  # noqa: ANN001, ANN201
    """Run as the OS login ``real`` (no --as unless argv has it) -> (rc, out, err)."""
    cli.capsys.readouterr()
    rc = main(["--db", cli.url, *argv], real_login=real)
    out, err = cli.capsys.readouterr()
    return rc, out, err


def audit_rows(cli) -> list[tuple]:  # noqa: ANN001
    with sqlite3.connect(cli.path) as con:
        return con.execute("SELECT id, actor, os_login, action, at, clock_at FROM audit "
                           "ORDER BY id").fetchall()


def test_as_is_for_the_administrator_only(cli):
    before = audit_rows(cli)
    rc, out, err = run(cli, "--as", "boss", "user", "add", "mallory", "--role", "manager")
    assert (rc, out) == (4, "") and "--as is for the site's administrator only" in err
    assert "you are 'clerk'" in err and audit_rows(cli) == before
    rc, _, err = run(cli, "--as", "boss", "task", "list")  # reads too
    assert rc == 4 and "--as" in err
    rc, _, _ = run(cli, "--as", "clerk", "task", "list")  # naming yourself is not acting as another
    assert rc == 0


def test_the_os_login_is_the_person_and_as_records_both(cli):
    rc, out, err = run(cli, *OPEN, "--json")
    assert rc == 0, err
    last = audit_rows(cli)[-1]
    assert last[1:4] == ("clerk", "clerk", "ticket.open")
    owner = os_login()  # the file's owner: its administrator
    rc, _, err = run(cli, "--as", "clerk", *OPEN, real=owner)
    assert rc == 0, err
    assert audit_rows(cli)[-1][1:4] == ("clerk", owner, "ticket.open")
    shown = json.loads(run(cli, "audit", "--json", "--limit", "1")[1])[0]
    assert (shown["actor"], shown["os_login"]) == ("clerk", owner)


def test_reads_need_a_dutyboard_user(cli):
    for argv in (["task", "list"], ["audit", "--json"], ["flags"], ["report", "weekly"],
                 ["meeting", "list"], ["user", "list"]):
        rc, out, err = run(cli, *argv, real="visitor")
        assert (rc, out) == (4, ""), argv
        assert "'visitor' is not a dutyboard user here" in err
    assert run(cli, "--help", real="visitor")[0] == 0
    rc, out, _ = run(cli, "--version", real="visitor")
    assert rc == 0 and out.startswith("dutyboard ")


def test_now_cannot_rewrite_history(cli):
    before = audit_rows(cli)
    rc, out, err = run(cli, "--now", "2026-10-01T09:00", *OPEN)
    assert (rc, out) == (4, "") and "--now on a write is for the administrator" in err
    assert audit_rows(cli) == before
    assert run(cli, "--now", "2026-10-01T09:00", "task", "list")[0] == 0  # reads may look back
    owner = os_login()
    rc, _, err = run(cli, "--as", "clerk", "--now", "2026-10-01T09:00", *OPEN, real=owner)
    assert rc == 0, err
    _, actor, _, _, at, clock_at = audit_rows(cli)[-1]
    recorded = datetime.datetime.fromisoformat(at)
    real_now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    assert abs((real_now - recorded).total_seconds()) < 120  # the wall clock, not --now
    assert clock_at.startswith("2026-10-01 01:00")  # the instant the rules used, kept apart


def test_now_is_allowed_on_a_training_database(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'training.db'}"
    assert main(["--db", url, "--now", NOW, "init", "--training"], real_login="trainee") == 0
    capsys.readouterr()
    assert main(["--db", url, "--now", NOW, "venue", "add", "Room A", "--class", "A", "--kind",
                 "meeting-room", "--capacity", "30"], real_login="trainee") == 0
    real = f"sqlite:///{tmp_path / 'real.db'}"
    assert main(["--db", real, "init"], real_login="trainee") == 0
    capsys.readouterr()
    assert main(["--db", real, "--now", NOW, "venue", "add", "Room A", "--class", "A", "--kind",
                 "meeting-room", "--capacity", "30"], real_login="trainee") == 4


def test_readonly_refuses_writes(cli):
    before = audit_rows(cli)
    rc, out, err = run(cli, "--readonly", *OPEN)
    assert (rc, out) == (4, "") and "--readonly" in err and audit_rows(cli) == before
    assert run(cli, "--readonly", "ticket", "list")[0] == 0


def test_a_private_rulebook_cannot_loosen_a_write(cli, tmp_path):
    """With --rulebook a clerk once booked the main hall with no approval reference."""
    loose = tmp_path / "loose.toml"
    loose.write_text("[class.C]\napproval = false\n", encoding="utf-8")
    before = audit_rows(cli)
    rc, out, err = run(cli, "--rulebook", str(loose), "--as", "clerk", "--now", NOW, "meeting", "add",
                       "--venue", "Main hall", "--start", "2026-11-25T14:00", "--end",
                       "2026-11-25T16:00", "--title", "T", "--organizer", "O", "--contact", "C",
                       "--phone", "1", "--attendees", "100", real=os_login())
    assert rc == 3 and "approval" in err and audit_rows(cli) == before
    assert run(cli, "--rulebook", str(loose), "meeting", "list")[0] == 0  # reads: "what if"


def test_audit_verify_names_the_first_bad_row(cli):
    cli.ticket()
    rc, out, _ = run(cli, "audit", "verify", "--json")
    assert rc == 0 and json.loads(out)["intact"] is True
    with sqlite3.connect(cli.path) as con:
        con.execute("DROP TRIGGER audit_no_update")
        con.execute("UPDATE audit SET actor = 'super' WHERE id = 3")
    rc, out, err = run(cli, "audit", "verify")
    assert (rc, out) == (3, "") and "[audit.chain] audit row 3:" in err


SECRET = {"title": "Budget review", "organizer": "Finance Bureau", "contact": "Ms Li",
          "phone": "0571-9999", "approval_ref": "ZY-2026-7"}


def _secret(cli) -> int:  # noqa: ANN001
    r = cli("meeting", "add", "--venue", "Main hall", "--start", "2026-11-25T14:00", "--end",
            "2026-11-25T16:00", "--title", SECRET["title"], "--organizer", SECRET["organizer"],
            "--contact", SECRET["contact"], "--phone", SECRET["phone"], "--attendees", "100",
            "--approval", SECRET["approval_ref"], "--confidential", login="clerk", json=True)
    return r.json()["id"]


@pytest.mark.parametrize("argv", [
    ["meeting", "list", "--day", "2026-11-25"],
    ["meeting", "show", "{id}"],
    ["task", "list", "--meeting", "{id}"],
    ["audit", "--entity", "meeting"],
    ["audit"],
])
def test_confidential_on_every_command(cli, argv):
    ident = _secret(cli)
    argv = [a.format(id=ident) for a in argv]
    for login, hidden in (("clerk", True), ("duty", True), ("super", False)):
        for as_json in (True, False):
            r = cli(*argv, login=login, json=as_json)
            assert r.rc == 0, r.err
            leaked = [v for v in SECRET.values() if v in r.out]
            if hidden:
                assert not leaked, (login, argv, leaked)
                assert "(confidential)" in r.out or not as_json
            elif as_json:
                assert SECRET["title"] in r.out


def test_an_empty_database_says_how_to_begin(tmp_path, capsys):
    from dutyboard.store.db import connect
    url = f"sqlite:///{tmp_path / 'new.db'}"
    connect(url).close()  # a database with its schema but no site (as `init` would start)
    assert main(["--db", url, "task", "list"], real_login="alice") == 4
    assert "no site yet: run dutyboard init" in capsys.readouterr().err


@pytest.mark.parametrize("flags,needle", [(["--readonly"], "--readonly"),
                                          (["--now", "2026-10-01T09:00"], "--now on a write")])
def test_the_boards_writes_are_refused_in_the_store_too(cli, flags, needle):
    """The board gets the same context: a check-off from it is refused like the command."""
    from dutyboard.store import tickets
    from dutyboard.store.errors import NotPermitted

    ident = cli.ticket()
    seen: list[str] = []

    def board(ctx, url, args):  # noqa: ANN001, ANN202 - stands in for the Textual board
        with pytest.raises(NotPermitted) as err:
            tickets.follow_up(ctx, ident, "chased from the board")
        seen.append(str(err.value))
        return 0

    before = audit_rows(cli)
    assert main(["--db", cli.url, *flags], open_board=board, real_login="clerk") == 0
    assert seen and needle in seen[0] and audit_rows(cli) == before
