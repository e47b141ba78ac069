"""From a booking, the preparation tasks each department owes, with deadlines."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta

import arrow

from .booking import RuleViolation
from .facts import PENDING, Booking, TaskSpec
from .rulebook import PURCHASE_NAMES, SIZES, Rulebook, TaskTemplate, VenueKind


def default_size(attendees: int, venue_kind: str, book: Rulebook) -> str:
    """The size a meeting gets unless the desk says otherwise (002 三(四): the organizer, the
    attendee count and the convening leader's rank decide; the desk knows the rank): from the
    attendee count ([booking] medium_from, large_from), at least the venue kind's min_size."""
    medium, large = book.size_from
    by_count = "large" if attendees >= large else "medium" if attendees >= medium else "small"
    kind = book.kinds.get(venue_kind)
    floor = kind.min_size if kind is not None else "small"
    return max(by_count, floor, key=SIZES.index)


def meeting_size(booking: Booking, book: Rulebook) -> str:
    return booking.size or default_size(booking.attendees, booking.venue_kind, book)


def derive_tasks(booking: Booking, book: Rulebook) -> list[TaskSpec]:
    """Every task for ``booking``, sorted by due time then code. The large-meeting procedure
    follows the meeting's size, not the room (domain §2, §4)."""
    size = meeting_size(booking, book)
    specs = [spec for t in book.tasks
             if t.applies(booking.venue_kind, booking.venue_class, booking.services, size,
                          booking.purchases)
             for spec in _specs(t, booking, book)]
    kind = book.kinds.get(booking.venue_kind)
    if kind is not None:
        specs.extend(_refills(kind, booking))
    return sorted(specs, key=lambda s: (s.due, s.code))


def _specs(t: TaskTemplate, booking: Booking, book: Rulebook) -> list[TaskSpec]:
    """A template's items: one, or one per purchase on the booking the template names (the
    desk bought it on the organizer's behalf, domain §3, §7), coded ``<code>.<purchase>``."""
    if not t.purchases:
        return [_spec(t, booking, book)]
    return [_spec(per_purchase(t, p), booking, book)
            for p in sorted(booking.purchases.intersection(t.purchases))]


def per_purchase(t: TaskTemplate, purchase: str) -> TaskTemplate:
    """The template for one purchase: its code suffixed, {item} / {item_zh} in the titles named."""
    en, zh = PURCHASE_NAMES.get(purchase, (purchase, purchase))
    return replace(t, code=f"{t.code}.{purchase}",
                   title=t.title.replace("{item}", en),
                   title_zh=t.title_zh.replace("{item_zh}", zh).replace("{item}", en))


def _spec(t: TaskTemplate, booking: Booking, book: Rulebook) -> TaskSpec:
    if t.at == "booked":   # owed from the booking itself (tell the administration office)
        due = booking.booked_at.shift(seconds=t.offset.total_seconds())
        return TaskSpec(t.code, t.dept, t.title, t.title_zh, due, booking.booked_at, t.verify)
    if t.at == "eve":
        due = book.calendar.eve(booking.start).shift(seconds=t.offset.total_seconds())
    else:
        anchor = booking.start if t.at == "start" else booking.end
        due = anchor.shift(seconds=t.offset.total_seconds())
    # A legal booking is not born overdue (domain §3): an item whose time has passed at booking
    # (or, for a task with its own asap, would fall due sooner than that) is due as soon as
    # possible, never after the start, and may be checked off at once.
    asap = book.asap if t.asap is None else t.asap
    late = due <= booking.booked_at if t.asap is None else due < booking.booked_at + t.asap
    if late:
        due = min(booking.booked_at + asap, booking.start)
        return TaskSpec(t.code, t.dept, t.title, t.title_zh, due, booking.booked_at, t.verify, True)
    return TaskSpec(t.code, t.dept, t.title, t.title_zh, due, due - t.window, t.verify)


def _refills(kind: VenueKind, booking: Booking) -> list[TaskSpec]:
    """Tea refills during the meeting (domain §4): a fixed interval, or 004's seasonal steps."""
    steps: list[timedelta] = list(kind.refill_schedule)
    if not steps:
        if kind.refill_every <= timedelta(0):
            return []
        steps = [kind.refill_every]
    out: list[TaskSpec] = []
    at: arrow.Arrow = booking.start
    n = 0
    while True:
        step = steps[min(n, len(steps) - 1)]
        at = at + step
        if at >= booking.end:
            return out
        n += 1
        out.append(TaskSpec(f"svc.refill.{n}", "svc", f"Tea refill #{n}", f"第{n}次续水",
                            at, at - timedelta(minutes=5), False))


_LEVEL = re.compile(r"check\.level(\d+)$")


def check_level(code: str) -> int | None:
    """The level of a three-level-check item (``check.level2`` -> 2), else None."""
    match = _LEVEL.match(code)
    return int(match.group(1)) if match else None


def check_three_levels(code: str, action: str, states: Mapping[str, str], meeting_id: int) -> None:
    """The three-level check is a control (002 管理要点 4): level 2 confirms level 1, level 3
    confirms levels 1 and 2. A level cannot be checked off while a level below it is still
    pending, nor undone while a level above it stands checked off. ``states`` maps the
    meeting's task codes to their states. Raises RuleViolation naming the level in the way."""
    level = check_level(code)
    if level is None:
        return
    levels = {n: state for c, state in states.items() if (n := check_level(c)) is not None}
    if action == "done":
        below = sorted(n for n, state in levels.items() if n < level and state == PENDING)
        if below:
            names = " and ".join(f"level {n}" for n in below)
            raise RuleViolation("check.order",
                                f"level {level} of meeting {meeting_id}'s three-level check cannot be "
                                f"checked off while {names} {'is' if len(below) == 1 else 'are'} "
                                f"still open ({', '.join(f'check.level{n}' for n in below)})")
    elif action == "undo":
        above = sorted(n for n, state in levels.items() if n > level and state != PENDING)
        if above:
            raise RuleViolation("check.order",
                                f"level {level} of meeting {meeting_id}'s three-level check cannot be "
                                f"undone while level {above[0]} is checked off; undo level "
                                f"{above[-1]} first")


def _split(code: str, book: Rulebook) -> tuple[TaskTemplate, str] | None:
    """The template an item came from and its purchase suffix ('' for a plain item)."""
    for t in book.tasks:
        if code == t.code and not t.purchases:
            return t, ""
        if t.purchases and code.startswith(t.code + "."):
            suffix = code[len(t.code) + 1:]
            if suffix in t.purchases:
                return t, "." + suffix
    return None


def ordered(code: str, book: Rulebook) -> bool:
    """Whether an item is in an ``after`` pair (a confirmation, or what it confirms)."""
    found = _split(code, book)
    if found is None:
        return False
    t = found[0]
    return t.after is not None or any(o.after == t.code for o in book.tasks)


def check_after(code: str, action: str, states: Mapping[str, str], book: Rulebook,
                meeting_id: int) -> None:
    """A [[task]] with ``after`` is a confirmation of that item (the organizer confirms receipt
    of what the desk bought, domain §7): it cannot be checked off while that item is still open
    on the meeting, and that item cannot be undone while its confirmation stands checked off.
    ``states`` maps the meeting's task codes to their states. Raises RuleViolation."""
    found = _split(code, book)
    if found is None:
        return
    t, suffix = found
    if action == "done" and t.after:
        before = t.after + suffix
        if states.get(before) == PENDING:
            raise RuleViolation("task.after", f"{code} of meeting {meeting_id} cannot be checked off "
                                f"while {before} is still open")
    elif action == "undo":
        for other in book.tasks:
            if other.after == t.code:
                later = other.code + suffix
                if states.get(later, PENDING) != PENDING:
                    raise RuleViolation("task.after", f"{code} of meeting {meeting_id} cannot be "
                                        f"undone while {later} is checked off; undo {later} first")
