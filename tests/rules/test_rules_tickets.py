"""Tickets (domain §5): the follow-up clock, state transitions, closing; task transitions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from dutyboard.rules import RuleViolation, TicketFact, check_close, next_step, parse_instant, task_transition
from dutyboard.rules import ticket_transition as transition
from dutyboard.rules.facts import CLOSED, DISPATCHED, DONE, INQUIRY, OPEN, PENDING, RESOLVED, VERIFIED
from dutyboard.rules.rulebook import Rulebook

TZ = "Asia/Shanghai"


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, TZ)


def local(instant) -> str:  # noqa: ANN001
    return instant.to(TZ).format("YYYY-MM-DD HH:mm")


def ticket(opened: str = "2026-11-23 10:00", dispatched: str | None = None,
           follow_ups: tuple[str, ...] = (), **kw: object) -> TicketFact:
    state = kw.pop("state", DISPATCHED if dispatched else OPEN)
    return TicketFact(id=12, kind=kw.pop("kind", "repair"), priority=kw.pop("priority", "normal"),
                      state=state, opened_at=at(opened),
                      dispatched_at=at(dispatched) if dispatched else None,
                      follow_ups=tuple(at(f) for f in follow_ups), **kw)  # type: ignore[arg-type]


def step(t: TicketFact, book: Rulebook) -> tuple[str, int, str]:
    s = next_step(t, book)
    assert s is not None
    return s.kind, s.number, local(s.due)


# -- the clock ------------------------------------------------------------------------

def test_first_follow_up_two_hours_after_registration(book: Rulebook) -> None:
    assert step(ticket("2026-11-23 10:00"), book) == ("follow-up", 1, "2026-11-23 12:00")


def test_first_follow_up_two_hours_after_dispatch(book: Rulebook) -> None:
    assert step(ticket("2026-11-23 10:00", "2026-11-23 10:40"), book) == ("follow-up", 1, "2026-11-23 12:40")


def test_clock_restarts_on_reopen(book: Rulebook) -> None:
    t = ticket("2026-11-23 10:00", "2026-11-23 10:40", clock_at=at("2026-11-24 09:00"))
    assert step(t, book) == ("follow-up", 1, "2026-11-24 11:00")


def test_first_follow_up_is_wall_clock_even_after_hours(book: Rulebook) -> None:
    assert step(ticket("2026-11-20 16:00", "2026-11-20 16:00"), book) == ("follow-up", 1, "2026-11-20 18:00")


@pytest.mark.parametrize(("dispatched", "first", "second"), [
    ("2026-11-23 10:00", "2026-11-23 12:05", "2026-11-23 18:00"),   # same working day
    ("2026-11-23 10:00", "2026-11-23 11:00", "2026-11-23 18:00"),   # chased early
    ("2026-11-23 16:00", "2026-11-23 18:00", "2026-11-23 18:00"),   # 2 h lands exactly at close
    ("2026-11-23 16:01", "2026-11-23 18:01", "2026-11-24 18:00"),   # 2 h lands after close
    ("2026-11-23 16:01", "2026-11-23 16:30", "2026-11-24 18:00"),   # chased early, 2 h still after close
    ("2026-11-20 16:30", "2026-11-20 18:40", "2026-11-23 18:00"),   # Friday evening -> Monday
    ("2026-11-21 10:00", "2026-11-21 12:00", "2026-11-23 18:00"),   # Saturday -> Monday
    ("2026-12-31 16:30", "2026-12-31 18:30", "2027-01-04 18:00"),   # Friday is a holiday -> Monday
    ("2026-01-01 10:00", "2026-01-01 12:00", "2026-01-04 18:00"),   # New Year -> make-up Sunday
    ("2026-02-13 16:30", "2026-02-13 18:30", "2026-02-14 18:00"),   # Friday -> make-up Saturday
])
def test_second_follow_up_by_end_of_that_working_day(book: Rulebook, dispatched: str, first: str,
                                                     second: str) -> None:
    t = ticket(dispatched, dispatched, (first,))
    assert step(t, book) == ("follow-up", 2, second)


def test_escalation_after_two_follow_ups(book: Rulebook) -> None:
    t = ticket("2026-11-23 10:00", "2026-11-23 10:00", ("2026-11-23 12:00", "2026-11-23 16:00"))
    s = next_step(t, book)
    assert s is not None
    assert (s.kind, s.number, local(s.due)) == ("escalate", 0, "2026-11-23 18:00")
    assert s.label() == "escalate to supervisor"


def test_escalated_ticket_is_chased_by_the_next_close_of_business(book: Rulebook) -> None:
    t = ticket("2026-11-23 10:00", "2026-11-23 10:00", ("2026-11-23 12:00", "2026-11-23 16:00"),
               escalated_at=at("2026-11-23 18:00"), follow_up_count=2)
    assert step(t, book) == ("chase", 3, "2026-11-24 18:00")


def test_emergency_escalates_at_once(book: Rulebook) -> None:
    t = ticket("2026-11-23 10:07", priority="emergency")
    assert step(t, book) == ("escalate", 0, "2026-11-23 10:07")
    # escalated: the clock keeps running (「直至销项」), first follow-up 2 h after registration
    assert step(replace(t, escalated_at=at("2026-11-23 10:08")), book) == ("follow-up", 1, "2026-11-23 12:07")


@pytest.mark.parametrize("state", [RESOLVED, CLOSED, INQUIRY])
def test_no_clock_once_resolved_closed_or_inquiry(book: Rulebook, state: str) -> None:
    assert next_step(ticket(state=state), book) is None


def test_step_labels(book: Rulebook) -> None:
    s = next_step(ticket(), book)
    assert s is not None and s.label() == "follow-up #1"


# -- ticket transitions ---------------------------------------------------------------

@pytest.mark.parametrize(("state", "action", "after"), [
    (OPEN, "dispatch", DISPATCHED),
    (DISPATCHED, "dispatch", DISPATCHED),     # re-dispatch
    (OPEN, "follow-up", OPEN),
    (DISPATCHED, "escalate", DISPATCHED),
    (DISPATCHED, "resolve", RESOLVED),
    (RESOLVED, "close", CLOSED),
    (OPEN, "close-unresolvable", CLOSED),
    (RESOLVED, "approve", RESOLVED),
])
def test_ticket_transition_allowed(state: str, action: str, after: str) -> None:
    assert transition(ticket(state=state), action) == after


@pytest.mark.parametrize(("dispatched", "after"), [("2026-11-23 10:30", DISPATCHED), (None, OPEN)])
def test_reopen_returns_to_dispatched_or_open(dispatched: str | None, after: str) -> None:
    assert transition(ticket(dispatched=dispatched, state=CLOSED), "reopen") == after


@pytest.mark.parametrize(("state", "action", "rule"), [
    (OPEN, "close", "closing.unfinished"),
    (DISPATCHED, "close", "closing.unfinished"),
    (RESOLVED, "follow-up", "ticket.follow-up"),
    (CLOSED, "resolve", "ticket.resolve"),
    (OPEN, "reopen", "ticket.reopen"),
    (INQUIRY, "dispatch", "ticket.inquiry"),
    (OPEN, "teleport", "ticket.action"),
])
def test_ticket_transition_refused(state: str, action: str, rule: str) -> None:
    with pytest.raises(RuleViolation) as exc:
        transition(ticket(state=state), action)
    assert exc.value.rule == rule


# -- closing ----------------------------------------------------------------------------

def refusal(t: TicketFact, book: Rulebook, role: str | None, **kw: object) -> str:
    with pytest.raises(RuleViolation) as exc:
        check_close(t, book, role, **kw)  # type: ignore[arg-type]
    return exc.value.rule


def test_repair_closes_only_with_signed_work_order(book: Rulebook) -> None:
    assert refusal(ticket(state=RESOLVED, signed=False), book, None) == "closing.evidence"
    check_close(ticket(state=RESOLVED, signed=True), book, None)


def test_complaint_needs_no_signature(book: Rulebook) -> None:
    check_close(ticket(state=RESOLVED, kind="complaint"), book, None)


@pytest.mark.parametrize(("role", "ok"), [(None, False), ("clerk", False), ("duty", False),
                                          ("lead", False), ("supervisor", True), ("manager", True)])
@pytest.mark.parametrize("grave", [{"major": True}, {"priority": "emergency"}])
def test_major_or_emergency_needs_supervisor_or_manager(book: Rulebook, role: str | None, ok: bool,
                                                        grave: dict[str, object]) -> None:
    t = ticket(state=RESOLVED, signed=True, **grave)
    if ok:
        check_close(t, book, role)
    else:
        assert refusal(t, book, role) == "closing.approval"


def test_related_unregistered_problem_blocks_closing(book: Rulebook) -> None:
    t = ticket(state=RESOLVED, signed=True, related_pending=True)
    assert refusal(t, book, "manager") == "closing.related"


@pytest.mark.parametrize("state", [OPEN, DISPATCHED])
def test_nobody_closes_an_unfinished_case(book: Rulebook, state: str) -> None:
    assert refusal(ticket(state=state, signed=True), book, "manager") == "closing.unfinished"


def test_unresolvable_needs_reason_and_manager(book: Rulebook) -> None:
    t = ticket("2026-11-23 10:00", "2026-11-23 10:30")
    assert refusal(t, book, "manager", unresolvable=True, reason="  ") == "closing.unresolvable.reason"
    assert refusal(t, book, "supervisor", unresolvable=True,
                   reason="part discontinued") == "closing.unresolvable.approval"
    check_close(t, book, "manager", unresolvable=True, reason="part discontinued")


# -- task transitions -------------------------------------------------------------------

EARLIEST = at("2026-11-24 12:00")


def task_rule(state: str, action: str, now: str = "2026-11-24 12:30") -> str:
    with pytest.raises(RuleViolation) as exc:
        task_transition(state, action, at(now), EARLIEST, "AC on", TZ)
    return exc.value.rule


def test_done_not_before_earliest() -> None:
    with pytest.raises(RuleViolation) as exc:
        task_transition(PENDING, "done", at("2026-11-24 11:59"), EARLIEST, "AC on", TZ)
    assert exc.value.rule == "task.too_early"
    assert "before 2026-11-24 12:00" in str(exc.value)
    assert task_transition(PENDING, "done", at("2026-11-24 12:00"), EARLIEST, "AC on", TZ) == DONE
    assert task_transition(PENDING, "done", at("2026-11-24 11:00"), None, "AC on", TZ) == DONE


def test_task_transitions_allowed() -> None:
    now = at("2026-11-24 12:30")
    assert task_transition(DONE, "undo", now, EARLIEST, "AC on", TZ) == PENDING
    assert task_transition(DONE, "verify", now, EARLIEST, "AC on", TZ) == VERIFIED
    assert task_transition(VERIFIED, "unverify", now, EARLIEST, "AC on", TZ) == DONE


@pytest.mark.parametrize(("state", "action", "rule"), [
    (DONE, "done", "task.done"),
    (VERIFIED, "done", "task.done"),
    (VERIFIED, "undo", "task.undo"),
    (PENDING, "undo", "task.undo"),
    (PENDING, "verify", "task.verify"),
    (VERIFIED, "verify", "task.verify"),
    (PENDING, "skip", "task.action"),
    (PENDING, "unverify", "task.unverify"),
    (DONE, "unverify", "task.unverify"),
])
def test_task_transitions_refused(state: str, action: str, rule: str) -> None:
    assert task_rule(state, action) == rule


def test_undo_of_verified_names_the_fire_control_centre() -> None:
    with pytest.raises(RuleViolation, match="verified by the fire-control centre"):
        task_transition(VERIFIED, "undo", at("2026-11-24 12:30"), EARLIEST, "AC on", TZ)
