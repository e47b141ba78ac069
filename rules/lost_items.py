"""The lost items register (《拾遗物品登记表》, domain §3-§4): what was found after a meeting is
registered, its owner or the organizer contacted, and the item handed back. An item still
unreturned after the rulebook's ``[lost] flag_after`` (default 7 days) is flagged."""

from __future__ import annotations

from dataclasses import dataclass

import arrow

from .booking import RuleViolation
from .facts import Flag
from .rulebook import Rulebook


@dataclass(frozen=True)
class LostFact:
    id: int
    item: str
    found_at: arrow.Arrow
    returned_at: arrow.Arrow | None


def lost_flag(fact: LostFact, book: Rulebook, now: arrow.Arrow) -> Flag | None:
    if fact.returned_at is not None:
        return None
    due = fact.found_at + book.lost_flag_after
    if now < due:
        return None
    return Flag("lost_unreturned", "warn", f"lost:{fact.id}", due,
                f"lost item #{fact.id} ({fact.item}) not returned since "
                f"{fact.found_at.to(book.tz).format('YYYY-MM-DD')}", "desk",
                {"id": fact.id, "item": fact.item, "found": fact.found_at.to(book.tz).format('YYYY-MM-DD')})


def check_return(fact: LostFact, to: str) -> None:
    if fact.returned_at is not None:
        raise RuleViolation("lost.returned", f"lost item #{fact.id} was already returned")
    if not to.strip():
        raise RuleViolation("lost.to", "say to whom the item was handed", hint="--to NAME")


def check_fee(meeting_id: int, status: str, end: arrow.Arrow, now: arrow.Arrow) -> None:
    """The fee confirmation (《会议费用确认单》) is signed after the meeting, never for a
    cancelled one."""
    if status == "cancelled":
        raise RuleViolation("fee.cancelled", f"meeting {meeting_id} was cancelled: no fee to confirm")
    if now < end:
        raise RuleViolation("fee.after_end", f"meeting {meeting_id} has not ended yet (it ends "
                                             f"{end.format('YYYY-MM-DD HH:mm')}): the fee is "
                                             "confirmed afterwards, with the consumables tally")
