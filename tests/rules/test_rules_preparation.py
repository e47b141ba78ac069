"""Preparation tasks derived from a booking (domain §3-§4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dutyboard.rules import Booking, TaskSpec, derive_tasks, load_rulebook, parse_instant
from dutyboard.rules.rulebook import Rulebook

TZ = "Asia/Shanghai"


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, TZ)


def local(instant) -> str:  # noqa: ANN001
    return instant.to(TZ).format("YYYY-MM-DD HH:mm")


def booking(start: str, end: str, booked: str, cls: str = "C", kind: str = "main-hall",
            services: tuple[str, ...] = ("water", "microphones")) -> Booking:
    return Booking("Main Hall", cls, kind, 1200, at(start), at(end), 300, at(booked),
                   frozenset(services), "ADM-1" if cls == "C" else None)


def by_code(specs: list[TaskSpec]) -> dict[str, TaskSpec]:
    return {s.code: s for s in specs}


def dues(specs: list[TaskSpec]) -> dict[str, str]:
    return {s.code: local(s.due) for s in specs}


# A class-C main-hall meeting tomorrow (Tuesday 2026-11-24) 14:00-16:00, booked Monday 10:00.
EVE = "2026-11-23 18:00"
MAIN_HALL_TOMORROW = {
    # day before, at the previous working day's close of business
    "eng.eve.ac": EVE, "eng.eve.lights": EVE, "eng.eve.av": EVE,
    "svc.eve.supplies": EVE, "svc.eve.water": EVE, "svc.eve.signin": EVE,
    "svc.eve.ashtrays": EVE, "svc.eve.tea": EVE,
    "env.eve.route": EVE, "env.eve.venue": EVE,
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
    "svc.brew": "2026-11-24 13:45", "svc.pour": "2026-11-24 13:55",
    # refills every 30 min during the meeting (not at the end)
    "svc.refill.1": "2026-11-24 14:30", "svc.refill.2": "2026-11-24 15:00",
    "svc.refill.3": "2026-11-24 15:30",
    # E+30min and E+1h
    "eng.after.off": "2026-11-24 16:30", "sec.after.sweep": "2026-11-24 16:30",
    "svc.after.clear": "2026-11-24 16:30",
    "eng.after.tally": "2026-11-24 17:00", "sec.after.seal": "2026-11-24 17:00",
    "svc.after.count": "2026-11-24 17:00", "env.after.clear": "2026-11-24 17:00",
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
def test_service_items_only_when_requested(book: Rulebook, service: str, code: str, due: str,
                                           main_hall_tasks: list[TaskSpec]) -> None:
    assert code not in by_code(main_hall_tasks)
    b = booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-23 10:00", services=("water", service))
    assert local(by_code(derive_tasks(b, book))[code].due) == due


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
    # the halls' podium items the day before are not for breakout rooms
    assert "svc.eve.ashtrays" not in breakout and "svc.eve.tea" not in breakout


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
    assert len(eve_items) == 10
    assert {local(s.due) for s in eve_items} == {eve}


def test_make_up_workday_is_an_eve(tmp_path) -> None:  # noqa: ANN001
    site = tmp_path / "site.toml"
    site.write_text('[calendar]\nextra_workdays = ["2026-11-21"]\n', encoding="utf-8")
    specs = derive_tasks(booking("2026-11-23 09:00", "2026-11-23 11:00", "2026-11-01 10:00"),
                         load_rulebook(site))
    assert local(by_code(specs)["eng.eve.ac"].due) == "2026-11-21 18:00"   # Saturday, worked


# -- short notice: a legal booking is not born overdue (domain §3) ---------------------------

def overdue_at(specs: list[TaskSpec], now: str, book: Rulebook) -> list[str]:
    from dutyboard.rules import TaskFact, task_flag
    facts = [TaskFact(i, 1, s.dept, s.code, s.due, "pending", s.verify, specs[0].due,
                      short_notice=s.short_notice) for i, s in enumerate(specs)]
    return [specs[f.id].code for f in facts
            if (flag := task_flag(f, book, at(now))) is not None and flag.kind == "task_overdue"]


def test_class_a_booked_90_minutes_ahead_is_not_born_overdue(book: Rulebook) -> None:
    b = booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 12:30", cls="A",
                kind="meeting-room")
    specs = derive_tasks(b, book)
    short = {s.code for s in specs if s.short_notice}
    # the day-before items and the T-2h level-1 check had passed when it was booked
    assert {"eng.eve.ac", "eng.eve.lights", "eng.eve.av", "svc.eve.supplies", "svc.eve.water",
            "env.eve.route", "env.eve.venue", "check.level1"} <= short
    assert "check.level2" not in short and "eng.ac" not in short   # T-1h = 13:00, still ahead
    for s in specs:
        if s.short_notice:   # due 30 min after booking ([booking] asap), open for check-off now
            assert (local(s.due), local(s.earliest)) == ("2026-11-23 13:00", "2026-11-23 12:30")
    assert overdue_at(specs, "2026-11-23 12:30", book) == []
    assert overdue_at(specs, "2026-11-23 12:59", book) == []
    assert set(overdue_at(specs, "2026-11-23 13:00", book)) == short | {
        s.code for s in specs if local(s.due) == "2026-11-23 13:00"}


def test_class_c_booked_after_close_for_the_next_evening(book: Rulebook) -> None:
    b = booking("2026-11-24 19:00", "2026-11-24 21:00", "2026-11-23 19:00")
    specs = by_code(derive_tasks(b, book))
    eve = [s for s in specs.values() if ".eve." in s.code]
    assert len(eve) == 10 and all(s.short_notice and local(s.due) == "2026-11-23 19:30" for s in eve)
    notice = specs["desk.notice"]   # its own asap: 1 h
    assert notice.short_notice and local(notice.due) == "2026-11-23 20:00"
    assert not specs["check.level1"].short_notice
    assert local(specs["check.level1"].due) == "2026-11-24 17:00"
    assert overdue_at(list(specs.values()), "2026-11-23 19:29", book) == []


def test_short_notice_is_never_due_after_the_start(book: Rulebook) -> None:
    b = booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 13:45", cls="A",
                kind="meeting-room")
    specs = derive_tasks(b, book)
    assert all(local(s.due) == "2026-11-23 14:00" for s in specs if s.short_notice)
    assert by_code(specs)["svc.brew"].short_notice   # T-15min = booking time: due asap too


def test_booked_in_good_time_nothing_is_short_notice(main_hall_tasks: list[TaskSpec]) -> None:
    assert [s.code for s in main_hall_tasks if s.short_notice] == ["desk.notice"]


def test_asap_is_a_rulebook_setting() -> None:
    book = load_rulebook(texts=(("site", '[booking]\nasap = "10m"\n'),))
    b = booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 12:30", cls="A",
                kind="meeting-room")
    assert local(by_code(derive_tasks(b, book))["check.level1"].due) == "2026-11-23 12:40"


def test_short_notice_flag_says_so(book: Rulebook) -> None:
    from dutyboard.rules import TaskFact, task_flag
    fact = TaskFact(1, 7, "svc", "Bottled water", at("2026-11-23 13:00"), "pending", False,
                    at("2026-11-23 14:00"), short_notice=True)
    assert task_flag(fact, book, at("2026-11-23 12:29")) is None
    soon = task_flag(fact, book, at("2026-11-23 12:30"))
    assert soon is not None and soon.kind == "task_due_soon" and "short notice" in soon.message


# -- the three-level check is a control (002 管理要点 4) --------------------------------------

def levels(l1: str, l2: str, l3: str) -> dict[str, str]:
    return {"check.level1": l1, "check.level2": l2, "check.level3": l3, "eng.ac": "pending"}


@pytest.mark.parametrize(("code", "states", "still_open"), [
    ("check.level2", levels("pending", "pending", "pending"), "while level 1 is still open"),
    ("check.level3", levels("pending", "pending", "pending"), "while level 1 and level 2 are still open"),
    ("check.level3", levels("done", "pending", "pending"), "while level 2 is still open"),
    ("check.level3", levels("pending", "done", "pending"), "while level 1 is still open"),
])
def test_a_level_is_not_checked_while_a_level_below_is_open(code: str, states: dict[str, str],
                                                           still_open: str) -> None:
    from dutyboard.rules import RuleViolation
    from dutyboard.rules.preparation import check_three_levels
    with pytest.raises(RuleViolation) as err:
        check_three_levels(code, "done", states, 7)
    assert err.value.rule == "check.order"
    assert still_open in str(err.value) and "meeting 7" in str(err.value)


@pytest.mark.parametrize(("code", "states"), [
    ("check.level1", levels("pending", "pending", "pending")),
    ("check.level2", levels("done", "pending", "pending")),
    ("check.level2", levels("verified", "pending", "pending")),
    ("check.level3", levels("done", "verified", "pending")),
    ("eng.ac", levels("pending", "pending", "pending")),        # not a check item
])
def test_in_order_the_levels_are_checked(code: str, states: dict[str, str]) -> None:
    from dutyboard.rules.preparation import check_three_levels
    check_three_levels(code, "done", states, 7)   # raises if refused


def test_a_level_is_not_undone_under_a_checked_level_above() -> None:
    from dutyboard.rules import RuleViolation
    from dutyboard.rules.preparation import check_three_levels
    with pytest.raises(RuleViolation, match="level 1 .* cannot be undone while level 2 is checked off"):
        check_three_levels("check.level1", "undo", levels("done", "done", "pending"), 7)
    check_three_levels("check.level2", "undo", levels("done", "done", "pending"), 7)
    check_three_levels("check.level1", "undo", levels("done", "pending", "pending"), 7)
