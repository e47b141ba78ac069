"""THE ACCEPTANCE: a class-C main-hall booking for tomorrow afternoon, taken at 10:00 on
Monday 2026-11-23, yields every department's items at the offsets of domain.md §4."""

from __future__ import annotations

import pytest
from clikit import seeded_cli

EVE = "2026-11-23T18:00+08:00"  # close of business of the working day before


def day(hhmm: str) -> str:
    return f"2026-11-24T{hhmm}+08:00"


EXPECTED = {  # code: (dept, due_at)
    # service desk: the notice is owed 2 days ahead; booked later, within 1 h of booking
    "desk.notice": ("desk", "2026-11-23T11:00+08:00"),
    "desk.inspect": ("desk", day("13:00")),
    # engineering (000 §6.2, 篇2 §5.2)
    "eng.eve.ac": ("eng", EVE),
    "eng.eve.lights": ("eng", EVE),
    "eng.eve.av": ("eng", EVE),
    "eng.fancoil": ("eng", day("12:00")),      # class C: fan coils T-2h
    "eng.ac": ("eng", day("13:00")),           # AC plant T-1h
    "eng.lights": ("eng", day("13:00")),
    "eng.mics": ("eng", day("13:00")),
    "eng.sound": ("eng", day("13:00")),
    "eng.recording": ("eng", day("13:00")),
    "eng.report": ("eng", day("13:00")),
    "eng.after.off": ("eng", day("17:30")),
    "eng.after.tally": ("eng", day("18:00")),
    "eng.after.recording": ("eng", day("17:30")),   # recorded: handed over right after
    "desk.after.fee": ("desk", day("19:00")),       # the organizer signs the fee, tally attached
    # security (000 §6.3, 篇2 §5.3)
    "sec.unlock": ("sec", day("13:00")),
    "sec.signage": ("sec", day("13:00")),
    "sec.posts": ("sec", day("13:30")),        # guard posts T-30min
    "sec.report": ("sec", day("13:30")),
    "sec.after.sweep": ("sec", day("17:30")),
    "sec.after.seal": ("sec", day("17:00")),   # sealed immediately after the meeting
    # meeting service (篇2 §5.4)
    "svc.eve.supplies": ("svc", EVE),
    "svc.eve.water": ("svc", EVE),
    "svc.eve.signin": ("svc", EVE),
    "svc.eve.ashtrays": ("svc", EVE),
    "svc.eve.tea": ("svc", EVE),
    "svc.eve.banner": ("svc", EVE),           # a main hall: at least a large meeting
    "desk.eve.inspect": ("desk", EVE),        # full inspection, then sealed (002 三(七)2)
    "svc.ac": ("svc", day("13:00")),
    "svc.cups": ("svc", day("13:00")),
    "svc.staff": ("svc", day("13:00")),
    "svc.tables": ("svc", day("13:30")),
    "svc.brew": ("svc", day("13:45")),         # T-15min
    "svc.pour": ("svc", day("13:55")),         # T-5min
    "svc.greet": ("svc", day("13:45")),        # greet at the door T-15min
    "svc.refill.1": ("svc", day("14:30")),     # every 30 min in a main hall
    "svc.refill.2": ("svc", day("15:00")),
    "svc.refill.3": ("svc", day("15:30")),
    "svc.refill.4": ("svc", day("16:00")),
    "svc.refill.5": ("svc", day("16:30")),
    "svc.after.clear": ("svc", day("17:30")),
    "svc.after.count": ("svc", day("18:00")),
    # cleaning (篇2 §5.5)
    "env.eve.route": ("env", EVE),
    "env.eve.venue": ("env", EVE),
    "env.after.clear": ("env", day("18:00")),
    # the three-level check (002 管理要点 4)
    "check.level1": ("svc", day("12:00")),     # T-2h
    "check.level2": ("env", day("13:00")),     # T-1h
    "check.level3": ("desk", day("13:30")),    # T-30min
}


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def test_class_c_main_hall_tomorrow_afternoon(cli):
    added = cli("meeting", "add", "--venue", "Main hall", "--start", "2026-11-24T14:00",
                "--end", "2026-11-24T17:00", "--title", "District safety conference",
                "--organizer", "Emergency Management Bureau", "--contact", "Mr Zhao",
                "--phone", "0571-8800 1234", "--attendees", "600",
                "--services", "banner,water,recording", "--approval", "ZY-2026-107",
                login="clerk", now="2026-11-23T10:00", json=True).json()
    assert (added["class"], added["kind"], added["approval_ref"]) == ("C", "main-hall", "ZY-2026-107")
    assert (added["start_at"], added["end_at"]) == (day("14:00"), day("17:00"))
    assert added["booked_at"] == "2026-11-23T10:00+08:00"
    assert added["tasks"] == len(EXPECTED)

    rows = cli("task", "list", "--meeting", added["id"], "--json", now="2026-11-23T10:00").json()
    for row in rows:
        assert {"id", "meeting_id", "dept", "title", "due_at", "state", "flag"} <= set(row)
        assert row["meeting_id"] == added["id"] and row["state"] == "pending"
        assert row["flag"] is None
    got = {row["code"]: (row["dept"], row["due_at"]) for row in rows}
    assert got == EXPECTED
    assert [r["due_at"] for r in rows] == sorted(r["due_at"] for r in rows)  # in due order
    verify = {r["code"] for r in rows if r["verify"]}
    assert verify == {"eng.report", "sec.report", "check.level3"}  # the duty officer verifies


def test_the_same_items_in_the_text_table(cli):
    ident = cli.book("Main hall", "2026-11-24T14:00", "2026-11-24T17:00", "--approval", "ZY-1")
    r = cli("task", "list", "--meeting", ident, "--dept", "eng")
    assert r.rc == 0
    lines = r.out.splitlines()
    assert lines[0].split() == ["id", "meeting_id", "dept", "due_at", "short_notice", "state", "flag",
                                "title"]
    assert any("2026-11-24T12:00+08:00" in line and "Fan coils on" in line for line in lines)
    assert all(" eng " in line for line in lines[1:])
    eng = {code for code, (dept, _) in EXPECTED.items() if dept == "eng"}
    assert len(lines) - 1 == len(eng - {"eng.recording", "eng.after.recording"})  # no recording
