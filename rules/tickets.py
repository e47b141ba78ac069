"""The ticket clock and which ticket and task transitions are allowed (domain §5)."""

from __future__ import annotations

from dataclasses import dataclass

import arrow

from .booking import RuleViolation
from .facts import CLOSED, DISPATCHED, DONE, INQUIRY, OPEN, PENDING, RESOLVED, VERIFIED, TicketFact
from .rulebook import Rulebook


@dataclass(frozen=True)
class ClockStep:
    """What the desk owes a ticket next, and by when."""
    kind: str        # "follow-up" | "escalate"
    number: int      # follow-up number (1, 2); 0 for escalation
    due: arrow.Arrow

    def label(self) -> str:
        return "escalate to supervisor" if self.kind == "escalate" else f"follow-up #{self.number}"


def next_step(t: TicketFact, book: Rulebook) -> ClockStep | None:
    """The next follow-up or escalation owed, or None if the clock is not running.

    First follow-up 2 h after registration and dispatch; the second before the end
    of that working day; if still nothing, report to the supervisor.  An emergency
    goes to the supervisor at once.
    """
    if t.state not in (OPEN, DISPATCHED):
        return None
    cal = book.calendar
    if t.is_emergency and t.escalated_at is None:
        return ClockStep("escalate", 0, t.opened_at + book.emergency_escalate)
    if t.escalated_at is not None:
        return None
    anchor = t.clock_at or t.dispatched_at or t.opened_at
    first_due = anchor + book.first_follow_up
    if not t.follow_ups:
        return ClockStep("follow-up", 1, first_due)
    if len(t.follow_ups) == 1:
        return ClockStep("follow-up", 2, cal.end_of_working_day(max(first_due, t.follow_ups[0])))
    return ClockStep("escalate", 0, cal.end_of_working_day(t.follow_ups[1]))


# -- transitions -------------------------------------------------------------

_FROM: dict[str, tuple[str, ...]] = {
    "dispatch": (OPEN, DISPATCHED),
    "follow-up": (OPEN, DISPATCHED),
    "escalate": (OPEN, DISPATCHED),
    "resolve": (OPEN, DISPATCHED),
    "approve": (OPEN, DISPATCHED, RESOLVED),
    "close": (RESOLVED,),
    "close-unresolvable": (OPEN, DISPATCHED, RESOLVED),
    "reopen": (RESOLVED, CLOSED),
    "link": (OPEN, DISPATCHED, RESOLVED),
    "notify": (OPEN, DISPATCHED, RESOLVED),
}

_STATE_AFTER = {"dispatch": DISPATCHED, "resolve": RESOLVED, "close": CLOSED,
                "close-unresolvable": CLOSED}


def ticket_transition(t: TicketFact, action: str) -> str:
    """The state after ``action``; RuleViolation if the ticket's state forbids it."""
    allowed = _FROM.get(action)
    if allowed is None:
        raise RuleViolation("ticket.action", f"unknown ticket action {action!r}")
    if t.state == INQUIRY:
        raise RuleViolation("ticket.inquiry", f"ticket {t.id} was logged as an inquiry, "
                            "not registered; register a new case instead")
    if t.state not in allowed:
        if action == "close" and t.state in (OPEN, DISPATCHED):
            raise RuleViolation("closing.unfinished",
                                f"ticket {t.id} is {t.state}: nobody may close an unfinished "
                                "case; record the result first (ticket resolve)")
        raise RuleViolation(f"ticket.{action}", f"ticket {t.id} is {t.state}; {action} needs "
                            f"it to be {' or '.join(allowed)}")
    if action == "reopen":
        return DISPATCHED if t.dispatched_at else OPEN
    return _STATE_AFTER.get(action, t.state)


def check_close(t: TicketFact, book: Rulebook, approver_role: str | None,
                unresolvable: bool = False, reason: str = "") -> None:
    """Raise RuleViolation unless the ticket may close (domain §5 "Close")."""
    ticket_transition(t, "close-unresolvable" if unresolvable else "close")
    if unresolvable:
        if not reason.strip():
            raise RuleViolation("closing.unresolvable.reason",
                                "an unresolvable case is closed only with the reason recorded")
        if approver_role not in book.unresolvable_approvers:
            raise RuleViolation("closing.unresolvable.approval",
                                "an unresolvable case closes only with the project manager's "
                                f"approval ({', '.join(book.unresolvable_approvers)})")
        return
    if t.related_pending:
        raise RuleViolation("closing.related",
                            "a related problem is still being handled and is not registered as "
                            "its own case; register it (ticket link) before closing")
    if t.kind == "repair" and book.repair_needs_signature and not t.signed:
        raise RuleViolation("closing.evidence",
                            "a repair closes only when the requester signed the work order "
                            "(ticket resolve --signed)")
    if t.needs_approval and approver_role not in book.major_approvers:
        what = "an emergency" if t.is_emergency else "a major case"
        raise RuleViolation("closing.approval",
                            f"{what} closes only with the approval of "
                            f"{' or '.join(book.major_approvers)} (--approved-by LOGIN)")


def task_transition(state: str, action: str, now: arrow.Arrow,
                    earliest: arrow.Arrow | None, title: str, tz: str) -> str:
    """The task state after ``action`` (done, undo, verify), or RuleViolation."""
    if action == "done":
        if state != PENDING:
            raise RuleViolation("task.done", f"'{title}' is already {state}")
        if earliest is not None and now < earliest:
            raise RuleViolation("task.too_early",
                                f"'{title}' cannot be checked off before "
                                f"{earliest.to(tz).format('YYYY-MM-DD HH:mm')}")
        return DONE
    if action == "undo":
        if state == VERIFIED:
            raise RuleViolation("task.undo", f"'{title}' was verified by the fire-control "
                                "centre; it cannot be undone")
        if state != DONE:
            raise RuleViolation("task.undo", f"'{title}' is {state}, not done")
        return PENDING
    if action == "verify":
        if state != DONE:
            raise RuleViolation("task.verify", f"'{title}' is {state}: only an item reported "
                                "done can be verified")
        return VERIFIED
    raise RuleViolation("task.action", f"unknown task action {action!r}")
