"""``report shift`` (issue 11): the shift summary in Markdown (or JSON), its window
(the shift in progress, --shift day|night, --since), and its exit codes."""

from __future__ import annotations

import pytest
from clikit import dump, one_line_error, seeded_cli
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store.context import Context
from dutyboard.store.db import connect
from dutyboard.store.handover import write_note

TZ = "Asia/Shanghai"


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def note(cli, login: str, now: str, text: str) -> None:  # noqa: ANN001
    write_note(Context(connect(cli.url), FrozenClock(parse_instant(now, TZ)), login), text)


@pytest.fixture
def shifts(cli):  # noqa: ANN001, ANN201
    """A night case (07:00), a day case (09:00) dispatched and resolved, an emergency at 09:10
    with the supervisor told, an inquiry at 09:40, and the night's handover note."""
    night = cli.ticket("--content", "Night leak", now="2026-11-23T07:00")
    note(cli, "duty", "2026-11-23T07:55", "Night leak in Room 305: | plumber at 08:30\nB2 door open")
    day = cli.ticket("--content", "Socket dead", now="2026-11-23T09:00")
    assert cli("ticket", "dispatch", day, "--dept", "eng", login="clerk", now="2026-11-23T09:05").rc == 0
    assert cli("ticket", "resolve", day, "--result", "Fuse replaced", "--signed", login="clerk",
               now="2026-11-23T09:30").rc == 0
    emergency = cli.ticket("--priority", "emergency", "--content", "Smoke in B1", now="2026-11-23T09:10")
    assert cli("ticket", "notify", emergency, "--role", "supervisor", login="clerk",
               now="2026-11-23T09:11").rc == 0
    assert cli("ticket", "open", "--inquiry", "--kind", "complaint", "--nature", "inquiry",
               "--location", "Lobby", "--contact", "Ms Xu", "--content", "Canteen hours?",
               login="clerk", now="2026-11-23T09:40").rc == 0
    return night, day, emergency


def section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_shift_in_progress_in_markdown(cli, shifts) -> None:  # noqa: ANN001
    night, day, emergency = shifts
    r = cli("report", "shift", login="clerk")
    assert r.rc == 0 and r.err == ""
    assert r.out.startswith("# Day shift summary 2026-11-23 08:00 to 2026-11-23 10:00\n")
    assert "| registered | 2 |" in r.out and "| inquiries logged (not registered) | 1 |" in r.out
    registered = section(r.out, "Registered")
    assert f"| {day} | 2026-11-23 09:00 |" in registered and f"| {emergency} |" in registered
    assert "Night leak" not in registered
    assert f"| {day} | 2026-11-23 09:30 | normal | resolved | eng |" in section(r.out, "Resolved")
    assert "Fuse replaced (work order signed)" in section(r.out, "Resolved")
    assert f"| {emergency} |" in section(r.out, "Escalated")
    assert "| manager, lead |" in section(r.out, "Emergencies")
    assert "No handover note written in this shift." in section(r.out, "Handover")
    earlier = section(r.out, "Earlier handover notes not yet acknowledged")
    assert "by duty (not yet acknowledged)" in earlier
    assert "> Night leak in Room 305: | plumber at 08:30\n> B2 door open" in earlier


def test_the_night_shift_holds_its_case_and_its_note(cli, shifts) -> None:  # noqa: ANN001
    night, *_ = shifts
    r = cli("report", "shift", "--shift", "night")
    assert r.rc == 0, r.err
    assert r.out.startswith("# Night shift summary 2026-11-22 18:00 to 2026-11-23 08:00\n")
    assert f"| {night} | 2026-11-23 07:00 |" in section(r.out, "Registered")
    assert section(r.out, "Resolved").strip() == "None."
    handover = section(r.out, "Handover")
    assert "### Note 1, 2026-11-23 07:55, by duty (not yet acknowledged)" in handover
    assert "Earlier handover notes" not in r.out


def test_since_and_json(cli, shifts) -> None:  # noqa: ANN001
    night, day, emergency = shifts
    data = cli("report", "shift", "--since", "2026-11-23T09:20", json=True).json()
    assert (data["report"], data["shift"], data["start"], data["end"]) == \
        ("shift", "since", "2026-11-23T09:20+08:00", "2026-11-23T10:00+08:00")
    assert data["registered"] == [] and data["inquiries"] == 1
    assert [c["id"] for c in data["resolved"]] == [day]
    assert data["emergencies"][0]["id"] == emergency   # registered earlier, still in hand
    assert data["emergencies"][0]["still_to_notify"] == ["manager", "lead"]
    assert [n["text"] for n in data["handover_unacknowledged"]] == \
        ["Night leak in Room 305: | plumber at 08:30\nB2 door open"]


def test_readiness_overdue_and_unverified(cli) -> None:  # noqa: ANN001
    meeting = cli.book("Room A", "2026-11-23T14:00", "2026-11-23T15:00")
    tasks = cli("task", "list", "--meeting", meeting, json=True, now="2026-11-23T13:40").json()
    report = next(t for t in tasks if t["verify"] and t["dept"] == "eng")
    assert cli("task", "done", report["id"], login="eng-lead", now="2026-11-23T13:40").rc == 0
    data = cli("report", "shift", json=True, now="2026-11-23T13:45").json()
    overdue = {i["id"] for i in data["readiness_overdue"]}
    assert overdue and overdue <= {t["id"] for t in tasks if t["due_at"] <= "2026-11-23T13:45+08:00"}
    assert {i["venue"] for i in data["readiness_overdue"]} == {"Room A"}
    assert [i["id"] for i in data["readiness_unverified"]] == [report["id"]]
    text = cli("report", "shift", now="2026-11-23T13:45").out
    assert report["title"] in section(text, "Readiness reported, not verified")


@pytest.mark.parametrize(("args", "rc", "why"), [
    (["--since", "yesterday"], 2, "--since: not an ISO-8601 time"),
    (["--since", "2026-11-23T10:01"], 2, "is not before the report's time"),
    (["--since", "2026-11-23T08:00", "--shift", "day"], 2, "not allowed with"),
    (["--shift", "noon"], 2, "invalid choice"),
    (["--since", "1999-12-31T23:00"], 2, "2000"),
])
def test_bad_windows_exit_2_with_one_line(cli, args: list[str], rc: int, why: str) -> None:  # noqa: ANN001
    before = dump(cli.path)
    r = cli("report", "shift", *args)
    assert r.rc == rc and r.out == ""
    assert why in one_line_error(r.err)
    assert dump(cli.path) == before


def test_a_login_that_is_not_a_user_exits_4(cli) -> None:  # noqa: ANN001
    r = cli("report", "shift", login="stranger")
    assert r.rc == 4 and "not a dutyboard user" in one_line_error(r.err)
