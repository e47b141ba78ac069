"""Bookings as the procedures say (issue 9): short notice, the three-level check as a control,
meeting size and the per-kind items of domain §4."""

from __future__ import annotations

import pytest
from dutyboard.rules import Booking, TaskSpec, derive_tasks, load_rulebook
from dutyboard.rules.rulebook import Rulebook
from prepkit import at, booking, by_code, dues, local, sized

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
    assert len(eve) == 12 and all(s.short_notice and local(s.due) == "2026-11-23 19:30" for s in eve)
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


def test_booked_in_good_time_nothing_is_short_notice(book: Rulebook) -> None:
    """The class-C main hall of test_rules_preparation.py, booked the day before."""
    specs = derive_tasks(booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-23 10:00"), book)
    assert [s.code for s in specs if s.short_notice] == ["desk.notice"]


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


# -- meeting size: the large-meeting procedure follows the size, not the room ------------------

@pytest.mark.parametrize(("attendees", "kind", "size"), [
    (40, "meeting-room", "small"),
    (41, "meeting-room", "medium"),        # [booking] medium_from = 41
    (150, "report-hall", "medium"),
    (151, "report-hall", "large"),         # large_from = 151
    (10, "main-hall", "large"),            # a main hall is at least large
    (10, "presidium-hall", "important"),   # the presidium hall's fixed users
    (10, "breakout", "small"),
])
def test_default_size(book: Rulebook, attendees: int, kind: str, size: str) -> None:
    from dutyboard.rules.preparation import default_size
    assert default_size(attendees, kind, book) == size


LARGE_ONLY = {"desk.eve.inspect", "svc.eve.banner", "svc.eve.signin", "svc.cups", "svc.staff"}


def test_a_small_meeting_in_a_class_a_room(book: Rulebook) -> None:
    codes = dues(derive_tasks(sized(10), book))
    assert not LARGE_ONLY & set(codes)     # no podium cups, no sign-in desk the day before
    assert (codes["svc.small.staff"], codes["svc.greet"]) == ("2026-11-24 13:30", "2026-11-24 13:45")


@pytest.mark.parametrize(("attendees", "size"), [(10, "important"), (10, "medium"), (41, "")])
def test_an_important_or_medium_meeting_in_a_small_room_gets_the_large_procedure(
        book: Rulebook, attendees: int, size: str) -> None:
    codes = dues(derive_tasks(sized(attendees, size), book))
    assert LARGE_ONLY <= set(codes) and "svc.small.staff" not in codes
    assert codes["desk.eve.inspect"] == codes["svc.eve.banner"] == "2026-11-23 18:00"
    assert (codes["svc.staff"], codes["svc.greet"]) == ("2026-11-24 13:00", "2026-11-24 13:45")


def test_a_main_hall_booked_as_small_gets_the_small_procedure(book: Rulebook) -> None:
    b = booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-20 10:00")
    small = dues(derive_tasks(Booking(**{**b.__dict__, "size": "small"}), book))
    assert "desk.eve.inspect" not in small and "svc.small.staff" in small


def test_a_small_meeting_gets_what_it_asks_for(book: Rulebook) -> None:
    codes = dues(derive_tasks(sized(10, services=("signin", "podium", "banner")), book))
    assert {"svc.eve.signin", "svc.cups", "svc.eve.banner"} <= set(codes)
    assert "desk.eve.inspect" not in codes


@pytest.mark.parametrize(("text", "key"), [
    ('[[task]]\ncode = "svc.greet"\nsizes = ["huge"]\n', "task.svc.greet"),
    ('[kind.breakout]\nmin_size = "huge"\n', "kind.breakout.min_size"),
    ('[booking]\nmedium_from = 200\n', "booking.large_from"),
])
def test_sizes_in_the_rulebook_are_checked(text: str, key: str) -> None:
    from dutyboard.rules import RulebookError
    with pytest.raises(RulebookError) as err:
        load_rulebook(texts=(("site", text),))
    assert err.value.key == key


def test_size_thresholds_are_rulebook_settings() -> None:
    from dutyboard.rules.preparation import default_size
    book = load_rulebook(texts=(("site", "[booking]\nmedium_from = 20\nlarge_from = 30\n"),))
    assert [default_size(n, "meeting-room", book) for n in (19, 20, 29, 30)] == [
        "small", "medium", "medium", "large"]


# -- the items of domain §4 per venue kind ---------------------------------------------------

@pytest.mark.parametrize(("kind", "cls", "present", "absent"), [
    ("report-hall", "B", {"svc.tea.dressing": "2026-11-24 13:00", "svc.pour.podium": "2026-11-24 14:00"},
     {"svc.eve.tea", "svc.pour", "svc.pour.entry", "svc.secretary"}),
    ("breakout", "A", {"svc.eve.tea": "2026-11-23 18:00", "svc.pour.entry": "2026-11-24 13:45"},
     {"svc.pour", "svc.pour.podium", "svc.tea.dressing"}),
    ("presidium-hall", "C", {"svc.secretary": "2026-11-24 13:00", "svc.thermos": "2026-11-24 13:45",
                             "svc.pour": "2026-11-24 13:55"}, {"svc.refill.1"}),
    ("press-hall", "B", {"svc.secretary": "2026-11-24 13:00", "svc.pour": "2026-11-24 13:55"},
     {"svc.thermos"}),
    ("main-hall", "C", {"svc.eve.tea": "2026-11-23 18:00", "sec.after.seal": "2026-11-24 16:00"},
     {"svc.secretary", "svc.thermos", "svc.tea.dressing"}),
])
def test_domain_4_items_per_kind(book: Rulebook, kind: str, cls: str, present: dict[str, str],
                                 absent: set[str]) -> None:
    start = "2026-11-24 14:00"
    b = booking(start, "2026-11-24 16:00", "2026-11-20 10:00", cls=cls, kind=kind)
    got = dues(derive_tasks(b, book))
    assert {code: got.get(code) for code in present} == present
    assert not absent & set(got)


@pytest.mark.parametrize(("cls", "told"), [("A", True), ("B", True), ("C", False)])
def test_class_a_and_b_bookings_are_told_to_the_administration_office(
        book: Rulebook, cls: str, told: bool) -> None:
    b = booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-20 10:00", cls=cls, kind="meeting-room")
    spec = by_code(derive_tasks(b, book)).get("desk.tell.admin")
    assert (spec is not None) is told
    if spec is not None:   # within 1 h of the booking, and may be done at once
        assert (spec.dept, local(spec.due), local(spec.earliest)) == (
            "desk", "2026-11-20 11:00", "2026-11-20 10:00")
