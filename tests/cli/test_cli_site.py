"""Looking after a building's database: the site config (one database for every login),
``init --group``, ``backup`` (WAL included), ``restore`` (the administrator's, not under a
running board) and ``config show``."""

from __future__ import annotations

import grp
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from clikit import Cli, one_line_error, seeded_cli
from dutyboard.store.site_config import load_site_config, only_root_can_change
from dutyboard.store.site_files import board_presence
from dutyboard.tui.cli import main

ROOT = os.geteuid() == 0


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return seeded_cli(tmp_path, capsys)


def _config(tmp_path: Path, text: str, name: str = "site.toml") -> Path:
    folder = tmp_path / "etc"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
    folder.chmod(0o755)
    return path


def _tickets(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM ticket").fetchone()[0])
    finally:
        con.close()


# -- the site config --------------------------------------------------------------------

def test_the_site_config_names_the_database_for_every_login(cli: Cli, tmp_path, monkeypatch, capsys):
    site = _config(tmp_path, f'database = "{cli.path}"\nlang = "zh"\n')
    monkeypatch.setenv("DUTYBOARD_SITE_CONFIG", str(site))
    monkeypatch.setenv("DUTYBOARD_CONFIG_DIR", str(tmp_path / "none"))
    monkeypatch.delenv("DUTYBOARD_DB", raising=False)
    capsys.readouterr()
    assert main(["--as", "clerk", "--json", "venue", "list"]) == 0   # no --db, no $DUTYBOARD_DB
    assert {v["name"] for v in json.loads(capsys.readouterr().out)} >= {"Main hall", "Room A"}
    assert main(["--json", "config", "show"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["database"] == str(cli.path) and shown["lang"] == "zh"
    assert shown["files"] == [str(site)]


def test_flags_and_the_user_file_override_the_site_config(tmp_path, monkeypatch):
    site = _config(tmp_path, 'database = "/srv/site.db"\ntheme = "dark"\nreadonly = true\n')
    user = tmp_path / "user"
    user.mkdir()
    (user / "config.toml").write_text('theme = "light"\nreadonly = false\n[keys]\ncheck = "x"\n')
    config = load_site_config(site, user / "config.toml")
    assert config.database == "/srv/site.db" and config.theme == "light"
    assert config.readonly   # a user's file cannot lift the site's read-only
    monkeypatch.setenv("DUTYBOARD_DB", "/tmp/elsewhere.db")
    from dutyboard.store.db import default_url
    assert default_url(config.database) == "/tmp/elsewhere.db"


@pytest.mark.parametrize("text, why", [
    ('lang = "fr"\n', "lang must be one of en, zh"),
    ("readonly = 1\n", "readonly must be true or false"),
    ('administrators = "alice"\n', "administrators must be a list of logins"),
    ('databse = "x"\n', "'databse' is not a setting"),
    ("database = [\n", "site.toml"),
])
def test_a_bad_site_config_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, text, why):
    monkeypatch.setenv("DUTYBOARD_SITE_CONFIG", str(_config(tmp_path, text)))
    assert main(["--db", str(tmp_path / "x.db"), "venue", "list"]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert why in line and "site.toml" in line
    assert not (tmp_path / "x.db").exists()


def test_the_user_file_cannot_name_administrators(tmp_path):
    user = tmp_path / "config.toml"
    user.write_text('administrators = ["mallory"]\n')
    from dutyboard.store.errors import UsageError
    with pytest.raises(UsageError, match="set only in the site config"):
        load_site_config(tmp_path / "none.toml", user)


@pytest.mark.skipif(not ROOT, reason="the file must be root's for its administrators to count")
def test_administrators_count_only_while_only_root_can_change_the_file(tmp_path):
    site = _config(tmp_path, 'administrators = ["alice"]\nguests = true\n')
    assert only_root_can_change(site)
    config = load_site_config(site, tmp_path / "none.toml")
    assert config.administrators == {"alice"} and config.guests
    site.chmod(0o666)   # anyone could add themselves
    assert not only_root_can_change(site)
    config = load_site_config(site, tmp_path / "none.toml")
    assert config.administrators == frozenset() and not config.guests
    from dutyboard.store.identity import configured_administrators
    assert configured_administrators(site) == set()


def test_a_guest_gets_a_read_only_board_where_the_site_allows_guests(cli: Cli, tmp_path, monkeypatch):
    seen = {}

    def board(ctx, url, args):
        seen.update(readonly=args.readonly, refusal=ctx.write_refusal)
        return 0
    monkeypatch.setenv("DUTYBOARD_SITE_CONFIG", str(tmp_path / "none.toml"))
    assert main(["--db", cli.url, "--as", "nobody"], open_board=board) == 4
    if ROOT:
        monkeypatch.setenv("DUTYBOARD_SITE_CONFIG", str(_config(tmp_path, "guests = true\n")))
        assert main(["--db", cli.url, "--as", "nobody"], open_board=board) == 0
        assert seen["readonly"] and "guest" in seen["refusal"]
        assert main(["--db", cli.url, "--as", "nobody", "ticket", "list"]) == 4  # the board only


# -- init --group ---------------------------------------------------------------------------

@pytest.mark.skipif(not ROOT, reason="giving a folder to a group needs root here")
def test_init_group_makes_a_database_the_group_can_write(tmp_path, capsys):
    group = grp.getgrgid(os.getgid()).gr_name if os.getgid() else "daemon"
    path = tmp_path / "site" / "duty.db"
    assert main(["--db", str(path), "init", "--group", group]) == 0
    folder = path.parent.stat()
    assert folder.st_mode & stat.S_ISGID and folder.st_mode & stat.S_IWGRP
    assert grp.getgrgid(folder.st_gid).gr_name == group
    made = path.stat()
    assert made.st_mode & stat.S_IWGRP and not made.st_mode & stat.S_IROTH
    assert grp.getgrgid(made.st_gid).gr_name == group


def test_init_group_refuses_an_unknown_group_and_makes_nothing(tmp_path, capsys):
    path = tmp_path / "site" / "duty.db"
    assert main(["--db", str(path), "init", "--group", "no-such-group-here"]) == 2
    assert "no group 'no-such-group-here'" in one_line_error(capsys.readouterr().err)
    assert not path.exists()


# -- backup and restore -------------------------------------------------------------------------

def test_backup_keeps_what_is_still_in_the_wal(cli: Cli, tmp_path):
    keep = sqlite3.connect(cli.path)   # an open reader: the last close would checkpoint
    keep.execute("SELECT 1 FROM ticket").fetchall()
    try:
        ident = cli.ticket()
        assert Path(f"{cli.path}-wal").stat().st_size > 0
        out = tmp_path / "backup.db"
        assert cli("backup", str(out), now=None).rc == 0
        plain = tmp_path / "plain-copy.db"
        plain.write_bytes(cli.path.read_bytes())
    finally:
        keep.close()
    assert _tickets(out) == ident
    assert _tickets(plain) < ident   # why a plain copy is not a backup


def test_backup_refuses_to_overwrite_and_a_clerk_cannot_back_up(cli: Cli, tmp_path, capsys):
    out = tmp_path / "b.db"
    out.write_text("keep me")
    r = cli("backup", str(out), now=None)
    assert r.rc == 2 and "exists" in one_line_error(r.err) and out.read_text() == "keep me"
    assert main(["--db", cli.url, "backup", str(tmp_path / "c.db")], real_login="clerk") == 4
    assert not (tmp_path / "c.db").exists()


def test_restore_brings_the_backup_back_and_records_it(cli: Cli, tmp_path):
    backup = tmp_path / "b.db"
    assert cli("backup", str(backup), now=None).rc == 0
    cli.ticket()
    cli.ticket()
    r = cli("restore", str(backup), now=None, json=True)
    assert r.rc == 0, r.err
    assert _tickets(cli.path) == 0
    audit = cli("audit", "--json", now=None).json()
    assert audit[0]["action"] == "restore" and audit[0]["after"]["sha256"] == r.json()["sha256"]
    assert cli("audit", "verify", now=None).rc == 0


def test_restore_is_the_administrators_and_not_under_a_running_board(cli: Cli, tmp_path, capsys):
    backup = tmp_path / "b.db"
    assert cli("backup", str(backup), now=None).rc == 0
    ident = cli.ticket()
    assert main(["--db", cli.url, "restore", str(backup)], real_login="clerk") == 4
    with board_presence(str(cli.path)):
        r = cli("restore", str(backup), now=None)
        assert r.rc == 3 and "boards are connected" in one_line_error(r.err)
        assert _tickets(cli.path) == ident
        assert cli("restore", str(backup), "--force", now=None).rc == 0
    assert _tickets(cli.path) == 0


@pytest.mark.parametrize("content", [b"", b"not a database at all", None])
def test_restore_refuses_what_is_not_a_dutyboard_backup(cli: Cli, tmp_path, content):
    bad = tmp_path / "bad.db"
    if content is not None:
        bad.write_bytes(content)
    if content == b"":
        sqlite3.connect(bad).execute("CREATE TABLE other (x)").connection.close()
    ident = cli.ticket()
    r = cli("restore", str(bad), now=None)
    assert r.rc == 2, r.err
    one_line_error(r.err)
    assert _tickets(cli.path) == ident


def test_backup_on_postgresql_points_at_pg_dump(pg_only_url, capsys):
    assert main(["--db", pg_only_url, "backup", "/tmp/x.db"]) in (2, 4)
