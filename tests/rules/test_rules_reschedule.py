"""Moving a booking: the new times and what becomes of its tasks (``meeting move``)."""

from __future__ import annotations

from datetime import timedelta

from dutyboard.rules import Booking, TaskSpec, derive_tasks, load_rulebook, parse_instant
from dutyboard.rules.reschedule import moved_times, plan_task_moves

TZ = "Asia/Shanghai"


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, TZ)


def spec(code: str, due: str) -> TaskSpec:
    return TaskSpec(code, code.split(".")[0], code, code, at(due), at(due) - timedelta(hours=1), False)


def test_without_a_new_end_the_meeting_keeps_its_length() -> None:
    start, end = moved_times(at("2026-11-24 14:00"), at("2026-11-24 16:30"), at("2026-11-25 09:00"))
    assert (start, end) == (at("2026-11-25 09:00"), at("2026-11-25 11:30"))


def test_a_new_end_is_taken_as_given() -> None:
    start, end = moved_times(at("2026-11-24 14:00"), at("2026-11-24 16:30"), at("2026-11-25 09:00"),
                             at("2026-11-25 10:00"))
    assert (start, end) == (at("2026-11-25 09:00"), at("2026-11-25 10:00"))


def test_pending_tasks_follow_done_ones_stay_missing_ones_are_added_gone_ones_dropped() -> None:
    specs = [spec("eng.ac", "2026-11-25 08:00"), spec("svc.tea", "2026-11-25 08:30"),
             spec("svc.refill.1", "2026-11-25 09:30"), spec("svc.refill.2", "2026-11-25 10:00"),
             spec("sec.check", "2026-11-25 08:45")]
    pending = {1: "eng.ac", 3: "svc.refill.3", 4: "svc.refill.1"}     # 2: svc.tea is done
    existing = ["eng.ac", "svc.tea", "svc.refill.3", "svc.refill.1"]
    plan = plan_task_moves(specs, pending, existing)
    assert plan.retime == {1: specs[0], 4: specs[2]}
    assert plan.drop == (3,)                                          # beyond the shorter meeting
    assert [s.code for s in plan.add] == ["svc.refill.2", "sec.check"]  # derive order kept
    assert 2 not in plan.retime and "svc.tea" not in [s.code for s in plan.add]


def test_a_longer_meeting_gets_more_refills_from_the_rulebook() -> None:
    book = load_rulebook()

    def booking(start, end) -> Booking:  # noqa: ANN001 - arrow.Arrow
        return Booking("Room 1", "A", "meeting-room", 20, start, end, 10, at("2026-11-23 09:00"),
                       frozenset({"water"}), None)

    old_start, old_end = at("2026-11-24 14:00"), at("2026-11-24 15:00")
    codes = [s.code for s in derive_tasks(booking(old_start, old_end), book)]
    start, end = moved_times(old_start, old_end, old_start, at("2026-11-24 17:00"))
    plan = plan_task_moves(derive_tasks(booking(start, end), book), dict(enumerate(codes, start=1)), codes)
    added = {s.code for s in plan.add}
    assert added and all(c.startswith("svc.refill.") for c in added)
    assert not added & set(codes)
    assert plan.drop == ()
    assert len(plan.retime) == len(codes)
