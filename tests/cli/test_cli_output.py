"""What the command line prints: --json shapes, global options anywhere, text tables, demo."""

from __future__ import annotations

import pytest
from clikit import Cli, seeded_cli
from dutyboard.tui.cli import main

FLAG_KEYS = {"id", "kind", "severity", "subject", "due_at", "message"}


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def test_global_options_may_follow_the_command(cli, capsys):
    ident = cli.book()
    capsys.readouterr()
    rc = main(["task", "list", "--meeting", str(ident), "--json", "--db", cli.url, "--as", "clerk",
               "--now", "2026-11-23T10:00"])
    rows = capsys.readouterr().out
    assert rc == 0 and rows == cli("task", "list", "--meeting", ident, json=True).out
    rc = main(["--db", cli.url, "flags", "--now=2026-11-23T13:10", "--as=clerk", "--json"])
    assert rc == 0 and '"kind": "task_overdue"' in capsys.readouterr().out


def test_now_with_an_offset_is_the_same_instant(cli):
    cli.book()
    local = cli("task", "list", "--meeting", "1", json=True, now="2026-11-23T13:10").json()
    utc = cli("task", "list", "--meeting", "1", json=True, now="2026-11-23T05:10+00:00").json()
    assert local == utc
    assert {t["flag"] for t in local} >= {"task_overdue", "task_due_soon"}


def test_task_list_json_shape_and_filters(cli):
    m = cli.book()
    cli.book("Lounge", "2026-11-23T16:00", "2026-11-23T17:00")
    rows = cli("task", "list", json=True).json()  # today and tomorrow
    assert {r["meeting_id"] for r in rows} == {1, 2}
    for row in rows:
        assert {"id", "meeting_id", "dept", "title", "due_at", "state", "flag"} <= set(row)
    eng = cli("task", "list", "--dept", "eng", "--meeting", m, json=True).json()
    assert eng and {r["dept"] for r in eng} == {"eng"}
    assert cli("task", "list", "--state", "done", json=True).json() == []
    assert cli("task", "list", "--day", "2026-11-25", json=True).json() == []
    cli("meeting", "cancel", m, login="clerk")
    assert {r["meeting_id"] for r in cli("task", "list", json=True).json()} == {2}
    done = cli("task", "done", eng[0]["id"], login="eng-lead", now="2026-11-23T13:00")
    assert done.rc == 3 and "[task.cancelled]" in done.err


def test_check_off_json(cli):
    m = cli.book()
    ac = next(t for t in cli("task", "list", "--meeting", m, json=True).json() if t["code"] == "eng.ac")
    row = cli("task", "done", ac["id"], login="eng-lead", now="2026-11-23T12:50", json=True).json()
    assert (row["id"], row["state"], row["done_by"], row["done_at"], row["version"], row["flag"]) == (
        ac["id"], "done", "eng-lead", "2026-11-23T12:50+08:00", 2, None)
    row = cli("task", "undo", ac["id"], login="eng-lead", now="2026-11-23T12:51", json=True).json()
    assert (row["state"], row["done_by"], row["version"]) == ("pending", None, 3)


def test_ticket_json_shapes_and_the_clock(cli):
    a = cli("ticket", "open", "--kind", "repair", "--location", "5F toilet", "--contact", "Mr Wu",
            "--content", "Tap leaking", "--category", "water", "--phone", "13800001111", login="clerk",
            json=True).json()
    assert (a["state"], a["priority"], a["next_step"], a["next_due_at"]) == (
        "open", "normal", "follow-up #1", "2026-11-23T12:00+08:00")
    b = cli.ticket("--priority", "urgent")
    both = cli("ticket", "dispatch", a["id"], b, "--dept", "eng", "--to", "eng-lead", login="clerk",
               now="2026-11-23T10:30", json=True).json()
    assert [t["state"] for t in both] == ["dispatched", "dispatched"]
    assert {t["next_due_at"] for t in both} == {"2026-11-23T12:30+08:00"}
    rows = cli("ticket", "list", json=True, now="2026-11-23T12:40").json()
    assert [r["id"] for r in rows] == [b, a["id"]]  # newest first
    for row in rows:
        assert {"id", "state", "priority", "next_due_at", "next_step", "flags"} <= set(row)
        # the urgent one went to the desk supervisor at once (issue 10)
        assert row["flags"] == ["follow_up_overdue"] + (["escalated"] if row["id"] == b else [])
    assert [r["id"] for r in cli("ticket", "list", "--priority", "urgent", json=True).json()] == [b]
    assert [r["id"] for r in cli("ticket", "list", "--text", "Tap", json=True).json()] == [a["id"]]

    cli("ticket", "follow-up", a["id"], "--note", "plumber on the way", login="clerk",
        now="2026-11-23T12:45")
    show = cli("ticket", "show", a["id"], json=True, now="2026-11-23T12:50").json()
    assert (show["next_step"], show["next_due_at"]) == ("follow-up #2", "2026-11-23T18:00+08:00")
    assert [(h["kind"], h["actor"], h["at"]) for h in show["history"]] == [
        ("open", "clerk", "2026-11-23T10:00+08:00"), ("dispatch", "clerk", "2026-11-23T10:30+08:00"),
        ("follow-up", "clerk", "2026-11-23T12:45+08:00")]
    assert [x["action"] for x in show["audit"]] == ["ticket.open", "ticket.dispatch",
                                                     "ticket.follow-up"]
    assert show["audit"][1]["before"]["state"] == "open"
    assert show["audit"][1]["after"]["state"] == "dispatched"


def test_emergency_flags_and_notify(cli):
    ident = cli.ticket("--priority", "emergency", login="duty")
    flags = cli("flags", json=True).json()
    for flag in flags:
        assert FLAG_KEYS <= set(flag)
    emergency = [f for f in flags if f["kind"] == "emergency"]
    assert len(emergency) == 1 and emergency[0]["subject"] == f"ticket:{ident}"
    assert emergency[0]["severity"] == "alarm" and emergency[0]["due_at"] == "2026-11-23T10:00+08:00"
    assert "still to notify: desk supervisor, manager, department lead" in emergency[0]["message"]
    for role in ("supervisor", "manager", "lead"):
        assert cli("ticket", "notify", ident, "--role", role, login="duty").rc == 0
    emergency = [f for f in cli("flags", json=True).json() if f["kind"] == "emergency"]
    assert emergency[0]["message"].endswith("all notified")
    shown = cli("ticket", "show", ident, json=True).json()
    assert shown["notified"] == ["supervisor", "manager", "lead"]
    assert shown["escalated_at"] == "2026-11-23T10:00+08:00"
    assert shown["next_due_at"] == "2026-11-23T12:00+08:00"  # the clock runs until resolved
    assert cli("ticket", "notify", ident, "--role", "mayor", login="duty").rc == 2


def test_flags_of_a_meeting_and_the_text_table(cli):
    m = cli.book()
    flags = cli("flags", json=True, now="2026-11-23T13:10").json()
    ours = [f for f in flags if f["message"].endswith(f"(meeting {m})")]
    assert {f["kind"] for f in ours} == {"task_overdue", "task_due_soon"}
    severities = [f["severity"] for f in flags]
    assert severities == sorted(severities, key=["alarm", "warn", "info"].index)
    text = cli("flags", now="2026-11-23T13:10").out.splitlines()
    assert text[0].split() == ["severity", "kind", "subject", "due_at", "message"]
    assert any("task_overdue" in line and "AC on" in line for line in text)
    cli("meeting", "cancel", m, login="clerk", now="2026-11-23T13:10")
    assert cli("flags", json=True, now="2026-11-23T13:11").json() == []


def test_confidential_meetings_are_masked_for_uncleared_viewers(cli):
    cli.book("Lounge", "2026-11-23T16:00", "2026-11-23T17:00", "--confidential")
    for login, title, organizer in (("clerk", "(confidential)", "(confidential)"),
                                    ("duty", "(confidential)", "(confidential)"),
                                    ("super", "Weekly meeting", "General Office"),
                                    ("boss", "Weekly meeting", "General Office")):
        listed = cli("meeting", "list", json=True, login=login).json()
        assert [(m["title"], m["organizer"], m["confidential"]) for m in listed] == [
            (title, organizer, True)], login
        shown = cli("meeting", "show", "1", json=True, login=login).json()
        assert shown["title"] == title and {t["meeting"] for t in shown["tasks"]} == {title}
        tasks = cli("task", "list", "--meeting", "1", json=True, login=login).json()
        assert {t["meeting"] for t in tasks} == {title}


def test_meeting_move_and_show(cli):
    m = cli.book()
    moved = cli("meeting", "move", m, "--start", "2026-11-23T16:00", login="clerk", json=True).json()
    assert (moved["start_at"], moved["end_at"]) == ("2026-11-23T16:00+08:00", "2026-11-23T17:00+08:00")
    shown = cli("meeting", "show", m, json=True).json()
    brew = next(t for t in shown["tasks"] if t["code"] == "svc.brew")
    assert brew["due_at"] == "2026-11-23T15:45+08:00"
    assert cli("meeting", "list", "--day", "2026-11-23", json=True).json()[0]["id"] == m


def test_people_venues_audit_migrations(cli):
    users = cli("user", "list", json=True).json()
    assert [u["login"] for u in users] == sorted(["boss", "duty", "clerk", "super", "eng-lead",
                                                  "sec-lead", "svc-lead", "env-lead"])
    lead = next(u for u in users if u["login"] == "eng-lead")
    assert (lead["role"], lead["depts"], lead["cleared"]) == ("lead", ["eng"], False)
    added = cli("user", "add", "night", "--role", "duty", "--dept", "fcc", json=True).json()
    assert (added["login"], added["role"]) == ("night", "duty")
    venues = cli("venue", "list", json=True).json()
    assert {(v["name"], v["class"], v["kind"]) for v in venues} >= {("Main hall", "C", "main-hall")}
    audit = cli("audit", json=True).json()
    assert audit[0]["action"] == "user.add" and audit[0]["actor"] == "boss"
    assert audit[0]["after"]["login"] == "night" and audit[0]["before"] is None
    assert audit[-1]["action"] == "init"
    ident = cli.ticket()
    only = cli("audit", "--entity", "ticket", "--id", ident, json=True).json()
    assert [(a["action"], a["entity_id"]) for a in only] == [("ticket.open", ident)]
    migrations = cli("migrate", json=True).json()
    assert migrations[0] == {"migration": "0001_initial", "applied": True}
    assert all(m["applied"] for m in migrations)


def test_help_and_empty_lists(cli):
    assert cli("--help").rc == 0
    r = cli("ticket", "list")
    assert r.rc == 0 and r.out.strip() == "(none)"


def test_init_and_demo_on_an_empty_database(tmp_path, capsys):
    cli = Cli(tmp_path / "demo.db", capsys)
    r = cli("init", json=True, login="chief")
    assert r.json()["manager"] == "chief"
    refused = cli("demo", json=True, login="chief")  # a real site: never mixed with demo rows
    assert refused.rc == 3 and "[demo.empty]" in refused.err
    fresh = Cli(tmp_path / "fresh.db", capsys)
    summary = fresh("demo", json=True, login="chief").json()
    assert (summary["venues"], summary["meetings"], summary["tickets"]) == (10, 8, 11)
    assert summary["flags"] and all(FLAG_KEYS <= set(f) for f in summary["flags"])
    again = fresh("demo", login="chief")  # README command 1, run a second time
    assert again.rc == 0 and again.out.count("\n") == 1 and "already holds the demo" in again.out
    text = Cli(tmp_path / "text.db", capsys)("demo", login="chief")
    assert text.rc == 0 and text.out.startswith("venues: 10, meetings: 8")
