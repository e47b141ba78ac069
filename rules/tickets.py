"""The ticket clock and which ticket and task transitions are allowed (domain §5)."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from enum import Enum

import arrow

from .booking import RuleViolation
from .facts import CLOSED, DISPATCHED, DONE, INQUIRY, OPEN, PENDING, RESOLVED, VERIFIED, TicketFact
from .rulebook import Rulebook


@dataclass(frozen=True)
class ClockStep:
    """What the desk owes a ticket next, and by when."""
    kind: str        # "follow-up" | "escalate" | "chase" (the daily follow-up once escalated)
    number: int      # follow-up number (1, 2, 3, ...); 0 for escalation
    due: arrow.Arrow

    def label(self) -> str:
        if self.kind == "escalate":
            return "escalate to supervisor"
        if self.kind == "chase":
            return f"follow-up #{self.number} (daily, escalated)"
        return f"follow-up #{self.number}"


class Unknown(Enum):
    """A keyword left out: the callee works the value out (None is an answer of its own:
    the clock is not running)."""
    UNKNOWN = "unknown"


UNKNOWN = Unknown.UNKNOWN


def next_step(t: TicketFact, book: Rulebook) -> ClockStep | None:
    """The next follow-up or escalation owed, or None if the clock is not running.

    First follow-up 2 h after registration and dispatch; the second before the end
    of that working day; if still nothing, report to the supervisor.  An emergency
    goes to the supervisor at once.  The clock runs until the case is resolved
    (「直至销项」): once escalated, a follow-up is owed by close of business every
    working day (rulebook ``tickets.escalated_follow_up_working_days``).  A stalled
    case is off the clock.
    """
    if t.state not in (OPEN, DISPATCHED) or t.stalled_at is not None:
        return None
    cal = book.calendar
    if t.is_emergency and t.escalated_at is None:
        return ClockStep("escalate", 0, t.opened_at + book.emergency_escalate)
    anchor = t.clock_at or t.dispatched_at or t.opened_at
    first_due = anchor + book.first_follow_up
    made = t.made_follow_ups
    if made == 0:
        return ClockStep("follow-up", 1, first_due)
    if made == 1:
        first = t.follow_ups[0] if t.follow_ups else t.last_follow_up_at or anchor
        return ClockStep("follow-up", 2, cal.end_of_working_day(max(first_due, first)))
    second = t.follow_ups[1] if len(t.follow_ups) > 1 else t.last_follow_up_at or anchor
    if t.escalated_at is None:
        return ClockStep("escalate", 0, cal.end_of_working_day(second))
    every = book.escalated_follow_up_working_days
    if every <= 0:
        return None
    last = max(x for x in (t.escalated_at, t.last_follow_up_at, second) if x is not None)
    day = cal.today(last)
    for _ in range(every):
        day = cal.next_working_day(day)
    return ClockStep("chase", made + 1, cal.at(day, cal.work_end))


def callback_due(t: TicketFact, book: Rulebook) -> arrow.Arrow | None:
    """Close of business of the Nth working day after a repair was resolved, by which the
    desk calls the requester back (回访, 000 篇3 6.0); None when no callback is owed."""
    if t.kind != "repair" or t.resolved_at is None or t.callback_at is not None \
            or t.unresolvable or t.state not in (RESOLVED, CLOSED):
        return None
    cal = book.calendar
    day = cal.today(t.resolved_at)
    for _ in range(book.callback_within_working_days):
        day = cal.next_working_day(day)
    return cal.at(day, cal.work_end)


def check_registration(priority: str, major: bool, on_site: bool, inquiry: bool) -> None:
    """An emergency, on-site work, or an urgent or major case is always registered, never
    logged as an inquiry (000 篇5 3(1)②⑤, 篇4 4(1)⑶)."""
    if not inquiry:
        return
    why = ("an emergency" if priority == "emergency" else
           "a case that needs someone on site" if on_site else
           "an urgent case" if priority == "urgent" else
           "a major case" if major else None)
    if why is not None:
        raise RuleViolation("registration.required",
                            f"{why} is always registered, never logged as an inquiry "
                            "(000 篇5 3(1)); register it as a case", hint="without --inquiry")


def review_window(day: date, book: Rulebook) -> tuple[date, date]:
    """The quarterly review window holding ``day``, or the next one after it."""
    first, last = book.unresolvable_review_days
    for year in (day.year, day.year + 1):
        for month in book.unresolvable_review_months:
            end = date(year, month, min(last, monthrange(year, month)[1]))
            if end >= day:
                return date(year, month, first), end
    raise AssertionError("unreachable: the months repeat every year")  # pragma: no cover


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
    "stall": (OPEN, DISPATCHED),
    "callback": (RESOLVED, CLOSED),
    "classify": (OPEN, DISPATCHED, RESOLVED, CLOSED),
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
                                "case; record the result first", hint="ticket resolve")
        if action == "callback" and t.state in (OPEN, DISPATCHED):
            raise RuleViolation("callback.unresolved",
                                f"ticket {t.id} is {t.state}: the requester is called back only "
                                "after the case is resolved", hint="ticket resolve")
        raise RuleViolation(f"ticket.{action}", f"ticket {t.id} is {t.state}; {action} needs "
                            f"it to be {' or '.join(allowed)}")
    if action == "reopen":
        return DISPATCHED if t.dispatched_at else OPEN
    return _STATE_AFTER.get(action, t.state)


def check_close(t: TicketFact, book: Rulebook, approver_role: str | None,
                unresolvable: bool = False, reason: str = "", today: date | None = None) -> None:
    """Raise RuleViolation unless the ticket may close (domain §5 "Close"). ``today`` (the
    site's local day) is needed to close as unresolvable: only in the quarterly review."""
    ticket_transition(t, "close-unresolvable" if unresolvable else "close")
    if unresolvable:
        if not reason.strip():
            raise RuleViolation("closing.unresolvable.reason",
                                "an unresolvable case is closed only with the reason recorded")
        if approver_role not in book.unresolvable_approvers:
            raise RuleViolation("closing.unresolvable.approval",
                                "an unresolvable case closes only with the project manager's "
                                f"approval ({', '.join(book.unresolvable_approvers)})")
        if today is not None:
            start, end = review_window(today, book)
            if not start <= today <= end:
                raise RuleViolation("closing.unresolvable.window",
                                    "an unresolvable case is closed only in the quarterly review "
                                    f"(篇5 3(2)); the next window is {start.isoformat()} to "
                                    f"{end.isoformat()}; until then record it as stalled",
                                    hint=f"ticket stall {t.id} --reason TEXT")
        return
    if t.related_pending:
        raise RuleViolation("closing.related",
                            "a related problem is still being handled and is not registered as "
                            "its own case; register it before closing", hint="ticket link")
    if t.kind == "repair" and book.repair_needs_signature and not t.signed:
        raise RuleViolation("closing.evidence",
                            "a repair closes only when the requester signed the work order",
                            hint="ticket resolve --signed")
    if t.needs_approval and approver_role not in book.major_approvers:
        what = "an emergency" if t.is_emergency else "a major case"
        raise RuleViolation("closing.approval",
                            f"{what} closes only with the approval of "
                            f"{' or '.join(book.major_approvers)}", hint="--approved-by LOGIN")


def check_stall(t: TicketFact, reason: str) -> None:
    """An open case is set apart as stalled (unresolvable for now), with the reason."""
    ticket_transition(t, "stall")
    if t.stalled_at is not None:
        raise RuleViolation("stall.once", f"ticket {t.id} is already stalled")
    if not reason.strip():
        raise RuleViolation("stall.reason", "a case is stalled only with the reason recorded")


def check_callback(t: TicketFact) -> None:
    """The callback (回访) follows the result: refused before the case is resolved."""
    ticket_transition(t, "callback")
    if t.unresolvable:
        raise RuleViolation("callback.unresolvable",
                            f"ticket {t.id} was closed as unresolvable: there is no result to "
                            "call back about")
    if t.callback_at is not None:
        raise RuleViolation("callback.once", f"ticket {t.id}: the callback is already recorded")


COMMUNICATIVE = ("help", "inquiry", "venting")


def check_classify(t: TicketFact, nature: str | None, new: str, note: str) -> None:
    """A communicative complaint (help-seeking, inquiry, venting) that was handled badly
    turns into a valid one (domain §5); a valid complaint is never talked down."""
    ticket_transition(t, "classify")
    if t.kind != "complaint":
        raise RuleViolation("classify.kind", f"ticket {t.id} is a {t.kind}: only a complaint "
                            "has a nature to re-classify")
    if new != "valid" or (nature is not None and nature not in COMMUNICATIVE):
        raise RuleViolation("classify.valid_only",
                            f"ticket {t.id} is {nature or 'unclassified'}: only a communicative "
                            f"complaint ({', '.join(COMMUNICATIVE)}) is re-classified, and only "
                            "as valid")
    if not note.strip():
        raise RuleViolation("classify.note", "a re-classification records why",
                            hint="--note TEXT")


def task_transition(state: str, action: str, now: arrow.Arrow,
                    earliest: arrow.Arrow | None, title: str, tz: str) -> str:
    """The task state after ``action`` (done, undo, verify, unverify), or RuleViolation.
    ``unverify`` revokes a wrong verification: the item is back to reported, awaiting
    verification again."""
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
    if action == "unverify":
        if state != VERIFIED:
            raise RuleViolation("task.unverify", f"'{title}' is {state}: only a verified item "
                                "can have its verification revoked")
        return DONE
    raise RuleViolation("task.action", f"unknown task action {action!r}")
