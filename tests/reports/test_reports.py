"""The Monday summary and the monthly complaint rate against a hand-computed October 2026.

Every figure below was worked out by hand from the ticket table in ``build_month``
(local Shanghai times, UTC+8); the reports must reproduce it exactly. The boundaries are
the point: 2026-10-31 23:30 local is October although it is 15:30 UTC, 2026-11-01 00:10
local is November although its UTC date is 31 October, 2026-11-02 00:05 local is
Monday (out of the week) although its UTC date is Sunday 1 November.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from fractions import Fraction

import pytest
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.rules.reports import (
    below_target,
    complaint_rate,
    mean_duration,
    month_days,
    parse_month,
    percent,
    previous_month,
    previous_week,
)
from dutyboard.store import admin, reports, tickets
from dutyboard.store.context import Context
from dutyboard.tui.cli import report_format

TZ = "Asia/Shanghai"
NOW = "2026-11-02 10:00"  # Monday: the summary covers Mon 26 Oct .. Sun 1 Nov

# id: local opened, kind, priority, nature, category, location, content, (inquiry)
#  1  09-30 23:50 complaint valid attitude    September (15:50 UTC on 30 Sep)
#  2  10-01 00:30 complaint valid quality     October (UTC 30 Sep); svc; closed 10-01 02:30
#  3  10-12 10:00 repair normal other         eng; closed UNRESOLVABLE 10-29 16:00 by boss
#  4  10-14 10:00 complaint help equipment    October, communicative
#  5  10-20 09:00 complaint venting attitude  October, communicative
#  6  10-25 23:00 repair, inquiry only        October; the Sunday before the week
#  7  10-25 23:59 repair normal lighting      Sunday before the week: out
#  8  10-26 00:00 repair normal lighting      first minute of the week; never dispatched
#  9  10-26 08:45 complaint inquiry, inquiry only  in the week: counted, not registered
# 10  10-27 09:00 complaint valid lighting    eng 09:10; resolved 11:00; closed 11:30 (2:30)
# 11  10-28 14:00 repair normal water         eng; signed 16:00; closed Mon 11-02 09:30 (4d 19:30)
# 12  10-29 10:00 repair urgent power         eng; follow-up; escalated 17:30; still open
# 13  10-30 15:00 repair emergency power      escalated at once; sec; closed 10-31 09:00 (18:00)
# 14  10-31 23:30 complaint valid quality     October (15:30 UTC); svc; still open
# 15  11-01 00:10 complaint valid attitude    November (UTC 10-31 16:10); in the week; open
# 16  11-02 00:05 repair normal heating       Monday local (UTC Sunday): out of the week


def at(text: str):  # noqa: ANN201 - an arrow.Arrow
    return parse_instant(text, TZ)


def _ticket(ctx: Context, when: str, kind: str, content: str, location: str, *,
            priority: str = "normal", nature: str | None = None, category: str | None = None,
            inquiry: bool = False) -> int:
    ctx.clock = FrozenClock(at(when))
    data = tickets.TicketInput(kind=kind, channel="phone", location=location, contact="Ms Zhao",
                               content=content, priority=priority, nature=nature,
                               category=category, phone="13800001111")
    return tickets.open_ticket(ctx, data, inquiry=inquiry).id


def _at(ctx: Context, when: str, login: str = "lin") -> Context:
    ctx.clock = FrozenClock(at(when))
    ctx.login = login
    return ctx


def build_month(ctx: Context) -> None:
    admin.init_site(ctx)                                     # boss, the manager
    admin.add_user(ctx, "lin", "clerk", depts=["desk"])
    admin.add_user(ctx, "wang", "supervisor", depts=["desk"])
    # this site holds its quarterly review of unresolvable cases at the end of October
    admin.set_rulebook(ctx, "[closing]\nunresolvable_review_months = [1, 4, 7, 10]\n"
                            "unresolvable_review_days = [29, 31]\n", "review.toml")
    ctx.reload_rulebook()
    ctx.login = "lin"
    ids = [
        _ticket(ctx, "2026-09-30 23:50", "complaint", "Guard was rude", "Lobby",
                nature="valid", category="attitude"),
        _ticket(ctx, "2026-10-01 00:30", "complaint", "Tea cups chipped", "Hall 203",
                nature="valid", category="quality"),
        _ticket(ctx, "2026-10-12 10:00", "repair", "Roof leak over hall 203", "Roof",
                category="other"),
    ]
    tickets.dispatch(_at(ctx, "2026-10-01 00:40"), 2, "svc")
    tickets.resolve(_at(ctx, "2026-10-01 02:00"), 2, "Cups replaced, apology made")
    tickets.close(_at(ctx, "2026-10-01 02:30"), 2)
    tickets.dispatch(_at(ctx, "2026-10-12 10:10"), 3, "eng")
    ids += [
        _ticket(ctx, "2026-10-14 10:00", "complaint", "Cannot find projector remote", "Room 305",
                nature="help", category="equipment"),
        _ticket(ctx, "2026-10-20 09:00", "complaint", "Angry about parking fees", "Car park",
                nature="venting", category="attitude"),
        _ticket(ctx, "2026-10-25 23:00", "repair", "When is the AC serviced?", "Room 101",
                inquiry=True),
        _ticket(ctx, "2026-10-25 23:59", "repair", "Light flickers", "Corridor 2F",
                category="lighting"),
        _ticket(ctx, "2026-10-26 00:00", "repair", "Lamp out", "Corridor 3F", category="lighting"),
        _ticket(ctx, "2026-10-26 08:45", "complaint", "Asked about booking rules", "Phone",
                nature="inquiry", inquiry=True),
        _ticket(ctx, "2026-10-27 09:00", "complaint", "Stage lights failed | mid-meeting",
                "Hall 203", nature="valid", category="lighting"),
    ]
    tickets.dispatch(_at(ctx, "2026-10-27 09:10"), 10, "eng")
    tickets.resolve(_at(ctx, "2026-10-27 11:00"), 10, "Dimmer pack replaced")
    tickets.close(_at(ctx, "2026-10-27 11:30"), 10)
    ids.append(_ticket(ctx, "2026-10-28 14:00", "repair", "Tap leaking", "Toilet 2F",
                       category="water"))
    tickets.dispatch(_at(ctx, "2026-10-28 14:05"), 11, "eng")
    tickets.resolve(_at(ctx, "2026-10-28 16:00"), 11, "Washer replaced", signed=True)
    ids.append(_ticket(ctx, "2026-10-29 10:00", "repair", "UPS alarm", "Server room",
                       priority="urgent", category="power"))
    tickets.dispatch(_at(ctx, "2026-10-29 10:05"), 12, "eng")
    tickets.follow_up(_at(ctx, "2026-10-29 12:05"), 12, "Vendor called")
    tickets.close(_at(ctx, "2026-10-29 16:00", "boss"), 3, unresolvable=True,
                  reason="Needs capital works by the owner")
    tickets.escalate(_at(ctx, "2026-10-29 17:30"), 12, "Nothing arranged by close of day")
    ids.append(_ticket(ctx, "2026-10-30 15:00", "repair", "Power cut in main hall", "Main hall",
                       priority="emergency", category="power"))
    tickets.dispatch(_at(ctx, "2026-10-30 15:02"), 13, "sec")
    tickets.resolve(_at(ctx, "2026-10-31 08:00"), 13, "Breaker replaced", signed=True)
    tickets.close(_at(ctx, "2026-10-31 09:00", "boss"), 13)
    ctx.login = "lin"
    ids.append(_ticket(ctx, "2026-10-31 23:30", "complaint", "Lounge not cleaned", "Lounge",
                       nature="valid", category="quality"))
    tickets.dispatch(_at(ctx, "2026-10-31 23:40"), 14, "svc")
    ids += [
        _ticket(ctx, "2026-11-01 00:10", "complaint", "Guard refused entry", "East gate",
                nature="valid", category="attitude"),
        _ticket(ctx, "2026-11-02 00:05", "repair", "Radiator cold", "Room 101",
                category="heating"),
    ]
    tickets.close(_at(ctx, "2026-11-02 09:30"), 11)
    assert ids == list(range(1, 17))
    _at(ctx, NOW, "nobody-here")  # reports are read-only: an unknown login may run them


@pytest.fixture
def month_ctx(db_url: str, make_ctx) -> Context:  # noqa: ANN001
    ctx = make_ctx(db_url, "boss", NOW)
    build_month(ctx)
    return ctx


@pytest.fixture
def month_url(sqlite_url: str, make_ctx) -> str:  # noqa: ANN001
    """The same month in a SQLite file, closed again, for the command line to open."""
    ctx = make_ctx(sqlite_url, "boss", NOW)
    build_month(ctx)
    ctx.db.close()
    return sqlite_url


# -- pure arithmetic ------------------------------------------------------------------

def test_previous_week_is_monday_to_sunday_before_the_monday_on_or_before() -> None:
    week = (date(2026, 10, 26), date(2026, 11, 1))
    assert previous_week(date(2026, 11, 2)) == week          # a Monday
    assert previous_week(date(2026, 11, 8)) == week          # the Sunday after
    assert previous_week(date(2026, 11, 1)) == (date(2026, 10, 19), date(2026, 10, 25))
    assert previous_week(date(2027, 1, 4)) == (date(2026, 12, 28), date(2027, 1, 3))


def test_months() -> None:
    assert parse_month("2026-10") == (2026, 10)
    assert previous_month(date(2026, 11, 2)) == (2026, 10)
    assert previous_month(date(2027, 1, 31)) == (2026, 12)
    assert month_days(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
    assert month_days(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    for bad in ("2026-13", "2026-00", "2026-1", "26-10", "October", "2026-10-01", ""):
        with pytest.raises(ValueError, match="YYYY-MM"):
            parse_month(bad)


def test_rate_percent_and_target() -> None:
    rate = complaint_rate(3, 1200)
    assert rate == Fraction(1, 400)
    assert percent(rate) == "0.25"
    assert percent(0.05) == "5.00"
    assert percent(complaint_rate(1, 1200)) == "0.08"       # 0.0833...
    assert percent(complaint_rate(1, 8)) == "12.50"
    assert percent(Fraction(1, 800)) == "0.13"              # 0.125, half up
    assert below_target(rate, 0.05)
    assert not below_target(complaint_rate(60, 1200), 0.05)  # exactly 5 % is not below 5 %
    assert below_target(complaint_rate(59, 1200), 0.05)
    with pytest.raises(ValueError, match="households"):
        complaint_rate(1, 0)


def test_mean_duration() -> None:
    assert mean_duration([]) is None
    assert mean_duration([timedelta(minutes=150), timedelta(minutes=6930),
                          timedelta(minutes=1080)]) == timedelta(minutes=2720)


# -- the Monday summary ---------------------------------------------------------------

def test_weekly_figures(month_ctx: Context) -> None:
    week = reports.weekly_summary(month_ctx)
    assert (week.start, week.end) == (date(2026, 10, 26), date(2026, 11, 1))
    assert [c.id for c in week.cases] == [8, 10, 11, 12, 13, 14, 15]
    assert week.registered == 7
    assert week.by_kind == {"repair": 4, "complaint": 3}
    assert week.by_priority == {"normal": 5, "urgent": 1, "emergency": 1}
    assert week.by_dept == {"eng": 3, "sec": 1, "svc": 1, "undispatched": 2}
    assert (week.closed, week.still_open) == (3, 4)         # 10, 11 (closed Monday), 13
    assert (week.escalated, week.emergencies, week.inquiries) == (2, 1, 1)
    # (2:30 + 4d 19:30 + 18:00) / 3 = 8160 min / 3 = 2720 min = 45:20
    assert week.average_to_close == timedelta(hours=45, minutes=20)
    assert [(c.id, c.close_reason, c.approved_by) for c in week.unresolvable] == [
        (3, "Needs capital works by the owner", "boss")]
    # any day of the following week asks for the same summary
    assert reports.weekly_summary(month_ctx, date(2026, 11, 8)).registered == 7
    earlier = reports.weekly_summary(month_ctx, date(2026, 10, 26))  # 19..25 Oct
    assert [c.id for c in earlier.cases] == [5, 7]
    assert (earlier.inquiries, earlier.unresolvable) == (1, ())


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

def test_monthly_figures(month_ctx: Context) -> None:
    october = reports.monthly_complaint_rate(month_ctx)       # default: the previous month
    assert october.month == "2026-10"
    assert [c.id for c in october.valid_cases] == [2, 10, 14]  # not 1 (Sep), not 15 (Nov)
    assert (october.valid_complaints, october.households) == (3, 1200)
    assert october.rate == Fraction(3, 1200)
    assert october.below_target and october.target == 0.05
    assert october.complaints == 5 and october.inquiries == 2  # inquiries 6 and 9
    assert october.by_nature == {"valid": 3, "help": 1, "inquiry": 0, "venting": 1}
    assert october.by_category == {"lighting": 1, "equipment": 1, "attitude": 1, "quality": 2}

    september = reports.monthly_complaint_rate(month_ctx, "2026-09")
    assert ([c.id for c in september.valid_cases], percent(september.rate)) == ([1], "0.08")

    november = reports.monthly_complaint_rate(month_ctx, "2026-11", households=20)
    assert [c.id for c in november.valid_cases] == [15]
    assert (percent(november.rate), november.below_target) == ("5.00", False)  # 1/20: at target
    assert november.households_from == "--households"


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


def test_monthly_refuses_bad_input(month_ctx: Context) -> None:
    from dutyboard.store.errors import UsageError
    with pytest.raises(UsageError, match="--month: not a month: '2026-13'"):
        reports.monthly_complaint_rate(month_ctx, "2026-13")
    with pytest.raises(UsageError, match="--households must be a positive number"):
        reports.monthly_complaint_rate(month_ctx, "2026-10", households=0)


# -- the command line -----------------------------------------------------------------

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
