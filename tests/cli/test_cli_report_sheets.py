"""``report bookings``, ``report worksheet`` and ``report readiness`` (issue 12): Markdown,
CSV and JSON, exit codes, nothing written, and confidential meetings masked for viewers who
are not cleared."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from clikit import Cli, dump, one_line_error, seeded_cli
from dutyboard.rules.reports import bookings_days, readiness_counts
from dutyboard.tui.sheet_text import BOOKINGS_CSV_COLUMNS, SHEET_CSV_COLUMNS

MASK = "(confidential)"


@pytest.fixture
def cli(tmp_path, capsys) -> Cli:  # noqa: ANN001
    return seeded_cli(tmp_path, capsys)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def book_week(cli: Cli) -> dict[str, int]:
    """Monday 23 November: meetings tomorrow, the day after (one confidential) and Thursday."""
    return {
        "tue": cli.book("Room A", "2026-11-24T14:00", "2026-11-24T15:00"),
        "wed": cli.book("Room B", "2026-11-25T09:00", "2026-11-25T11:00"),
        "secret": cli.book("Lounge", "2026-11-25T15:00", "2026-11-25T16:00", "--confidential"),
        "thu": cli.book("Room A", "2026-11-26T14:00", "2026-11-26T15:00"),
    }


# -- the days the bookings report covers (pure) ----------------------------------------

def test_bookings_days_run_from_tomorrow_through_the_nth_working_day() -> None:
    def next_working(day: date) -> date:   # weekends off
        day = date.fromordinal(day.toordinal() + 1)
        while day.isoweekday() > 5:
            day = date.fromordinal(day.toordinal() + 1)
        return day
    assert bookings_days(date(2026, 11, 23), 2, next_working) == (date(2026, 11, 24), date(2026, 11, 25))
    # written on a Friday: the weekend and Monday and Tuesday
    assert bookings_days(date(2026, 11, 27), 2, next_working) == (date(2026, 11, 28), date(2026, 12, 1))
    assert bookings_days(date(2026, 11, 27), 1, next_working) == (date(2026, 11, 28), date(2026, 11, 30))
    with pytest.raises(ValueError, match="at least 1"):
        bookings_days(date(2026, 11, 27), 0, next_working)


def test_readiness_counts() -> None:
    assert readiness_counts(["pending", "done", "done", "verified"], [True, True, False, True]) == {
        "items": 4, "pending": 1, "reported": 3, "verified": 1, "awaiting_verify": 1}


# -- report bookings --------------------------------------------------------------------

def test_bookings_lists_the_next_two_working_days_in_every_format(cli: Cli) -> None:
    ids = book_week(cli)
    before = dump(cli.path)
    md = cli("report", "bookings", login="super")
    assert md.rc == 0, md.err
    assert md.out.startswith("# Bookings 2026-11-24 to 2026-11-25\n")
    for key in ("tue", "wed", "secret"):
        assert f"| {ids[key]} | " in md.out
    assert f"| {ids['thu']} | " not in md.out

    data = cli("report", "bookings", "--format", "json", login="super").json()
    assert data["report"] == "bookings" and (data["start"], data["end"]) == ("2026-11-24", "2026-11-25")
    assert [m["id"] for m in data["meetings"]] == [ids["tue"], ids["wed"], ids["secret"]]
    assert data == cli("report", "bookings", login="super", json=True).json()   # --json too

    table = cli("report", "bookings", "--format", "csv", login="super")
    assert table.out.splitlines()[0] == ",".join(BOOKINGS_CSV_COLUMNS)
    assert [int(r["id"]) for r in rows(table.out)] == [ids["tue"], ids["wed"], ids["secret"]]
    assert rows(table.out)[0]["start_at"] == "2026-11-24 14:00"

    three = cli("report", "bookings", "--days", "3", login="super", json=True).json()
    assert ids["thu"] in [m["id"] for m in three["meetings"]]
    assert dump(cli.path) == before   # a report writes nothing


def test_bookings_on_a_friday_cover_the_weekend_and_two_working_days(cli: Cli) -> None:
    mon = cli.book("Room A", "2026-11-30T14:00", "2026-11-30T15:00", now="2026-11-27T10:00")
    data = cli("report", "bookings", now="2026-11-27T17:00", json=True).json()
    assert (data["start"], data["end"]) == ("2026-11-28", "2026-12-01")
    assert [m["id"] for m in data["meetings"]] == [mon]


def test_bookings_mask_a_confidential_meeting_for_a_viewer_not_cleared(cli: Cli) -> None:
    ids = book_week(cli)
    seen = {m["id"]: m for m in cli("report", "bookings", login="duty", json=True).json()["meetings"]}
    assert {seen[ids["secret"]][k] for k in ("title", "organizer", "contact", "phone")} == {MASK}
    assert seen[ids["tue"]]["title"] == "Weekly meeting"
    for fmt in ("md", "csv"):
        out = cli("report", "bookings", "--format", fmt, login="duty").out
        assert MASK in out and "General Office" in out
        assert out.count("General Office") == 2        # the two meetings not confidential
        assert "0571-1234" not in out.split(str(ids["secret"]), 1)[1].splitlines()[0]
    cleared = {m["id"]: m for m in cli("report", "bookings", login="super", json=True).json()["meetings"]}
    assert cleared[ids["secret"]]["title"] == "Weekly meeting"


# -- report worksheet ------------------------------------------------------------------

def test_worksheet_lists_every_item_of_the_department_due_that_day(cli: Cli) -> None:
    ids = book_week(cli)
    data = cli("report", "worksheet", "--dept", "eng", "--day", "2026-11-25", json=True).json()
    assert data["report"] == "worksheet" and (data["dept"], data["day"]) == ("eng", "2026-11-25")
    items = data["items"]
    assert items and all(i["dept"] == "eng" and i["due_at"].startswith("2026-11-25") for i in items)
    assert [i["due_at"] for i in items] == sorted(i["due_at"] for i in items)
    expected = set()
    for meeting in ids.values():
        for task in cli("meeting", "show", meeting, json=True).json()["tasks"]:
            if task["dept"] == "eng" and task["due_at"].startswith("2026-11-25"):
                expected.add(task["id"])
    assert {i["id"] for i in items} == expected
    assert {i["meeting_id"] for i in items} >= {ids["wed"], ids["secret"]}  # and the day before Thursday

    md = cli("report", "worksheet", "--dept", "eng", "--day", "2026-11-25").out
    assert md.startswith("# Work sheet eng 2026-11-25\n")
    assert all(f"| {i['id']} |" in md for i in items)
    zh = cli("report", "worksheet", "--dept", "eng", "--day", "2026-11-25", "--lang", "zh").out
    assert zh.startswith("# 工作单 工程技术部 2026-11-25\n")
    assert items[0]["title_zh"] in zh and "| 待办 |" in zh and "| pending |" not in zh
    table = rows(cli("report", "worksheet", "--dept", "eng", "--day", "2026-11-25", "--format", "csv").out)
    assert [int(r["id"]) for r in table] == [i["id"] for i in items]
    assert list(table[0]) == list(SHEET_CSV_COLUMNS)


def test_worksheet_masks_confidential_meetings_and_defaults_to_today(cli: Cli) -> None:
    ids = book_week(cli)
    items = cli("report", "worksheet", "--dept", "svc", "--day", "2026-11-25", login="duty",
                json=True).json()["items"]
    titles = {i["meeting_id"]: i["meeting"] for i in items}
    assert titles[ids["secret"]] == MASK and titles[ids["wed"]] == "Weekly meeting"
    today = cli("report", "worksheet", "--dept", "desk", json=True).json()
    assert today["day"] == "2026-11-23"
    assert all(i["due_at"].startswith("2026-11-23") for i in today["items"])


# -- report readiness --------------------------------------------------------------------

def test_readiness_says_who_reported_and_who_verified_what_when(cli: Cli) -> None:
    meeting = cli.book("Room A", "2026-11-24T14:00", "2026-11-24T15:00")
    tasks = cli("meeting", "show", meeting, json=True).json()["tasks"]
    task = next(t for t in tasks if t["dept"] == "eng" and t["verify"])
    assert cli("task", "done", task["id"], login="eng-lead", now="2026-11-24T13:10").rc == 0
    assert cli("task", "verify", task["id"], login="duty", now="2026-11-24T13:20").rc == 0

    data = cli("report", "readiness", meeting, now="2026-11-24T13:30", json=True).json()
    assert data["report"] == "readiness" and data["meeting"]["id"] == meeting
    row = next(i for i in data["items"] if i["id"] == task["id"])
    assert (row["state"], row["done_by"], row["verified_by"]) == ("verified", "eng-lead", "duty")
    assert (row["done_at"], row["verified_at"]) == ("2026-11-24T13:10+08:00", "2026-11-24T13:20+08:00")
    assert len(data["items"]) == len(tasks)
    assert data["counts"]["items"] == len(tasks) and data["counts"]["verified"] == 1
    assert [i["dept"] for i in data["items"]][0] == "desk"   # grouped by department

    zh = cli("report", "readiness", meeting, "--lang", "zh", now="2026-11-24T13:30").out
    assert zh.startswith(f"# 会议准备核查单：会议 {meeting}\n") and "| 已核实 | 1 |" in zh
    md = cli("report", "readiness", meeting, now="2026-11-24T13:30").out
    assert md.startswith(f"# Readiness sheet: meeting {meeting}\n")
    line = next(ln for ln in md.splitlines() if f"| {task['id']} |" in ln)
    assert "eng-lead | 2026-11-24 13:10 | duty | 2026-11-24 13:20" in line
    table = rows(cli("report", "readiness", meeting, "--format", "csv").out)
    assert len(table) == len(tasks)
    done = next(r for r in table if int(r["id"]) == task["id"])
    assert (done["done_by"], done["verified_at"]) == ("eng-lead", "2026-11-24 13:20")


def test_readiness_masks_a_confidential_meeting(cli: Cli) -> None:
    ids = book_week(cli)
    hidden = cli("report", "readiness", ids["secret"], login="duty", json=True).json()
    assert {hidden["meeting"][k] for k in ("title", "organizer", "contact", "phone")} == {MASK}
    assert {i["meeting"] for i in hidden["items"]} == {MASK}
    for fmt in ("md", "csv"):
        out = cli("report", "readiness", ids["secret"], "--format", fmt, login="duty").out
        assert "Weekly meeting" not in out and "General Office" not in out and "Ms Li" not in out
    shown = cli("report", "readiness", ids["secret"], login="super", json=True).json()
    assert shown["meeting"]["title"] == "Weekly meeting"



def test_the_chinese_sheets_word_the_mask_in_chinese(cli: Cli) -> None:
    """The Markdown in Chinese says （保密）, not the store's English mask (the JSON and CSV
    keep the store's value: they are for programs)."""
    ids = book_week(cli)
    for args in (("worksheet", "--dept", "svc", "--day", "2026-11-25"), ("readiness", ids["secret"]),
                 ("bookings",)):
        zh = cli("report", *args, "--lang", "zh", login="duty").out
        assert "（保密）" in zh and MASK not in zh, args
        assert MASK in cli("report", *args, login="duty").out

@pytest.mark.parametrize("args, code", [
    (("report", "readiness", "999"), 5),
    (("report", "readiness", "x"), 2),
    (("report", "readiness"), 2),
    (("report", "worksheet", "--dept", "nope"), 2),
    (("report", "worksheet", "--day", "2026-11-24"), 2),                 # --dept is required
    (("report", "worksheet", "--dept", "eng", "--day", "24/11/2026"), 2),
    (("report", "worksheet", "--dept", "eng", "--day", "1999-01-01"), 2),
    (("report", "bookings", "--days", "0"), 2),
    (("report", "bookings", "--days", "32"), 2),
    (("report", "bookings", "--format", "xml"), 2),
])
def test_bad_report_input_is_one_line_with_its_exit_code(cli: Cli, args: tuple[str, ...], code: int) -> None:
    before = dump(cli.path)
    result = cli(*args)
    assert result.rc == code
    one_line_error(result.err)
    assert result.out == ""
    assert dump(cli.path) == before


def test_the_older_reports_take_format_json_and_complaints_names_the_monthly(cli: Cli) -> None:
    weekly = cli("report", "weekly", "--format", "json").json()
    assert weekly["report"] == "weekly"
    monthly = cli("report", "monthly", json=True).json()
    assert cli("report", "complaints", "--format", "json").json() == monthly
    assert cli("report", "weekly").out.startswith("# Weekly case summary 2026-11-16 to 2026-11-22\n")
    zh = cli("report", "weekly", "--lang", "zh").out
    assert zh.startswith("# 每周工单汇总 2026-11-16 至 2026-11-22\n") and "| 登记 | 0 |" in zh
    zh = cli("report", "complaints", "--month", "2026-11", "--lang", "zh").out
    assert zh.startswith("# 投诉率 2026-11\n") and "| 结论 | 达标（低于目标） |" in zh
