"""Rulebook settings of the case procedures (domain §5, issue 10), read and checked apart so
the main reader stays small: who hears of an urgent case at once, the daily chase of an
escalated case, the callback's time, the quarterly review window for unresolvable cases."""

from __future__ import annotations

from typing import Any


def ticket_procedures(r: Any) -> dict[str, Any]:
    """The case-procedure settings (domain §5): who hears of an urgent case, the daily chase
    of an escalated one, the callback's time, the quarterly review window."""
    out: dict[str, Any] = {"notify_urgent": r.roles("tickets.notify_urgent")}
    for key, name in (("tickets.escalated_follow_up_working_days", "escalated_follow_up_working_days"),
                      ("tickets.callback_within_working_days", "callback_within_working_days")):
        value = r.typed(key, int, "a whole number of working days")
        if value < 0:
            raise r.fail(key, "cannot be negative")
        out[name] = value
    months = r.typed("closing.unresolvable_review_months", list, "a list of months 1-12")
    if not months or any(not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= 12
                         for m in months):
        raise r.fail("closing.unresolvable_review_months", "months are numbers 1 to 12")
    days = r.typed("closing.unresolvable_review_days", list, "[first, last] day of the month")
    if len(days) != 2 or any(not isinstance(d, int) or isinstance(d, bool) for d in days) \
            or not 1 <= days[0] <= days[1] <= 31:
        raise r.fail("closing.unresolvable_review_days",
                     "must be [first, last] with 1 <= first <= last <= 31 (cut at the month's end)")
    out["unresolvable_review_months"] = tuple(sorted(set(months)))
    out["unresolvable_review_days"] = (days[0], days[1])
    return out
