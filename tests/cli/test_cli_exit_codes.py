"""Every refusal path of the command line: its exit code and a clear message on stderr.

0 done, 2 usage, 3 refused by a rule, 4 not permitted, 5 not found.
"""

from __future__ import annotations

import pytest
from clikit import seeded_cli

MEETING = ["--title", "T", "--organizer", "O", "--contact", "C", "--phone", "1", "--attendees", "10"]


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def refused(result, code: int, *needles: str) -> None:  # noqa: ANN001
    assert result.rc == code, (result.rc, result.err, result.out)
    assert result.err.strip(), "a refusal explains itself on stderr"
    assert result.out == ""
    for needle in needles:
        assert needle in result.err, (needle, result.err)


# -- 2: usage ---------------------------------------------------------------------

@pytest.mark.parametrize("argv,needles", [
    (["--now", "yesterday", "flags"], ["dutyboard: --now: not an ISO-8601 time: 'yesterday'"]),
    (["meeting", "list", "--day", "2026-13-01"], ["not a date: '2026-13-01' (use YYYY-MM-DD)"]),
    (["task", "list", "--day", "tomorrow"], ["not a date: 'tomorrow'"]),
    (["signoff", "--day", "23/11/2026"], ["not a date"]),
    (["user", "add", "x", "--role", "boss"], ["argument --role: invalid choice: 'boss'"]),
    (["user", "add", "x", "--role", "clerk", "--dept", "kitchen"],
     ["argument --dept: unknown department 'kitchen'", "eng (Eng, 工程, engineering)"]),
    (["user", "add", "x", "--role", "lead"], ["a department lead needs --dept CODE"]),
    (["venue", "add", "X", "--class", "A", "--kind", "ballroom", "--capacity", "10"],
     ["unknown venue kind 'ballroom'", "main-hall"]),
    (["venue", "add", "X", "--class", "D", "--kind", "breakout", "--capacity", "10"],
     ["argument --class: invalid choice: 'D'"]),
    (["venue", "add", "X", "--class", "A", "--kind", "breakout", "--capacity", "0"],
     ["capacity must be a positive number"]),
    (["ticket", "open", "--kind", "praise", "--location", "L", "--contact", "C", "--content", "x"],
     ["argument --kind: invalid choice: 'praise'"]),
    (["ticket", "open", "--kind", "complaint", "--location", "L", "--contact", "C", "--content", "x"],
     ["--nature: a complaint needs its nature"]),
    (["ticket", "open", "--kind", "repair", "--location", " ", "--contact", "C", "--content", "x"],
     ["--location: required"]),
    (["ticket", "list", "--dept", "kitchen"], ["unknown department 'kitchen'"]),
    (["meeting", "add", "--venue", "Room A", "--start", "2026-11-23T14:00", "--end",
      "2026-11-23T15:00", "--title", "", "--organizer", "O", "--contact", "C", "--phone", "1",
      "--attendees", "10"], ["--title must not be empty"]),
    (["meeting", "add", "--venue", "Room A", "--start", "soon", "--end", "2026-11-23T15:00",
      *MEETING], ["not an ISO-8601 time: 'soon'"]),
    (["meeting", "add", "--venue", "Room A", "--start", "2026-11-23T14:00", "--end",
      "2026-11-23T15:00", "--services", "fireworks", *MEETING], ["unknown service fireworks"]),
    (["task", "done"], ["the following arguments are required: id"]),
    (["ticket", "link", "1"], ["give exactly one of --to TICKET or --pending TEXT"]),
    (["ticket", "follow-up", "1", "--note", " "], ["--note must not be empty"]),
    (["rulebook", "check", "/nonexistent/site.toml"], ["cannot read /nonexistent/site.toml"]),
    (["--db", "mysql://localhost/x", "flags"], ["unsupported database URL"]),
    (["frobnicate"], ["invalid choice: 'frobnicate'"]),
])
def test_usage_errors_exit_2(cli, argv, needles):
    r = cli(*argv)
    assert r.rc == 2, (r.rc, r.err)
    for needle in needles:
        assert needle in r.err, (needle, r.err)


def test_a_bad_rulebook_file_names_the_key(cli, tmp_path):
    bad = tmp_path / "site.toml"
    bad.write_text('[booking]\nmin_gap = "soon"\n', encoding="utf-8")
    r = cli("rulebook", "check", str(bad))
    assert r.rc == 2 and "site.toml" in r.err and "min_gap" in r.err
    r = cli("--rulebook", str(bad), "flags")
    assert r.rc == 2 and "min_gap" in r.err


# -- 3: refused by a rule ------------------------------------------------------------

@pytest.mark.parametrize("venue,start,end,extra,rule,detail", [
    ("Room A", "2026-11-23T15:00", "2026-11-23T14:00", [], "booking.times", "is not after start"),
    ("Room A", "2026-11-23T09:00", "2026-11-23T09:30", [], "booking.past", "in the past"),
    ("Room A", "2026-11-23T14:30", "2026-11-23T15:30", [], "booking.overlap",
     "Room A is booked 2026-11-23 14:00-15:00 (meeting 1)"),
    ("Room A", "2026-11-23T15:10", "2026-11-23T16:00", [], "booking.min_gap",
     "needs 30m between meetings"),
    ("Lounge", "2026-11-23T10:30", "2026-11-23T11:00", [], "class.A.notice",
     "class A needs at least 1h00m notice; this booking gives 30m"),
    ("Room B", "2026-11-23T13:59", "2026-11-23T14:59", [], "class.B.notice",
     "class B needs at least 4h00m notice; this booking gives 3h59m"),
    ("Main hall", "2026-11-24T09:00", "2026-11-24T11:00", ["--approval", "ZY-1"], "class.C.notice",
     "class C needs at least 1d00h notice; this booking gives 23h00m"),
    ("Main hall", "2026-11-25T09:00", "2026-11-25T11:00", [], "class.C.approval",
     "--approval REF"),
])
def test_each_booking_rule_exits_3(cli, venue, start, end, extra, rule, detail):
    cli.book("Room A", "2026-11-23T14:00", "2026-11-23T15:00")
    r = cli("meeting", "add", "--venue", venue, "--start", start, "--end", end, *MEETING, *extra,
            login="clerk")
    refused(r, 3, f"[{rule}]", detail)
    assert len(cli("meeting", "list", "--days", "3", json=True).json()) == 1  # nothing booked


def test_capacity_and_move_refusals_exit_3(cli):
    ident = cli.book()
    r = cli("meeting", "add", "--venue", "Lounge", "--start", "2026-11-23T16:00", "--end",
            "2026-11-23T17:00", "--title", "T", "--organizer", "O", "--contact", "C", "--phone", "1",
            "--attendees", "21", login="clerk")
    refused(r, 3, "[booking.capacity]", "21 attendees exceed Lounge's capacity of 20")
    cli.book("Room A", "2026-11-23T16:00", "2026-11-23T17:00")
    refused(cli("meeting", "move", ident, "--start", "2026-11-23T15:40", login="clerk"), 3,
            "[booking.overlap]")
    cli("meeting", "cancel", ident, login="clerk")
    refused(cli("meeting", "cancel", ident, login="clerk"), 3, "already cancelled")


def _resolved(cli, *extra: str, signed: bool = True) -> int:  # noqa: ANN001
    ident = cli.ticket(*extra)
    assert cli("ticket", "dispatch", ident, "--dept", "eng", login="clerk").rc == 0
    resolve = ["ticket", "resolve", ident, "--result", "fixed"] + (["--signed"] if signed else [])
    assert cli(*resolve, login="eng-lead").rc == 0
    return ident


def test_closing_rules_exit_3(cli):
    unfinished = cli.ticket()
    refused(cli("ticket", "close", unfinished, login="clerk"), 3, "[closing.unfinished]",
            "nobody may close an unfinished case")
    unsigned = _resolved(cli, signed=False)
    refused(cli("ticket", "close", unsigned, login="clerk"), 3, "[closing.evidence]",
            "ticket resolve --signed")
    major = _resolved(cli, "--major")
    refused(cli("ticket", "close", major, login="clerk"), 3, "[closing.approval]",
            "a major case closes only with the approval of supervisor or manager")
    refused(cli("ticket", "close", major, "--approved-by", "super", login="clerk"), 3,
            "[closing.approval] super has not approved ticket",
            f"dutyboard --as super ticket approve {major}")
    assert cli("ticket", "approve", major, login="super").rc == 0
    closed = cli("ticket", "close", major, "--approved-by", "super", login="clerk", json=True).json()
    assert closed["state"] == "closed" and closed["closed_at"] == "2026-11-23T10:00+08:00"

    stuck = cli.ticket()
    refused(cli("ticket", "close", stuck, "--unresolvable", "--reason", "needs budget", login="clerk"),
            3, "[closing.unresolvable.approval]", "project manager")
    refused(cli("ticket", "close", stuck, "--unresolvable"), 3, "[closing.unresolvable.reason]")
    r = cli("ticket", "close", stuck, "--unresolvable", "--reason", "needs budget", json=True,
            now="2026-12-01T10:00")  # inside the quarterly review
    assert r.json()["unresolvable"] is True and r.json()["close_reason"] == "needs budget"

    related = _resolved(cli)
    assert cli("ticket", "link", related, "--pending", "socket sparks too", login="clerk").rc == 0
    refused(cli("ticket", "close", related, login="clerk"), 3, "[closing.related]")
    other = cli.ticket()
    assert cli("ticket", "link", related, "--to", other, login="clerk").rc == 0
    assert cli("ticket", "close", related, login="clerk").rc == 0

    refused(cli("ticket", "reopen", other, "--reason", "x", login="clerk"), 3, "[ticket.reopen]")
    inquiry = cli.ticket("--inquiry")
    refused(cli("ticket", "dispatch", inquiry, "--dept", "eng", login="clerk"), 3,
            "[ticket.inquiry]")


def test_a_stale_check_off_is_a_conflict_exit_3(cli):
    meeting = cli.book()
    tasks = cli("task", "list", "--meeting", meeting, json=True).json()
    report = next(t for t in tasks if t["code"] == "eng.report")
    assert report["version"] == 1
    assert cli("task", "done", report["id"], login="eng-lead", now="2026-11-23T13:20").rc == 0
    r = cli("task", "verify", report["id"], "--version", "1", login="duty", now="2026-11-23T13:25")
    refused(r, 3, "[task.conflict]", "changed by another session",
            "now done, by eng-lead at 2026-11-23T13:20+08:00")
    r = cli("task", "done", report["id"], login="duty", now="2026-11-23T13:25")
    refused(r, 3, "[task.done]", "already done")
    r = cli("task", "verify", report["id"], "--version", "2", login="duty", now="2026-11-23T13:25",
            json=True)
    assert r.json()["state"] == "verified" and r.json()["verified_by"] == "duty"
    refused(cli("task", "undo", report["id"], login="eng-lead", now="2026-11-23T13:26"), 3,
            "[task.undo]", "verified by the fire-control centre")
    early = next(t for t in tasks if t["code"] == "svc.after.count")
    refused(cli("task", "done", early["id"], login="svc-lead", now="2026-11-23T13:26"), 3,
            "[task.too_early]", "cannot be checked off before 2026-11-23 15:00")


def test_signoff_and_init_refusals_exit_3(cli):
    assert cli("signoff", login="super", now="2026-11-23T17:00").rc == 0
    refused(cli("signoff", login="super", now="2026-11-23T17:05"), 3, "[signoff.once]",
            "2026-11-23 is already signed off")
    refused(cli("init", login="someone"), 3, "already initialised")
    refused(cli("demo"), 3, "[demo.empty]")


# -- 4: not permitted ------------------------------------------------------------------

def test_wrong_role_exits_4(cli):
    meeting = cli.book()
    tasks = {t["code"]: t["id"] for t in cli("task", "list", "--meeting", meeting, json=True).json()}
    ticket = cli.ticket()
    later = "2026-11-23T13:30"
    cases = [
        (["venue", "add", "Room Z", "--class", "A", "--kind", "breakout", "--capacity", "10"],
         "clerk", "venue.add needs the role manager; you are clerk"),
        (["user", "add", "x", "--role", "clerk", "--dept", "desk"], "super", "user.add"),
        (["meeting", "add", "--venue", "Lounge", "--start", "2026-11-23T16:00", "--end",
          "2026-11-23T17:00", *MEETING], "duty", "meeting.add needs the role clerk, manager, supervisor"),
        (["meeting", "cancel", meeting], "duty", "meeting.cancel"),
        (["task", "done", tasks["sec.unlock"]], "eng-lead",
         "a department lead may task.done only for their own department (eng), not sec"),
        (["task", "done", tasks["eng.ac"]], "clerk",
         "a desk clerk may task.done only for their own department (desk), not eng"),
        (["task", "verify", tasks["eng.ac"]], "clerk",
         "task.verify only for their own department (desk), not fcc"),
        (["task", "verify", tasks["eng.ac"]], "eng-lead", "task.verify"),
        (["ticket", "close", ticket], "duty", "ticket.close"),
        (["ticket", "approve", ticket], "clerk", "ticket.approve needs the role manager, supervisor"),
        (["ticket", "resolve", ticket, "--result", "x"], "eng-lead", "undispatched"),
        (["ticket", "open", "--kind", "repair", "--location", "L", "--contact", "C", "--content", "x"],
         "nobody", "'nobody' is not a dutyboard user here"),
        (["signoff"], "clerk", "signoff needs the role manager, supervisor"),
        (["rulebook", "set", "/dev/null"], "super", "rulebook.set"),
    ]
    for argv, login, needle in cases:
        refused(cli(*argv, login=login, now=later), 4, "not permitted" if login != "nobody"
                else "dutyboard user add", needle)


def test_not_permitted_stays_in_the_command_lines_english(cli):  # noqa: ANN001
    """The store's reason is structured for the board (issue 11); the message the command
    line prints is unchanged, word for word."""
    ticket = cli.ticket()
    result = cli("ticket", "close", ticket, login="duty")
    assert (result.rc, result.err) == (4, "dutyboard: duty: not permitted: ticket.close needs the role "
                                          "clerk, manager, supervisor; you are duty\n")
    result = cli("ticket", "resolve", ticket, "--result", "x", login="eng-lead")
    assert (result.rc, result.err) == (4, "dutyboard: eng-lead: not permitted: a department lead may "
                                          "ticket.resolve only for their own department (eng), not an "
                                          "undispatched case\n")


# -- 5: not found --------------------------------------------------------------------

@pytest.mark.parametrize("argv,login,needle", [
    (["task", "done", "999"], "duty", "no task 999"),
    (["task", "verify", "999"], "duty", "no task 999"),
    (["task", "undo", "999"], "duty", "no task 999"),
    (["ticket", "show", "999"], "clerk", "no ticket 999"),
    (["ticket", "close", "999"], "clerk", "no ticket 999"),
    (["ticket", "dispatch", "999", "--dept", "eng"], "clerk", "no ticket 999"),
    (["ticket", "follow-up", "999", "--note", "x"], "clerk", "no ticket 999"),
    (["ticket", "link", "1", "--to", "999"], "clerk", "no ticket 999"),
    (["meeting", "show", "999"], "clerk", "no meeting 999"),
    (["meeting", "move", "999", "--start", "2026-11-23T16:00"], "clerk", "no meeting 999"),
    (["meeting", "cancel", "999"], "clerk", "no meeting 999"),
    (["meeting", "add", "--venue", "Nowhere", "--start", "2026-11-23T16:00", "--end",
      "2026-11-23T17:00", *MEETING], "clerk", "unknown venue 'Nowhere'; venues: Lounge, Main hall"),
    (["ticket", "dispatch", "1", "--dept", "eng", "--to", "ghost"], "clerk", "no user 'ghost'"),
])
def test_unknown_things_exit_5(cli, argv, login, needle):
    cli.ticket()  # ticket 1 exists
    refused(cli(*argv, login=login), 5, needle)


def test_close_approved_by_an_unknown_user_exits_5(cli):
    ident = _resolved(cli, "--major")
    refused(cli("ticket", "close", ident, "--approved-by", "ghost", login="clerk"), 5,
            "no user 'ghost'")
