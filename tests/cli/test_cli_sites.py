"""Many buildings on one database from the command line: ``site add|list|member add``,
``--site`` and the config's ``site``, each refusal with its exit code, and that every read on
site A leaves out site B's rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clikit import Cli, dump, seeded_cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The seeded site ``main`` and ``b2`` with a venue, a clerk of its own (``b2-clerk``),
    a booking and a ticket."""
    cli = seeded_cli(tmp_path, capsys)
    assert cli("site", "add", "b2", "--name", "Tower B", "--name-zh", "B座").rc == 0
    assert cli("user", "add", "b2-clerk", "--role", "clerk", "--dept", "desk", "--site", "b2").rc == 0
    assert cli("--site", "b2", "venue", "add", "Room A", "--class", "A", "--kind", "meeting-room",
               "--capacity", "30").rc == 0
    r = cli("meeting", "add", "--venue", "Room A", "--start", "2026-11-23T11:00",
            "--end", "2026-11-23T12:00", "--title", "B2 meeting", "--organizer", "B2 office",
            "--contact", "Ms Zhao", "--phone", "1", "--attendees", "10", login="b2-clerk")
    assert r.rc == 0, r.err
    cli.ticket("--location", "B2 lobby", "--priority", "emergency", login="b2-clerk")
    return cli


def one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    return err


def test_site_list_shows_every_site(cli: Cli) -> None:
    rows = cli("site", "list", json=True).json()
    assert [(r["code"], r["name_zh"], r["members"], r["current"]) for r in rows] == [
        ("b2", "B座", 1, False), ("main", "", 8, True)]
    assert [r["current"] for r in cli("--site", "b2", "site", "list", json=True).json()] == [True, False]


def test_reads_on_one_site_never_show_anothers_rows(cli: Cli) -> None:
    cli.book("Room A", login="clerk")
    cli.ticket("--location", "Main lobby", login="clerk")
    main = {"ticket list": cli("ticket", "list", "--all", json=True, login="super").out,
            "flags": cli("flags", json=True, login="super").out,
            "meeting list": cli("meeting", "list", json=True, login="super").out,
            "task list": cli("task", "list", json=True, login="super").out,
            "weekly": cli("report", "weekly", "--week", "2026-11-30", "--format", "json",
                          login="super").out}
    for what, out in main.items():
        assert "B2" not in out, what
    assert "Main lobby" in main["ticket list"]
    b2 = cli("ticket", "list", "--all", json=True, login="b2-clerk").json()
    assert [t["location"] for t in b2] == ["B2 lobby"]
    assert "B2 meeting" in cli("meeting", "list", json=True, login="b2-clerk").out
    assert "Main" not in cli("--site", "b2", "flags", json=True).out


def test_a_person_at_a_site_they_do_not_belong_to_exits_4(cli: Cli) -> None:
    before = dump(cli.path)
    for argv in (("--site", "b2", "ticket", "list"), ("--site", "b2", "flags"),
                 ("--site", "b2", "ticket", "open", "--kind", "repair", "--location", "X",
                  "--contact", "Y", "--content", "Z"),
                 ("--site", "b2", "report", "weekly")):
        r = cli(*argv, login="clerk")
        assert r.rc == 4, (argv, r.err)
        assert "not a member of site 'b2'" in one_line(r.err)
    r = cli("ticket", "list", "--site", "main", login="b2-clerk")
    assert r.rc == 4 and "not a member of site 'main'" in one_line(r.err)
    assert dump(cli.path) == before


def test_site_and_member_refusals(cli: Cli) -> None:
    before = dump(cli.path)
    for argv, rc, needle in (
            (("site", "add", "b3", "--name", "C"), 4, "site.add needs the role manager"),
            (("site", "member", "add", "clerk", "b2"), 4, "site.member needs the role manager")):
        r = cli(*argv, login="super")
        assert (r.rc, needle in one_line(r.err)) == (rc, True), r.err
    for argv, rc, needle in (
            (("site", "add", "b2", "--name", "Again"), 3, "already exists"),
            (("site", "add", "Bad Code", "--name", "X"), 2, "site code"),
            (("site", "member", "add", "clerk", "nope"), 2, "unknown site 'nope'"),
            (("site", "member", "add", "nobody", "b2"), 2, "no user 'nobody'"),
            (("site", "member", "add", "b2-clerk", "b2"), 3, "already belongs"),
            (("--site", "nope", "ticket", "list"), 2, "unknown site 'nope'; sites: b2, main")):
        r = cli(*argv)
        assert (r.rc, needle in one_line(r.err)) == (rc, True), (argv, r.err)
    assert dump(cli.path) == before


def test_several_sites_and_no_choice_exits_2_listing_the_codes(cli: Cli) -> None:
    assert cli("site", "member", "add", "clerk", "b2").rc == 0
    audit = cli("audit", "--entity", "person", json=True).json()
    assert audit[0]["action"] == "site.member" and audit[0]["actor"] == "boss"
    r = cli("ticket", "list", login="clerk")
    assert r.rc == 2
    assert "several sites: choose one with --site CODE (sites: b2, main)" in one_line(r.err)
    assert cli("--site", "b2", "ticket", "list", json=True, login="clerk").json()[0]["location"] == "B2 lobby"
    assert cli("site", "list", login="clerk").rc == 0   # reads no building's rows


def test_the_config_files_site_chooses_the_building(cli: Cli, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "site.toml"
    config.write_text('site = "b2"\n', encoding="utf-8")
    monkeypatch.setenv("DUTYBOARD_SITE_CONFIG", str(config))
    monkeypatch.setenv("DUTYBOARD_CONFIG_DIR", str(tmp_path / "none"))
    assert [t["location"] for t in cli("ticket", "list", json=True).json()] == ["B2 lobby"]
    assert json.loads(cli("config", "show", json=True).out)["site"] == "b2"
    assert cli("--site", "main", "ticket", "list", json=True).json() == []   # --site wins
    config.write_text('site = "nope"\n', encoding="utf-8")
    r = cli("ticket", "list")
    assert r.rc == 2 and "unknown site 'nope'" in one_line(r.err)
    config.write_text("site = 3\n", encoding="utf-8")
    r = cli("ticket", "list")
    assert r.rc == 2 and "site must be a site code" in one_line(r.err)


def test_init_keeps_its_own_site_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dutyboard.tui.cli import main
    assert main(["--db", str(tmp_path / "new.db"), "--json", "init", "--site", "Tower A"],
                real_login="boss") == 0
    assert json.loads(capsys.readouterr().out)["site"] == "Tower A"


def test_a_served_board_stays_at_its_site() -> None:
    from dutyboard.tui.serve import board_command
    assert board_command("sqlite:///x.db", None, None, {}, "b2").endswith("--readonly --site b2")
    assert "--site" not in board_command("sqlite:///x.db", None, None, {})


def test_site_rulebook(cli: Cli, tmp_path: Path) -> None:
    book = tmp_path / "b2.toml"
    book.write_text("[site]\nhouseholds = 77\n", encoding="utf-8")
    r = cli("--site", "b2", "site", "rulebook", str(book), login="b2-clerk")
    assert r.rc == 4 and "rulebook.set needs the role manager" in one_line(r.err)
    r = cli("--site", "b2", "site", "rulebook")
    assert r.rc == 2 and "give FILE, or --clear" in one_line(r.err)
    assert cli("--site", "b2", "site", "rulebook", str(book), json=True).json()["stored"] is True
    month = ("report", "monthly", "--month", "2026-11", "--format", "json")
    assert json.loads(cli("--site", "b2", *month).out)["households"] == 77
    assert json.loads(cli(*month).out)["households"] != 77
    assert cli("--site", "b2", "site", "rulebook", "--clear", json=True).json()["stored"] is False


def test_user_list_shows_this_sites_people_and_all_shows_everyone_with_their_sites(cli: Cli) -> None:
    assert cli("site", "member", "add", "clerk", "b2").rc == 0
    b2 = cli("--site", "b2", "user", "list", json=True, login="b2-clerk").json()
    # its members and the company's manager (who belongs to every site), with their roles
    assert [(p["login"], p["role"]) for p in b2] == [("b2-clerk", "clerk"), ("boss", "manager"),
                                                      ("clerk", "clerk")]
    main = {p["login"] for p in cli("--site", "main", "user", "list", json=True, login="clerk").json()}
    assert "b2-clerk" not in main and {"boss", "clerk", "super"} <= main
    text = cli("--site", "b2", "user", "list", login="b2-clerk").out
    assert "role" in text and "b2-clerk" in text and "super" not in text
    assert cli("user", "list", "--all", login="clerk").rc == 4   # no --site needed to be refused
    every = {p["login"]: p["sites"] for p in cli("user", "list", "--all", json=True).json()}
    assert every["b2-clerk"] == ["b2"] and every["clerk"] == ["b2", "main"]
    assert every["super"] == ["main"] and every["boss"] == ["b2", "main"]
    before = dump(cli.path)
    r = cli("user", "list", "--all", login="super")
    assert r.rc == 4 and "manager and the administrator" in one_line(r.err)
    r = cli("--site", "b2", "user", "list", login="super")
    assert r.rc == 4 and "not a member of site 'b2'" in one_line(r.err)
    assert dump(cli.path) == before


def test_rulebook_show_gives_the_sites_effective_rulebook_and_what_it_overrides(
        cli: Cli, tmp_path: Path) -> None:
    company = cli("rulebook", "show").out
    assert cli("--site", "b2", "rulebook", "show").out == company   # no override: the company's
    book = tmp_path / "b2.toml"
    book.write_text('[site]\nhouseholds = 77\n\n[[task]]\ncode = "desk-sign"\nenabled = false\n',
                    encoding="utf-8")
    assert cli("--site", "b2", "site", "rulebook", str(book)).rc == 0
    shown = cli("--site", "b2", "rulebook", "show", login="b2-clerk").out
    assert "# Site b2 overrides: site.households, task.desk-sign" in shown
    assert company in shown and shown.rstrip().endswith("enabled = false")
    assert shown.index(company) < shown.index("households = 77")
    assert cli("rulebook", "show").out == company                   # main is untouched
    data = cli("--site", "b2", "rulebook", "show", json=True).json()
    assert data["overrides"] == ["site.households", "task.desk-sign"]
    assert data["site"] == "b2" and data["company"] == company and "households = 77" in data["site_rulebook"]
    assert cli("rulebook", "show", json=True).json()["overrides"] == []
