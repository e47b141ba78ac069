"""The command line's side of issue 9: bookings and readiness as the procedures say."""

from __future__ import annotations

import pytest
from clikit import seeded_cli


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


# -- the working calendar ---------------------------------------------------------------

@pytest.mark.parametrize(("now", "says"), [
    ("2026-11-23T10:00", ["official calendar for 2026", "no official calendar for 2027"]),
    ("2025-06-02T10:00", ["official calendar for 2025", "official calendar for 2026"]),
])
def test_rulebook_check_says_which_years_have_no_official_calendar(cli, tmp_path, now, says):
    site = tmp_path / "site.toml"
    site.write_text('[calendar]\nholidays = ["2027-02-08"]\n', encoding="utf-8")
    r = cli("rulebook", "check", str(site), now=now, json=True)
    out = r.json()
    assert out["ok"] is True
    for part in says:
        assert part in out["calendar"]
    assert ("no official" in out["calendar"]) is now.startswith("2026")
    text = cli("rulebook", "check", str(site), now=now)
    assert text.rc == 0 and f"calendar: {says[0]}" in text.out


def test_rulebook_check_with_the_official_calendar_off(cli, tmp_path):
    site = tmp_path / "site.toml"
    site.write_text("[calendar]\nofficial = false\n", encoding="utf-8")
    out = cli("rulebook", "check", str(site), json=True).json()
    assert "official calendar switched off" in out["calendar"]


# -- short notice ----------------------------------------------------------------------

def test_task_list_marks_short_notice_and_never_overdue_before_the_new_time(cli):
    ident = cli.book("Room A", "2026-11-23T11:30", "2026-11-23T12:30")   # 90 min ahead
    rows = {r["code"]: r for r in cli("task", "list", "--meeting", ident, json=True).json()}
    short = {c for c, r in rows.items() if r["short_notice"] is True}
    assert {"eng.eve.ac", "svc.eve.water", "check.level1"} <= short
    assert rows["eng.ac"]["short_notice"] is False
    assert {rows[c]["due_at"] for c in short} == {"2026-11-23T10:30+08:00"}
    assert not any(rows[c]["flag"] == "task_overdue" for c in short)
    later = {r["code"]: r for r in cli("task", "list", "--meeting", ident, json=True,
                                       now="2026-11-23T10:29").json()}
    assert {later[c]["flag"] for c in short} == {"task_due_soon"}
    late = {r["code"]: r for r in cli("task", "list", "--meeting", ident, json=True,
                                      now="2026-11-23T10:30").json()}
    assert {late[c]["flag"] for c in short} == {"task_overdue"}
    text = cli("task", "list", "--meeting", ident).out.splitlines()
    assert "short_notice" in text[0].split()
    level1 = next(line for line in text if "Level-1 check" in line)
    assert "2026-11-23T10:30+08:00  yes" in level1
    ac = next(line for line in text if " AC on" in line)
    assert "  no  " in ac


# -- the three-level check -------------------------------------------------------------------

def test_level_2_before_level_1_exits_3_naming_level_1(cli):
    ident = cli.book("Room A", "2026-11-23T14:00", "2026-11-23T15:00")
    rows = {r["code"]: r["id"] for r in cli("task", "list", "--meeting", ident, json=True).json()}
    r = cli("task", "done", rows["check.level2"], login="env-lead", now="2026-11-23T13:30")
    assert r.rc == 3 and "[check.order]" in r.err and "level 1 is still open" in r.err
    assert cli("task", "done", rows["check.level1"], login="svc-lead", now="2026-11-23T13:30").rc == 0
    assert cli("task", "done", rows["check.level2"], login="env-lead", now="2026-11-23T13:31").rc == 0


# -- reasonable gaps -------------------------------------------------------------------------

def test_a_booking_in_the_gap_exits_3_naming_the_other_meeting_and_both_times(cli):
    first = cli.book("Main hall", "2026-11-25T09:00", "2026-11-25T11:30", "--approval", "ZY-1")
    r = cli("meeting", "add", "--venue", "Main hall", "--start", "2026-11-25T12:00", "--end",
            "2026-11-25T13:00", "--title", "T", "--organizer", "O", "--contact", "C", "--phone", "1",
            "--attendees", "100", "--approval", "ZY-2", login="clerk")
    assert r.rc == 3, r.err
    assert f"[booking.gap] Main hall: this meeting's preparation starts 2026-11-25 10:00 (T-2h00m), " \
           f"before meeting {first} (2026-11-25 09:00-11:30) is cleared down at 2026-11-25 12:30 " \
           f"(E+1h00m)" in r.err
    assert len(cli("meeting", "list", "--day", "2026-11-25", json=True).json()) == 1


# -- meeting size ------------------------------------------------------------------------------

def test_meeting_add_size(cli):
    small = cli.book("Room A", "2026-11-25T09:00", "2026-11-25T10:00")        # 20 attendees
    important = cli.book("Room A", "2026-11-25T14:00", "2026-11-25T15:00", "--size", "important")
    assert cli("meeting", "show", small, json=True).json()["size"] == "small"
    shown = cli("meeting", "show", important, json=True).json()
    assert shown["size"] == "important"
    codes = {t["code"] for t in shown["tasks"]}
    assert {"desk.eve.inspect", "svc.staff", "svc.eve.banner", "svc.greet"} <= codes
    small_codes = {t["code"] for t in cli("meeting", "show", small, json=True).json()["tasks"]}
    assert "desk.eve.inspect" not in small_codes and "svc.eve.signin" not in small_codes
    r = cli("meeting", "add", "--venue", "Room A", "--start", "2026-11-26T09:00", "--end",
            "2026-11-26T10:00", "--title", "T", "--organizer", "O", "--contact", "C", "--phone", "1",
            "--attendees", "5", "--size", "huge", login="clerk")
    assert r.rc == 2 and "--size" in r.err


# -- the service notice's fields (issue 12) ----------------------------------------------

def test_meeting_add_takes_layout_and_purchases_and_show_json_gives_them_back(cli):
    ident = cli.book("Room A", "2026-11-23T16:00", "2026-11-23T17:00", "--layout", "U-shape",
                     "--purchases", "water,copying", "--services", "banner")
    shown = cli("meeting", "show", str(ident), json=True).json()
    assert (shown["layout"], shown["purchases"], shown["services"]) == \
        ("U-shape", ["copying", "water"], ["banner", "purchase"])
    bad = cli("meeting", "add", "--venue", "Room A", "--start", "2026-11-23T18:00", "--end",
              "2026-11-23T19:00", "--title", "T", "--organizer", "O", "--contact", "C", "--phone", "1",
              "--attendees", "2", "--purchases", "fireworks", login="clerk")
    assert bad.rc == 2 and "unknown purchase fireworks" in bad.err
