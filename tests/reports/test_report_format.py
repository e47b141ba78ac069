"""The reports as the command line prints them (Markdown, CSV, JSON), from the
hand-computed October 2026 of ``monthkit``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from dutyboard.store import admin, reports
from dutyboard.store.context import Context
from dutyboard.tui.cli import report_format
from monthkit import NOW


def test_weekly_markdown(month_ctx: Context) -> None:
    text = report_format.weekly_markdown(reports.weekly_summary(month_ctx))
    assert text.splitlines() == [
        "# Weekly case summary 2026-10-26 to 2026-11-01",
        "",
        "Government Office Complex & Conference Building. Cases registered Monday to Sunday, "
        "local time (Asia/Shanghai); states as of 2026-11-02 10:00.",
        "",
        "| figure | count |",
        "| --- | ---: |",
        "| registered | 7 |",
        "| closed | 3 |",
        "| still open | 4 |",
        "| escalated | 2 |",
        "| emergencies | 1 |",
        "| inquiries logged (not registered) | 1 |",
        "| unresolvable (listed apart) | 1 |",
        "| average time to close (h:mm) | 1d 21:20 |",
        "",
        "| kind | count |",
        "| --- | ---: |",
        "| repair | 4 |",
        "| complaint | 3 |",
        "",
        "| priority | count |",
        "| --- | ---: |",
        "| normal | 5 |",
        "| urgent | 1 |",
        "| emergency | 1 |",
        "",
        "| department | count |",
        "| --- | ---: |",
        "| eng | 3 |",
        "| sec | 1 |",
        "| svc | 1 |",
        "| undispatched | 2 |",
        "",
        "## Cases",
        "",
        "| id | opened | kind | priority | dept | state | escalated | closed | time to close "
        "| location | content |",
        "| ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        "| 8 | 2026-10-26 00:00 | repair | normal | undispatched | open | no | - | - "
        "| Corridor 3F | Lamp out |",
        "| 10 | 2026-10-27 09:00 | complaint | normal | eng | closed | no | 2026-10-27 11:30 | 2:30 "
        "| Hall 203 | Stage lights failed \\| mid-meeting |",
        "| 11 | 2026-10-28 14:00 | repair | normal | eng | closed | no | 2026-11-02 09:30 "
        "| 4d 19:30 | Toilet 2F | Tap leaking |",
        "| 12 | 2026-10-29 10:00 | repair | urgent | eng | dispatched | yes | - | - "
        "| Server room | UPS alarm |",
        "| 13 | 2026-10-30 15:00 | repair | emergency | sec | closed | yes | 2026-10-31 09:00 "
        "| 18:00 | Main hall | Power cut in main hall |",
        "| 14 | 2026-10-31 23:30 | complaint | normal | svc | dispatched | no | - | - "
        "| Lounge | Lounge not cleaned |",
        "| 15 | 2026-11-01 00:10 | complaint | normal | undispatched | open | no | - | - "
        "| East gate | Guard refused entry |",
        "",
        "## Unresolvable",
        "",
        "| id | opened | kind | dept | closed | approved by | location | reason |",
        "| ---: | --- | --- | --- | --- | --- | --- | --- |",
        "| 3 | 2026-10-12 10:00 | repair | eng | 2026-10-29 16:00 | boss | Roof "
        "| Needs capital works by the owner |",
        "",
        "## Older cases still open",  # registered before the week, reviewed again (issue 10)
        "",
        "| id | opened | kind | priority | dept | state | escalated | location | content |",
        "| ---: | --- | --- | --- | --- | --- | --- | --- | --- |",
        "| 1 | 2026-09-30 23:50 | complaint | normal | undispatched | open | no | Lobby "
        "| Guard was rude |",
        "| 4 | 2026-10-14 10:00 | complaint | normal | undispatched | open | no | Room 305 "
        "| Cannot find projector remote |",
        "| 5 | 2026-10-20 09:00 | complaint | normal | undispatched | open | no | Car park "
        "| Angry about parking fees |",
        "| 7 | 2026-10-25 23:59 | repair | normal | undispatched | open | no | Corridor 2F "
        "| Light flickers |",
        "",
        "## Stalled (unresolvable for now, for the supervisor)",
        "",
        "None.",
    ]


def test_weekly_csv(month_ctx: Context) -> None:
    text = report_format.weekly_csv(reports.weekly_summary(month_ctx))
    lines = text.splitlines()
    assert lines[0] == ("section,id,opened_at,kind,priority,nature,category,dept,state,escalated,"
                        "closed_at,minutes_to_close,location,content,close_reason")
    assert lines[1] == "case,8,2026-10-26 00:00,repair,normal,,lighting,,open,no,,,Corridor 3F,Lamp out,"
    assert lines[2] == ("case,10,2026-10-27 09:00,complaint,normal,valid,lighting,eng,closed,no,"
                        "2026-10-27 11:30,150,Hall 203,Stage lights failed | mid-meeting,")
    assert lines[3] == ("case,11,2026-10-28 14:00,repair,normal,,water,eng,closed,no,"
                        "2026-11-02 09:30,6930,Toilet 2F,Tap leaking,")
    assert lines[5] == ("case,13,2026-10-30 15:00,repair,emergency,,power,sec,closed,yes,"
                        "2026-10-31 09:00,1080,Main hall,Power cut in main hall,")
    assert lines[8] == ("unresolvable,3,2026-10-12 10:00,repair,normal,,other,eng,closed,no,"
                         "2026-10-29 16:00,24840,Roof,Roof leak over hall 203,"  # 17 d 6 h
                         "Needs capital works by the owner")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["section"], r["id"]) for r in rows] == [
        ("case", "8"), ("case", "10"), ("case", "11"), ("case", "12"), ("case", "13"),
        ("case", "14"), ("case", "15"), ("unresolvable", "3"), ("older_open", "1"),
        ("older_open", "4"), ("older_open", "5"), ("older_open", "7")]


def test_weekly_with_nothing(make_ctx, sqlite_url: str) -> None:  # noqa: ANN001
    ctx = make_ctx(sqlite_url, "boss", NOW)
    admin.init_site(ctx)
    week = reports.weekly_summary(ctx)
    assert (week.registered, week.closed, week.average_to_close) == (0, 0, None)
    assert week.by_kind == {"repair": 0, "complaint": 0} and week.by_dept == {}
    text = report_format.weekly_markdown(week)
    assert "| average time to close (h:mm) | - |" in text
    assert "department: none" in text and "No cases registered." in text
    assert text.endswith("## Unresolvable\n\nNone.\n\n## Older cases still open\n\nNone.\n\n"
                         "## Stalled (unresolvable for now, for the supervisor)\n\nNone.\n")
    assert report_format.weekly_csv(week).count("\n") == 1


# -- the monthly complaint rate -------------------------------------------------------

def test_monthly_markdown(month_ctx: Context) -> None:
    text = report_format.monthly_markdown(reports.monthly_complaint_rate(month_ctx, "2026-10"))
    assert text.splitlines() == [
        "# Complaint rate 2026-10",
        "",
        "Government Office Complex & Conference Building. Valid complaints registered "
        "2026-10-01 to 2026-10-31, local time (Asia/Shanghai); as of 2026-11-02 10:00.",
        "",
        "| figure | value |",
        "| --- | ---: |",
        "| valid complaints | 3 |",
        "| households (rulebook site.households) | 1200 |",
        "| complaint rate | 0.25 % |",
        "| target | below 5.00 % |",
        "| verdict | ok (below target) |",
        "| complaints registered | 5 |",
        "| inquiries logged (not registered) | 2 |",
        "",
        "| nature | count |",
        "| --- | ---: |",
        "| valid | 3 |",
        "| help | 1 |",
        "| inquiry | 0 |",
        "| venting | 1 |",
        "",
        "| category | count |",
        "| --- | ---: |",
        "| lighting | 1 |",
        "| equipment | 1 |",
        "| attitude | 1 |",
        "| quality | 2 |",
        "",
        "## Valid complaints",
        "",
        "| id | opened | category | dept | state | location | content |",
        "| ---: | --- | --- | --- | --- | --- | --- |",
        "| 2 | 2026-10-01 00:30 | quality | svc | closed | Hall 203 | Tea cups chipped |",
        "| 10 | 2026-10-27 09:00 | lighting | eng | closed | Hall 203 "
        "| Stage lights failed \\| mid-meeting |",
        "| 14 | 2026-10-31 23:30 | quality | svc | dispatched | Lounge | Lounge not cleaned |",
    ]


def test_monthly_csv(month_ctx: Context) -> None:
    text = report_format.monthly_csv(reports.monthly_complaint_rate(month_ctx, "2026-11", households=20))
    assert text.splitlines() == [
        "metric,key,value",
        "month,,2026-11",
        "valid_complaints,,1",
        "households,,20",
        "complaint_rate_percent,,5.00",
        "target_percent,,5.00",
        "below_target,,no",
        "complaints,,1",
        "inquiries,,0",
        "by_nature,valid,1",
        "by_nature,help,0",
        "by_nature,inquiry,0",
        "by_nature,venting,0",
        "by_category,attitude,1",
    ]


def _run(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    from dutyboard.tui.cli import main
    code = main(["--db", url, "--now", NOW, "--as", "boss", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_weekly_markdown_csv_and_json(month_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, month_url, "report", "weekly")
    assert code == 0
    assert out.startswith("# Weekly case summary 2026-10-26 to 2026-11-01\n")
    assert "| average time to close (h:mm) | 1d 21:20 |\n" in out

    code, out, _ = _run(capsys, month_url, "report", "weekly", "--week", "2026-11-04",
                        "--format", "csv")
    assert code == 0
    assert out.splitlines()[1] == ("case,8,2026-10-26 00:00,repair,normal,,lighting,,open,no,,,"
                                   "Corridor 3F,Lamp out,")

    code, out, _ = _run(capsys, month_url, "report", "weekly", "--json")
    data = json.loads(out)
    assert code == 0 and data["report"] == "weekly"
    assert (data["start"], data["end"], data["registered"]) == ("2026-10-26", "2026-11-01", 7)
    assert data["average_minutes_to_close"] == 2720
    assert data["cases"][0]["opened_at"] == "2026-10-26T00:00+08:00"
    assert data["unresolvable"][0]["id"] == 3


def test_cli_monthly(month_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, month_url, "report", "monthly")
    assert code == 0
    assert "| complaint rate | 0.25 % |\n| target | below 5.00 % |\n" in out

    code, out, _ = _run(capsys, month_url, "report", "monthly", "--month", "2026-11",
                        "--households", "20", "--format", "csv")
    assert code == 0 and "below_target,,no\n" in out

    code, out, _ = _run(capsys, month_url, "--json", "report", "monthly", "--month", "2026-10")
    data = json.loads(out)
    assert (data["valid_complaints"], data["households"], data["complaint_rate_percent"],
            data["below_target"]) == (3, 1200, "0.25", True)
    assert data["complaint_rate"] == 0.0025
    assert data["by_nature"] == {"valid": 3, "help": 1, "inquiry": 0, "venting": 1}


@pytest.mark.parametrize("argv, message", [
    (("report", "weekly", "--week", "2026-02-30"), "--week: not a date: '2026-02-30'"),
    (("report", "weekly", "--week", "last week"), "--week: not a date"),
    (("report", "monthly", "--month", "2026-13"), "--month: not a month: '2026-13'"),
    (("report", "monthly", "--month", "10/2026"), "use YYYY-MM"),
    (("report", "monthly", "--households", "0"), "--households: a positive number must be 1 to"),
])
def test_cli_bad_dates_are_usage_errors(month_url: str, capsys: pytest.CaptureFixture[str],
                                        argv: tuple[str, ...], message: str) -> None:
    code, out, err = _run(capsys, month_url, *argv)
    assert (code, out) == (2, "")
    assert message in err


def test_cli_bad_format_exits_2(month_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, month_url, "report", "weekly", "--format", "pdf")
    assert code == 2
    assert "--format" in err
