"""Booking rules (domain §2): notice per class, approval, capacity, times, overlap and gap."""

from __future__ import annotations

import pytest
from dutyboard.rules import Booking, RuleViolation, Slot, check_booking, load_rulebook, parse_instant
from dutyboard.rules.rulebook import Rulebook, RulebookError

# 2026-11-20 is a Friday, 2026-11-23 a Monday, 2027-01-01 (Friday) a listed holiday.


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, "Asia/Shanghai")


def booking(start: str, end: str, booked: str, cls: str = "A", kind: str = "meeting-room",
            capacity: int = 40, attendees: int = 10, services: tuple[str, ...] = (),
            approval: str | None = None) -> Booking:
    return Booking("Room 101", cls, kind, capacity, at(start), at(end), attendees, at(booked),
                   frozenset(services), approval)


def refused(b: Booking, book: Rulebook, others: tuple[Slot, ...] = ()) -> RuleViolation:
    with pytest.raises(RuleViolation) as exc:
        check_booking(b, others, book, b.booked_at)
    return exc.value


def accepted(b: Booking, book: Rulebook, others: tuple[Slot, ...] = ()) -> None:
    check_booking(b, others, book, b.booked_at)   # raises if refused


# -- class A: at least 1 hour ----------------------------------------------------

def test_class_a_60_minutes_ahead_is_accepted(book: Rulebook) -> None:
    accepted(booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 13:00"), book)


def test_class_a_59_minutes_ahead_is_refused(book: Rulebook) -> None:
    err = refused(booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 13:01"), book)
    assert err.rule == "class.A.notice"
    assert "at least 1h00m notice" in str(err) and "gives 59m" in str(err)


def test_class_a_notice_is_wall_clock_not_working_hours(book: Rulebook) -> None:
    accepted(booking("2026-11-22 20:00", "2026-11-22 21:00", "2026-11-22 19:00"), book)  # Sunday night


# -- class B: half a day, 4 h of wall-clock time, never stricter than class C ----------

@pytest.mark.parametrize(("booked", "start", "ok", "have"), [
    ("2026-11-23 10:00", "2026-11-23 14:00", True, None),     # exactly 4:00
    ("2026-11-23 10:01", "2026-11-23 14:00", False, "3h59m"),
    ("2026-11-22 20:00", "2026-11-23 00:00", True, None),     # Sunday night: wall clock counts
    ("2026-11-22 20:01", "2026-11-23 00:00", False, "3h59m"),
    ("2026-11-20 16:00", "2026-11-23 09:00", True, None),     # Friday 16:00 for Monday 09:00 (65 h)
    ("2026-12-31 16:30", "2027-01-04 08:00", True, None),     # across a holiday and a weekend
])
def test_class_b_half_a_day_of_wall_clock(book: Rulebook, booked: str, start: str, ok: bool,
                                          have: str | None) -> None:
    end = at(start).shift(hours=1).to("Asia/Shanghai").format("YYYY-MM-DD HH:mm")
    b = booking(start, end, booked, cls="B", kind="report-hall", capacity=150, approval="ADM-1")
    if ok:
        accepted(b, book)
        return
    err = refused(b, book)
    assert err.rule == "class.B.notice"
    assert "class B needs at least 4h00m notice" in str(err) and f"gives {have}" in str(err)


def test_class_b_half_day_is_a_rulebook_setting() -> None:
    book = load_rulebook(texts=(("site", '[class.B]\nnotice = "6h"\n'),))
    accepted(booking("2026-11-23 16:00", "2026-11-23 17:00", "2026-11-23 10:00", cls="B"), book)
    assert refused(booking("2026-11-23 16:00", "2026-11-23 17:00", "2026-11-23 10:01", cls="B"),
                   book).rule == "class.B.notice"


WORKING_HALF_DAY = '[class.B]\nnotice = "0m"\nnotice_working_days = 0.5\n'


def test_class_b_is_never_stricter_than_class_c() -> None:
    """A site that counts B's half day in working hours (5 h) still takes, for a class-B room,
    any slot class C would take (1 day ahead): Friday 16:00 for Monday 09:00 gives 2h00m of
    working hours but 65 h of notice."""
    book = load_rulebook(texts=(("site", WORKING_HALF_DAY),))
    friday_for_monday = booking("2026-11-23 09:00", "2026-11-23 10:00", "2026-11-20 16:00", cls="B")
    accepted(friday_for_monday, book)
    c_room = booking("2026-11-23 09:00", "2026-11-23 10:00", "2026-11-20 16:00", cls="C",
                     kind="main-hall", capacity=0, approval="ADM-1")
    accepted(c_room, book)
    # the same evening call for Monday 09:00 with less than a day of notice: B's own rule
    # (working hours) refuses, and C would refuse too
    err = refused(booking("2026-11-23 09:00", "2026-11-23 10:00", "2026-11-22 09:01", cls="B"), book)
    assert err.rule == "class.B.notice_working_days"
    assert "needs 0.5 working day (5h00m of working hours)" in str(err) and "gives 1h00m" in str(err)
    # B's own rule alone, more than 5 working hours ahead: accepted although C would refuse
    accepted(booking("2026-11-23 15:00", "2026-11-23 16:00", "2026-11-23 10:00", cls="B"), book)
    assert refused(booking("2026-11-23 15:01", "2026-11-23 16:00", "2026-11-23 10:02", cls="B"),
                   book).rule == "class.B.notice_working_days"


# -- class C: 1 day and the approved rental application ------------------------------

def test_class_c_one_day_ahead_with_approval_is_accepted(book: Rulebook) -> None:
    accepted(booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-23 14:00", cls="C",
                     kind="main-hall", capacity=1200, attendees=600, approval="ADM-2026-117"), book)


def test_class_c_one_minute_short_of_a_day_is_refused(book: Rulebook) -> None:
    err = refused(booking("2026-11-24 14:00", "2026-11-24 16:00", "2026-11-23 14:01", cls="C",
                          kind="main-hall", capacity=1200, approval="ADM-2026-117"), book)
    assert err.rule == "class.C.notice"
    assert "at least 1d00h notice" in str(err) and "gives 23h59m" in str(err)


@pytest.mark.parametrize("approval", [None, "", "   "])
def test_class_c_needs_the_approval_reference(book: Rulebook, approval: str | None) -> None:
    err = refused(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00", cls="C",
                          kind="main-hall", capacity=1200, approval=approval), book)
    assert err.rule == "class.C.approval"
    assert "租用会议室申请表" in str(err)


@pytest.mark.parametrize("cls", ["A", "B"])
def test_classes_a_and_b_need_no_approval(book: Rulebook, cls: str) -> None:
    accepted(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00", cls=cls), book)


CONFERENCE_KINDS = ["main-hall", "report-hall", "presidium-hall", "press-hall", "breakout"]


@pytest.mark.parametrize("kind", CONFERENCE_KINDS)
@pytest.mark.parametrize("cls", ["A", "B"])
@pytest.mark.parametrize("approval", [None, "", "   "])
def test_conference_building_kinds_need_the_approval_reference(
        book: Rulebook, kind: str, cls: str, approval: str | None) -> None:
    """Every conference-building meeting is one the administration office approved (domain §2),
    whatever the room's class: refused without the reference, naming the kind's rule."""
    err = refused(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00", cls=cls,
                          kind=kind, capacity=0, approval=approval), book)
    assert err.rule == f"kind.{kind}.approval"
    assert f"a {kind} meeting needs the administration office's approval reference" in str(err)


@pytest.mark.parametrize("kind", CONFERENCE_KINDS)
def test_conference_building_kinds_with_the_reference_are_accepted(book: Rulebook, kind: str) -> None:
    accepted(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00", cls="A",
                     kind=kind, capacity=0, approval="ADM-2026-118"), book)


def test_meeting_rooms_need_no_approval_and_a_site_may_require_it() -> None:
    book = load_rulebook()
    assert not book.kinds["meeting-room"].approval
    accepted(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00"), book)
    strict = load_rulebook(texts=(("site", "[kind.meeting-room]\napproval = true\n"),))
    assert refused(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00"),
                   strict).rule == "kind.meeting-room.approval"
    lax = load_rulebook(texts=(("site", "[kind.breakout]\napproval = false\n"),))
    accepted(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00", kind="breakout"), lax)


def test_kind_approval_must_be_a_boolean() -> None:
    with pytest.raises(RulebookError) as exc:
        load_rulebook(texts=(("site", '[kind.breakout]\napproval = "yes"\n'),))
    assert exc.value.key == "kind.breakout.approval"


def test_class_c_approval_is_named_before_the_kind_approval(book: Rulebook) -> None:
    err = refused(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00", cls="C",
                          kind="report-hall", capacity=0), book)
    assert err.rule == "class.C.approval"


def test_notice_follows_the_rulebook_not_a_constant(tmp_path) -> None:  # noqa: ANN001
    site = tmp_path / "site.toml"
    site.write_text('[class.A]\nnotice = "2h"\n', encoding="utf-8")
    stricter = load_rulebook(site)
    b = booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 12:01")
    assert refused(b, stricter).rule == "class.A.notice"
    accepted(booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 12:00"), stricter)


# -- capacity, times, services -------------------------------------------------------

def test_capacity_full_is_accepted_one_more_is_refused(book: Rulebook) -> None:
    accepted(booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 08:00", attendees=40), book)
    err = refused(booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 08:00", attendees=41), book)
    assert err.rule == "booking.capacity"
    assert "41 attendees exceed Room 101's capacity of 40" in str(err)


def test_capacity_zero_means_no_limit(book: Rulebook) -> None:
    accepted(booking("2026-11-25 14:00", "2026-11-25 16:00", "2026-11-23 10:00", cls="C",
                     kind="main-hall", capacity=0, attendees=5000, approval="ADM-1"), book)


def test_attendees_must_be_positive(book: Rulebook) -> None:
    err = refused(booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 08:00", attendees=0), book)
    assert err.rule == "booking.attendees"


@pytest.mark.parametrize("end", ["2026-11-23 14:00", "2026-11-23 13:00"])
def test_end_must_be_after_start(book: Rulebook, end: str) -> None:
    err = refused(booking("2026-11-23 14:00", end, "2026-11-23 08:00"), book)
    assert err.rule == "booking.times"
    assert f"end {end} is not after start 2026-11-23 14:00" in str(err)


def test_start_in_the_past_is_refused(book: Rulebook) -> None:
    b = booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 08:00")
    with pytest.raises(RuleViolation) as exc:
        check_booking(b, (), book, at("2026-11-23 14:01"))
    assert exc.value.rule == "booking.past"


def test_unknown_service_is_refused(book: Rulebook) -> None:
    err = refused(booking("2026-11-23 14:00", "2026-11-23 15:00", "2026-11-23 08:00",
                          services=("water", "karaoke")), book)
    assert err.rule == "booking.services"
    assert "karaoke" in str(err)


# -- overlap, the 30-minute floor and reasonable gaps in one venue -------------------------

EXISTING = Slot(7, "Budget review", at("2026-11-23 14:00"), at("2026-11-23 16:00"))


@pytest.mark.parametrize(("start", "end", "rule"), [
    # a meeting room: cleared down E+30min, prepared from T-30min, so 1 h apart
    ("2026-11-23 17:00", "2026-11-23 17:30", None),                 # exactly 1 h after
    ("2026-11-23 16:59", "2026-11-23 17:30", "booking.gap"),
    ("2026-11-23 16:29", "2026-11-23 17:30", "booking.min_gap"),    # 29 min after
    ("2026-11-23 16:00", "2026-11-23 17:00", "booking.min_gap"),    # back to back
    ("2026-11-23 15:59", "2026-11-23 17:00", "booking.overlap"),
    ("2026-11-23 12:00", "2026-11-23 13:00", None),                 # exactly 1 h before
    ("2026-11-23 12:00", "2026-11-23 13:01", "booking.gap"),
    ("2026-11-23 12:00", "2026-11-23 13:31", "booking.min_gap"),
    ("2026-11-23 13:00", "2026-11-23 14:01", "booking.overlap"),
    ("2026-11-23 14:30", "2026-11-23 15:00", "booking.overlap"),    # inside
    ("2026-11-23 13:00", "2026-11-23 17:00", "booking.overlap"),    # around
])
def test_overlap_and_min_gap(book: Rulebook, start: str, end: str, rule: str | None) -> None:
    b = booking(start, end, "2026-11-23 08:00")
    if rule is None:
        accepted(b, book, (EXISTING,))
        return
    err = refused(b, book, (EXISTING,))
    assert err.rule == rule
    assert "2026-11-23 14:00-16:00" in str(err) and "meeting 7" in str(err)
    if rule == "booking.min_gap":
        assert "needs 30m between meetings" in str(err)


MORNING = Slot(5, "Plenary", at("2026-11-24 09:00"), at("2026-11-24 11:30"))


def hall(start: str, end: str) -> Booking:
    return booking(start, end, "2026-11-20 09:00", cls="C", kind="main-hall", capacity=1200,
                   approval="ADM-1")


def test_a_30_minute_gap_in_the_main_hall_is_not_reasonable(book: Rulebook) -> None:
    """The second meeting's fan coils (T-2h) would fall due while the first is in session."""
    err = refused(hall("2026-11-24 12:00", "2026-11-24 13:00"), book, (MORNING,))
    assert err.rule == "booking.gap"
    assert str(err) == ("[booking.gap] Room 101: this meeting's preparation starts 2026-11-24 10:00 "
                        "(T-2h00m), before meeting 5 (2026-11-24 09:00-11:30) is cleared down at "
                        "2026-11-24 12:30 (E+1h00m)")


@pytest.mark.parametrize(("start", "end", "ok"), [
    ("2026-11-24 14:30", "2026-11-24 16:00", True),     # 11:30 + 1 h clear-down = 14:30 - 2 h prep
    ("2026-11-24 14:29", "2026-11-24 16:00", False),
])
def test_main_hall_after_a_meeting(book: Rulebook, start: str, end: str, ok: bool) -> None:
    if ok:
        accepted(hall(start, end), book, (MORNING,))
    else:
        assert refused(hall(start, end), book, (MORNING,)).rule == "booking.gap"


@pytest.mark.parametrize(("end", "ok"), [("2026-11-24 06:00", True), ("2026-11-24 06:01", False)])
def test_main_hall_before_a_meeting(book: Rulebook, end: str, ok: bool) -> None:
    b = hall("2026-11-24 05:00", end)   # its clear-down must end by the plenary's T-2h (07:00)
    if ok:
        accepted(b, book, (MORNING,))
        return
    err = refused(b, book, (MORNING,))
    assert err.rule == "booking.gap"
    assert "clear-down runs to 2026-11-24 07:01 (E+1h00m)" in str(err)
    assert "meeting 5 (2026-11-24 09:00-11:30) starts its preparation at 2026-11-24 07:00" in str(err)


def test_margins_are_rulebook_settings_per_kind() -> None:
    book = load_rulebook(texts=(("site", '[kind.main-hall]\nprep = "30m"\ncleardown = "0m"\n'),))
    accepted(hall("2026-11-24 12:00", "2026-11-24 13:00"), book, (MORNING,))
    assert refused(hall("2026-11-24 11:59", "2026-11-24 13:00"), book, (MORNING,)).rule == \
        "booking.min_gap"
    with pytest.raises(RulebookError, match="cannot be negative"):
        load_rulebook(texts=(("site", '[kind.main-hall]\nprep = "-1h"\n'),))


def test_default_min_gap_is_30_minutes(book: Rulebook) -> None:
    assert book.min_gap.total_seconds() == 30 * 60
