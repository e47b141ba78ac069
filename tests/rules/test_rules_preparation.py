"""Preparation tasks derived from a booking (domain §3-§4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dutyboard.rules import TaskSpec, derive_tasks, load_rulebook
from dutyboard.rules.rulebook import Rulebook
from prepkit import TZ, at, booking, by_code, dues, local, sized

# A class-C main-hall meeting tomorrow (Tuesday 2026-11-24) 14:00-16:00, booked Monday 10:00.
EVE = "2026-11-23 18:00"
MAIN_HALL_TOMORROW = {
    # day before, at the previous working day's close of business
    "eng.eve.ac": EVE, "eng.eve.lights": EVE, "eng.eve.av": EVE,
    "svc.eve.supplies": EVE, "svc.eve.water": EVE, "svc.eve.signin": EVE,
    "svc.eve.ashtrays": EVE, "svc.eve.tea": EVE,
    "env.eve.route": EVE, "env.eve.venue": EVE,
    # a large meeting (a main hall is at least large): banner and full inspection the day before
    "svc.eve.banner": EVE, "desk.eve.inspect": EVE,
    # notice: T-2d had passed when booked, so within 1 h of the booking
    "desk.notice": "2026-11-23 11:00",
    # T-2h
    "eng.fancoil": "2026-11-24 12:00", "check.level1": "2026-11-24 12:00",
    # T-1h
    "desk.inspect": "2026-11-24 13:00", "eng.ac": "2026-11-24 13:00",
    "eng.lights": "2026-11-24 13:00", "eng.mics": "2026-11-24 13:00",
    "eng.sound": "2026-11-24 13:00", "eng.report": "2026-11-24 13:00",
    "sec.unlock": "2026-11-24 13:00", "sec.signage": "2026-11-24 13:00",
    "svc.ac": "2026-11-24 13:00", "svc.cups": "2026-11-24 13:00", "svc.staff": "2026-11-24 13:00",
    "check.level2": "2026-11-24 13:00",
    # T-30min
    "sec.posts": "2026-11-24 13:30", "sec.report": "2026-11-24 13:30",
    "svc.tables": "2026-11-24 13:30", "check.level3": "2026-11-24 13:30",
    # tea
    "svc.brew": "2026-11-24 13:45", "svc.pour": "2026-11-24 13:55", "svc.greet": "2026-11-24 13:45",
    # refills every 30 min during the meeting (not at the end)
    "svc.refill.1": "2026-11-24 14:30", "svc.refill.2": "2026-11-24 15:00",
    "svc.refill.3": "2026-11-24 15:30",
    # E+30min and E+1h
    "eng.after.off": "2026-11-24 16:30", "sec.after.sweep": "2026-11-24 16:30",
    "svc.after.clear": "2026-11-24 16:30",
    "eng.after.tally": "2026-11-24 17:00", "sec.after.seal": "2026-11-24 16:00",   # sealed at once
    "svc.after.count": "2026-11-24 17:00", "env.after.clear": "2026-11-24 17:00",
    "desk.after.fee": "2026-11-24 18:00",   # the organizer signs the fee, the tally attached
}


@pytest.fixture(scope="module")
def main_hall_tasks(book: Rulebook) -> list[TaskSpec]:
    return derive_tasks(booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-23 10:00"), book)


def test_class_c_main_hall_tomorrow_every_task_and_due_time(main_hall_tasks: list[TaskSpec]) -> None:
    assert dues(main_hall_tasks) == MAIN_HALL_TOMORROW


def test_tasks_are_sorted_by_due_then_code(main_hall_tasks: list[TaskSpec]) -> None:
    assert [(s.due, s.code) for s in main_hall_tasks] == sorted((s.due, s.code) for s in main_hall_tasks)


def test_readiness_reports_need_verification(main_hall_tasks: list[TaskSpec]) -> None:
    assert {s.code for s in main_hall_tasks if s.verify} == {"eng.report", "sec.report", "check.level3"}
    tasks = by_code(main_hall_tasks)
    assert (tasks["eng.report"].dept, tasks["sec.report"].dept) == ("eng", "sec")


def test_three_level_check_owners(main_hall_tasks: list[TaskSpec]) -> None:
    tasks = by_code(main_hall_tasks)
    assert [tasks[f"check.level{n}"].dept for n in (1, 2, 3)] == ["svc", "env", "desk"]


@pytest.mark.parametrize(("code", "earliest"), [
    ("eng.eve.ac", "2026-11-23 08:00"),     # eve items: from the opening of the eve day (window 10h)
    ("eng.ac", "2026-11-24 12:00"),         # default window 1h
    ("svc.brew", "2026-11-24 13:30"),       # 15 min window
    ("svc.pour", "2026-11-24 13:45"),       # 10 min window
    ("svc.refill.1", "2026-11-24 14:25"),   # 5 min before each refill
    ("desk.notice", "2026-11-23 10:00"),    # short notice: from the booking itself
])
def test_earliest_check_off(main_hall_tasks: list[TaskSpec], code: str, earliest: str) -> None:
    assert local(by_code(main_hall_tasks)[code].earliest) == earliest


def test_fan_coils_only_for_class_c(book: Rulebook) -> None:
    b = booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-23 10:00", cls="B", kind="report-hall")
    codes = by_code(derive_tasks(b, book))
    assert "eng.fancoil" not in codes
    assert local(codes["eng.ac"].due) == "2026-11-24 13:00"


@pytest.mark.parametrize(("service", "code", "due"), [
    ("recording", "eng.recording", "2026-11-24 13:00"),
    ("banner", "svc.eve.banner", EVE),
])
def test_service_items_only_when_requested(book: Rulebook, service: str, code: str, due: str) -> None:
    """In a small meeting (a banner is owed anyway for medium and larger ones)."""
    assert code not in by_code(derive_tasks(sized(10, services=("water",)), book))
    assert local(by_code(derive_tasks(sized(10, services=("water", service)), book))[code].due) == due


# -- refills ---------------------------------------------------------------------------

def refills(specs: list[TaskSpec]) -> list[str]:
    return [local(s.due)[11:] for s in specs if s.code.startswith("svc.refill.")]


@pytest.mark.parametrize(("kind", "cls", "end", "expected"), [
    ("main-hall", "C", "16:00", ["14:30", "15:00", "15:30"]),
    ("report-hall", "B", "15:31", ["14:30", "15:00", "15:30"]),
    ("press-hall", "B", "15:00", ["14:30"]),
    ("breakout", "A", "15:00", ["14:30"]),
    ("presidium-hall", "C", "17:00", []),                      # no refills
    ("meeting-room", "A", "15:00", ["14:15", "14:30", "14:45"]),  # small meetings: every 15 min
    ("main-hall", "C", "14:30", []),                           # none at the very end
])
def test_refill_intervals(book: Rulebook, kind: str, cls: str, end: str, expected: list[str]) -> None:
    b = booking("2026-11-24 14:00", f"2026-11-24 {end}", "2026-11-20 10:00", cls=cls, kind=kind)
    assert refills(derive_tasks(b, book)) == expected


@pytest.mark.parametrize(("season", "expected"), [
    ("summer", ["14:10", "14:25", "14:50", "15:15", "15:40"]),   # 10, 15, then every 25
    ("winter", ["14:15", "14:35", "15:00", "15:25", "15:50"]),   # 15, 20, then every 25
])
def test_seasonal_refill_schedule(tmp_path, season: str, expected: list[str]) -> None:  # noqa: ANN001
    site = tmp_path / "site.toml"
    site.write_text(f'[kind.main-hall]\nrefill_schedule = "{season}"\n', encoding="utf-8")
    seasonal = load_rulebook(site)
    b = booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-20 10:00")
    specs = [s for s in derive_tasks(b, seasonal) if s.code.startswith("svc.refill.")]
    assert refills(specs) == expected
    assert [s.code for s in specs] == [f"svc.refill.{n}" for n in range(1, len(expected) + 1)]
    assert all(s.dept == "svc" for s in specs)


# -- venue kinds ---------------------------------------------------------------------

BREAKOUT_ONLY = {"svc.ashtrays": "2026-11-24 12:30", "svc.toilets": "2026-11-24 13:00",
                 "svc.windows": "2026-11-24 13:30"}


def test_breakout_only_items(book: Rulebook, main_hall_tasks: list[TaskSpec]) -> None:
    b = booking("2026-11-24 14:00", "2026-11-24 15:00", "2026-11-20 10:00", cls="A", kind="breakout")
    breakout = dues(derive_tasks(b, book))
    assert {code: breakout[code] for code in BREAKOUT_ONLY} == BREAKOUT_ONLY
    assert not set(BREAKOUT_ONLY) & set(by_code(main_hall_tasks))
    # the halls' ashtrays the day before are not for breakout rooms; tea utensils are (domain §4)
    assert "svc.eve.ashtrays" not in breakout and breakout["svc.eve.tea"] == "2026-11-23 18:00"


def test_meeting_room_gets_no_departmental_notice(book: Rulebook) -> None:
    b = booking("2026-11-26 14:00", "2026-11-26 15:00", "2026-11-20 10:00", cls="A", kind="meeting-room")
    assert "desk.notice" not in by_code(derive_tasks(b, book))


# -- the desk's service notice: T-2d, or within 1 h of a late booking ------------------------

@pytest.mark.parametrize(("booked", "due"), [
    ("2026-11-20 10:00", "2026-11-24 14:00"),   # in good time: T-2d
    ("2026-11-24 13:00", "2026-11-24 14:00"),   # booked 1 h before T-2d: still T-2d
    ("2026-11-24 13:01", "2026-11-24 14:01"),   # later: within 1 h of the booking
    ("2026-11-25 20:00", "2026-11-25 21:00"),
    ("2026-11-26 13:30", "2026-11-26 14:00"),   # never after the meeting starts
])
def test_desk_notice(book: Rulebook, booked: str, due: str) -> None:
    b = booking("2026-11-26 14:00", "2026-11-26 16:00", booked)
    notice = by_code(derive_tasks(b, book))["desk.notice"]
    assert local(notice.due) == due
    assert notice.dept == "desk"
    assert book.department_notice == timedelta(days=2)


# -- the eve ---------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "eve"), [
    ("2026-11-23 09:00", "2026-11-20 18:00"),   # Monday meeting: Friday
    ("2027-01-04 09:00", "2026-12-31 18:00"),   # Monday after the New Year holiday: Thursday
    ("2026-10-08 09:00", "2026-09-30 18:00"),   # after the National Day holidays
    ("2026-10-12 09:00", "2026-10-10 18:00"),   # Monday after National Day: make-up Saturday
])
def test_eve_items_fall_on_the_previous_working_day(book: Rulebook, start: str, eve: str) -> None:
    end = at(start).shift(hours=2).to(TZ).format("YYYY-MM-DD HH:mm")
    specs = derive_tasks(booking(start, end, "2026-09-01 10:00"), book)
    eve_items = [s for s in specs if ".eve." in s.code]
    assert len(eve_items) == 12   # a large meeting: 10, banner and the full inspection
    assert {local(s.due) for s in eve_items} == {eve}


def test_make_up_workday_is_an_eve(tmp_path) -> None:  # noqa: ANN001
    site = tmp_path / "site.toml"
    site.write_text('[calendar]\nextra_workdays = ["2026-11-21"]\n', encoding="utf-8")
    specs = derive_tasks(booking("2026-11-23 09:00", "2026-11-23 11:00", "2026-11-01 10:00"),
                         load_rulebook(site))
    assert local(by_code(specs)["eng.eve.ac"].due) == "2026-11-21 18:00"   # Saturday, worked
