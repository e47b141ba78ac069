"""Cases closed as the procedures say (issue 10): registration and urgency, the clock until
resolved, stalling and the quarterly review, the callback. Frozen instants on both sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from dutyboard.rules import RuleViolation, TicketFact, check_close, next_step, parse_instant, ticket_flags
from dutyboard.rules.facts import CLOSED, DISPATCHED, INQUIRY, OPEN, RESOLVED
from dutyboard.rules.rulebook import Rulebook, load_rulebook
from dutyboard.rules.tickets import (
    callback_due,
    check_callback,
    check_registration,
    check_stall,
    review_window,
)

TZ = "Asia/Shanghai"


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, TZ)


def local(instant) -> str:  # noqa: ANN001
    return instant.to(TZ).format("YYYY-MM-DD HH:mm")


def ticket(opened: str = "2026-11-23 10:00", state: str = DISPATCHED, **kw: object) -> TicketFact:
    for key in ("escalated_at", "resolved_at", "stalled_at", "callback_at", "last_follow_up_at"):
        if isinstance(kw.get(key), str):
            kw[key] = at(str(kw[key]))
    follow = tuple(at(f) for f in kw.pop("follow_ups", ()))  # type: ignore[attr-defined]
    return TicketFact(id=7, kind=str(kw.pop("kind", "repair")), priority=str(kw.pop("priority", "normal")),
                      state=state, opened_at=at(opened), location="Room 305", dept="eng",
                      dispatched_at=at(opened), follow_ups=follow, **kw)  # type: ignore[arg-type]


def kinds(t: TicketFact, book: Rulebook, now: str) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in ticket_flags(t, book, at(now))]


def rule_of(fn, *args, **kw) -> str:  # noqa: ANN001, ANN002, ANN003
    with pytest.raises(RuleViolation) as err:
        fn(*args, **kw)
    return err.value.rule


# -- registration and urgency ------------------------------------------------------------

@pytest.mark.parametrize(("priority", "major", "on_site", "what"), [
    ("emergency", False, False, "an emergency"),
    ("normal", False, True, "needs someone on site"),
    ("urgent", False, False, "an urgent case"),
    ("normal", True, False, "a major case"),
])
def test_never_an_inquiry(priority: str, major: bool, on_site: bool, what: str) -> None:
    with pytest.raises(RuleViolation) as err:
        check_registration(priority, major, on_site, inquiry=True)
    assert err.value.rule == "registration.required" and what in str(err.value)
    check_registration(priority, major, on_site, inquiry=False)  # registered: fine


def test_a_plain_question_may_be_an_inquiry() -> None:
    check_registration("normal", False, False, inquiry=True)


@pytest.mark.parametrize("grave", [{"priority": "urgent"}, {"major": True}])
def test_urgent_or_major_goes_to_the_supervisor_from_the_first_minute(book: Rulebook,
                                                                       grave: dict[str, object]) -> None:
    t = ticket(state=OPEN, escalated_at="2026-11-23 10:00", **grave)
    flags = ticket_flags(t, book, at("2026-11-23 10:00"))
    assert [(f.kind, f.severity) for f in flags] == [("escalated", "alarm")]
    assert "to the desk supervisor at once" in flags[0].message
    assert flags[0].message.endswith("still to notify: desk supervisor, manager")
    told = replace(t, notified=frozenset({"supervisor"}))
    assert ticket_flags(told, book, at("2026-11-23 10:00"))[0].message.endswith("still to notify: manager")
    told = replace(t, notified=frozenset({"supervisor", "manager"}))
    assert [(f.kind, f.severity) for f in ticket_flags(told, book, at("2026-11-23 10:00"))] == \
        [("escalated", "warn")]
    assert ticket_flags(told, book, at("2026-11-23 10:00"))[0].message.endswith("all notified")


def test_a_normal_case_is_not_escalated_at_first(book: Rulebook) -> None:
    assert kinds(ticket(state=OPEN), book, "2026-11-23 10:00") == []


# -- the clock runs until the case is resolved --------------------------------------------

@pytest.mark.parametrize(("now", "expected"), [
    ("2026-11-23 17:59", [("follow_up_due", "warn")]),
    ("2026-11-23 18:00", [("escalation_due", "alarm"), ("unclosed_end_of_day", "warn")]),
])
def test_missed_second_follow_up_goes_to_the_supervisor(book: Rulebook, now: str,
                                                        expected: list[tuple[str, str]]) -> None:
    t = ticket(follow_ups=("2026-11-23 12:00",), follow_up_count=1)
    assert kinds(t, book, now) == expected
    if expected[0][0] == "escalation_due":
        flag = ticket_flags(t, book, at(now))[0]
        assert "follow-up #2 missed by close of business 11-23 18:00" in flag.message
        assert "desk supervisor" in flag.message


def test_missed_second_follow_up_of_an_escalated_case_is_overdue(book: Rulebook) -> None:
    t = ticket(follow_ups=("2026-11-23 12:00",), follow_up_count=1, priority="urgent",
               escalated_at="2026-11-23 10:00", notified=frozenset({"supervisor", "manager"}))
    assert kinds(t, book, "2026-11-23 18:00")[0] == ("follow_up_overdue", "alarm")


ESCALATED = dict(follow_ups=("2026-11-23 12:00", "2026-11-23 16:00"), follow_up_count=2,
                 escalated_at="2026-11-23 18:00")


@pytest.mark.parametrize(("last", "due"), [
    (None, "2026-11-24 18:00"),                    # escalated Monday: chased by Tuesday's close
    ("2026-11-24 09:00", "2026-11-25 18:00"),      # chased Tuesday: next by Wednesday's close
    ("2026-11-27 16:00", "2026-11-30 18:00"),      # Friday -> Monday
    ("2026-11-28 10:00", "2026-11-30 18:00"),      # chased on a Saturday -> Monday
    ("2026-12-31 10:00", "2027-01-04 18:00"),      # New Year's Day is a holiday
])
def test_an_escalated_case_is_chased_every_working_day(book: Rulebook, last: str | None, due: str) -> None:
    t = ticket(**{**ESCALATED, "last_follow_up_at": last, "follow_up_count": 3 if last else 2})
    s = next_step(t, book)
    assert s is not None and (s.kind, local(s.due)) == ("chase", due)
    assert s.label() == f"follow-up #{4 if last else 3} (daily, escalated)"


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-11-24 17:29", None),
    ("2026-11-24 17:30", ("follow_up_due", "warn")),
    ("2026-11-24 17:59", ("follow_up_due", "warn")),
    ("2026-11-24 18:00", ("follow_up_overdue", "alarm")),
])
def test_the_daily_chase_is_flagged(book: Rulebook, now: str, expected: tuple[str, str] | None) -> None:
    got = [k for k in kinds(ticket(**ESCALATED), book, now) if k[0].startswith("follow_up")]
    assert got == ([expected] if expected else [])


def test_the_daily_chase_is_a_rulebook_setting(book: Rulebook) -> None:
    two = replace(book, escalated_follow_up_working_days=2)
    s = next_step(ticket(**ESCALATED), two)
    assert s is not None and local(s.due) == "2026-11-25 18:00"
    assert next_step(ticket(**ESCALATED), replace(book, escalated_follow_up_working_days=0)) is None


def test_the_chase_stops_when_resolved(book: Rulebook) -> None:
    t = ticket(**ESCALATED)
    assert next_step(replace(t, state=RESOLVED, resolved_at=at("2026-11-24 09:00")), book) is None


# -- stalled cases and the quarterly review -----------------------------------------------

def test_a_stalled_case_leaves_the_clock(book: Rulebook) -> None:
    t = ticket(follow_ups=("2026-11-23 12:00",), follow_up_count=1, stalled_at="2026-11-23 15:00")
    assert next_step(t, book) is None
    assert kinds(t, book, "2026-11-24 18:00") == [("stalled", "info")]
    assert kinds(replace(t, stalled_at=None), book, "2026-11-24 18:00")[0][0] == "escalation_due"


def test_stall_needs_an_open_case_and_a_reason() -> None:
    check_stall(ticket(), "owner's budget")
    assert rule_of(check_stall, ticket(), "  ") == "stall.reason"
    assert rule_of(check_stall, ticket(stalled_at="2026-11-23 11:00"), "x") == "stall.once"
    assert rule_of(check_stall, ticket(state=RESOLVED), "x") == "ticket.stall"
    assert rule_of(check_stall, ticket(state=INQUIRY), "x") == "ticket.inquiry"


@pytest.mark.parametrize(("day", "window"), [
    (date(2026, 11, 30), (date(2026, 12, 1), date(2026, 12, 5))),
    (date(2026, 12, 1), (date(2026, 12, 1), date(2026, 12, 5))),
    (date(2026, 12, 5), (date(2026, 12, 1), date(2026, 12, 5))),
    (date(2026, 12, 6), (date(2027, 3, 1), date(2027, 3, 5))),
    (date(2027, 2, 28), (date(2027, 3, 1), date(2027, 3, 5))),
    (date(2027, 6, 5), (date(2027, 6, 1), date(2027, 6, 5))),
])
def test_the_quarterly_review_window(book: Rulebook, day: date, window: tuple[date, date]) -> None:
    assert review_window(day, book) == window


@pytest.mark.parametrize(("today", "ok", "next_dates"), [
    (date(2026, 11, 30), False, "2026-12-01 to 2026-12-05"),
    (date(2026, 12, 1), True, ""),
    (date(2026, 12, 5), True, ""),
    (date(2026, 12, 6), False, "2027-03-01 to 2027-03-05"),
])
def test_unresolvable_closes_only_in_the_quarterly_review(book: Rulebook, today: date, ok: bool,
                                                          next_dates: str) -> None:
    t = ticket(stalled_at="2026-11-23 11:00")
    if ok:
        check_close(t, book, "manager", unresolvable=True, reason="budget", today=today)
        return
    with pytest.raises(RuleViolation) as err:
        check_close(t, book, "manager", unresolvable=True, reason="budget", today=today)
    assert err.value.rule == "closing.unresolvable.window"
    assert next_dates in str(err.value)


def test_inside_the_window_the_project_manager_still_approves(book: Rulebook) -> None:
    t = ticket()
    assert rule_of(check_close, t, book, "supervisor", unresolvable=True, reason="x",
                   today=date(2026, 12, 2)) == "closing.unresolvable.approval"


def test_the_review_window_is_a_rulebook_setting(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "site.toml"
    path.write_text("[closing]\nunresolvable_review_months = [1, 4, 7, 10]\n"
                    "unresolvable_review_days = [10, 15]\n", encoding="utf-8")
    site = load_rulebook(path)
    assert review_window(date(2026, 11, 30), site) == (date(2027, 1, 10), date(2027, 1, 15))
    path.write_text("[closing]\nunresolvable_review_days = [5, 1]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unresolvable_review_days"):
        load_rulebook(path)


# -- the callback ---------------------------------------------------------------------------

@pytest.mark.parametrize(("resolved", "due"), [
    ("2026-11-23 11:00", "2026-11-26 18:00"),     # Monday -> Thursday's close
    ("2026-11-23 19:00", "2026-11-26 18:00"),     # after hours still counts from Monday
    ("2026-11-27 11:00", "2026-12-02 18:00"),     # Friday -> Wednesday
])
def test_callback_due_three_working_days_after_the_repair(book: Rulebook, resolved: str, due: str) -> None:
    t = ticket(state=RESOLVED, resolved_at=resolved)
    assert local(callback_due(t, book)) == due  # type: ignore[arg-type]


@pytest.mark.parametrize("state", [RESOLVED, CLOSED])
def test_a_missed_callback_is_flagged(book: Rulebook, state: str) -> None:
    t = ticket(state=state, resolved_at="2026-11-23 11:00", signed=True)
    assert ("callback_overdue", "warn") not in kinds(t, book, "2026-11-26 17:59")
    flags = [f for f in ticket_flags(t, book, at("2026-11-26 18:00")) if f.kind == "callback_overdue"]
    assert len(flags) == 1 and "callback to the requester not made by 11-26 18:00" in flags[0].message
    done = replace(t, callback_at=at("2026-11-24 10:00"))
    assert ("callback_overdue", "warn") not in kinds(done, book, "2026-11-27 09:00")


def test_no_callback_owed_for_complaints_or_unresolvable_cases(book: Rulebook) -> None:
    assert callback_due(ticket(state=RESOLVED, resolved_at="2026-11-23 11:00", kind="complaint"),
                        book) is None
    assert callback_due(ticket(state=CLOSED, resolved_at="2026-11-23 11:00", unresolvable=True),
                        book) is None
    assert callback_due(ticket(state=DISPATCHED), book) is None


def test_callback_rules() -> None:
    assert rule_of(check_callback, ticket(state=OPEN)) == "callback.unresolved"
    assert rule_of(check_callback, ticket(state=DISPATCHED)) == "callback.unresolved"
    check_callback(ticket(state=RESOLVED))
    check_callback(ticket(state=CLOSED))
    assert rule_of(check_callback, ticket(state=CLOSED, callback_at="2026-11-24 10:00")) == "callback.once"
    assert rule_of(check_callback, ticket(state=CLOSED, unresolvable=True)) == "callback.unresolvable"
    assert rule_of(check_callback, ticket(state=INQUIRY)) == "ticket.inquiry"


# -- re-classifying a complaint --------------------------------------------------------------

def test_a_communicative_complaint_handled_badly_becomes_valid() -> None:
    from dutyboard.rules.tickets import check_classify
    complaint = ticket(kind="complaint")
    for nature in ("help", "inquiry", "venting", None):
        check_classify(complaint, nature, "valid", "left waiting two days")
    assert rule_of(check_classify, complaint, "valid", "valid", "x") == "classify.valid_only"
    assert rule_of(check_classify, complaint, "venting", "help", "x") == "classify.valid_only"
    assert rule_of(check_classify, complaint, "help", "valid", " ") == "classify.note"
    assert rule_of(check_classify, ticket(), "help", "valid", "x") == "classify.kind"
    assert rule_of(check_classify, ticket(kind="complaint", state=INQUIRY), "inquiry", "valid",
                   "x") == "ticket.inquiry"
    check_classify(ticket(kind="complaint", state=CLOSED), "venting", "valid", "x")  # even closed
