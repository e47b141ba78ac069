"""Purchases on the organizer's behalf become items with the organizer's confirmation step
(issue 9; domain §3, §7: an unconfirmed delivery is a complaint waiting to happen)."""

from __future__ import annotations

import pytest
from dutyboard.rules import Booking, RuleViolation, derive_tasks, load_rulebook
from dutyboard.rules.facts import DONE, PENDING, VERIFIED
from dutyboard.rules.preparation import check_after, ordered
from dutyboard.rules.rulebook import Rulebook, RulebookError
from prepkit import at, by_code, dues

# 2026-11-23 is a Monday: the day before Tuesday 24th closes at 18:00 on the 23rd.


def bought(purchases: tuple[str, ...], booked: str = "2026-11-20 10:00",
           start: str = "2026-11-24 14:00") -> Booking:
    return Booking("Room 101", "A", "meeting-room", 40, at(start), at(start).shift(hours=1), 10,
                   at(booked), frozenset({"purchase"}), None, "", frozenset(purchases))


def test_each_purchase_gets_a_delivery_and_a_confirmation(book: Rulebook) -> None:
    specs = derive_tasks(bought(("water", "copying")), book)
    due = dues(specs)
    assert {c: d for c, d in due.items() if c.startswith("desk.buy.")} == {
        "desk.buy.delivered.copying": "2026-11-23 18:00", "desk.buy.delivered.water": "2026-11-23 18:00",
        "desk.buy.confirmed.copying": "2026-11-24 13:30", "desk.buy.confirmed.water": "2026-11-24 13:30",
    }
    items = by_code(specs)
    assert items["desk.buy.delivered.water"].title == "Bought and delivered: bottled water"
    assert items["desk.buy.delivered.water"].title_zh == "代购并送达：瓶装水"
    assert items["desk.buy.confirmed.copying"].title == "The organizer confirmed receipt of copying"
    assert items["desk.buy.confirmed.copying"].title_zh == "主办方确认收到复印"
    assert all(items[c].dept == "desk" and not items[c].short_notice for c in items
               if c.startswith("desk.buy."))


def test_no_purchase_no_item(book: Rulebook) -> None:
    assert not [s for s in derive_tasks(bought(()), book) if s.code.startswith("desk.buy.")]


@pytest.mark.parametrize("purchase", ["water", "banner", "flowers", "media", "signage", "copying"])
def test_every_purchase_code_has_its_items(book: Rulebook, purchase: str) -> None:
    codes = {s.code for s in derive_tasks(bought((purchase,)), book)}
    assert {f"desk.buy.delivered.{purchase}", f"desk.buy.confirmed.{purchase}"} <= codes


@pytest.mark.parametrize(("booked", "due", "short"), [
    ("2026-11-23 17:59", "2026-11-23 18:00", False),   # a minute before the day-before close
    ("2026-11-23 18:00", "2026-11-23 18:30", True),     # at it: as soon as possible (asap 30m)
    ("2026-11-24 10:00", "2026-11-24 10:30", True),     # on the day
])
def test_a_late_booking_makes_the_delivery_asap_not_overdue(book: Rulebook, booked: str, due: str,
                                                            short: bool) -> None:
    items = by_code(derive_tasks(bought(("flowers",), booked), book))
    delivered = items["desk.buy.delivered.flowers"]
    assert (dues([delivered])["desk.buy.delivered.flowers"], delivered.short_notice) == (due, short)


@pytest.mark.parametrize(("booked", "due", "short"), [
    ("2026-11-24 13:29", "2026-11-24 13:30", False),
    ("2026-11-24 13:30", "2026-11-24 14:00", True),     # asap, never after the start
])
def test_the_confirmation_is_before_the_start(book: Rulebook, booked: str, due: str, short: bool) -> None:
    confirmed = by_code(derive_tasks(bought(("banner",), booked), book))["desk.buy.confirmed.banner"]
    assert (dues([confirmed])["desk.buy.confirmed.banner"], confirmed.short_notice) == (due, short)


def test_the_confirmation_waits_for_the_delivery(book: Rulebook) -> None:
    states = {"desk.buy.delivered.water": PENDING, "desk.buy.confirmed.water": PENDING,
              "desk.buy.delivered.copying": DONE, "desk.buy.confirmed.copying": PENDING}
    with pytest.raises(RuleViolation) as exc:
        check_after("desk.buy.confirmed.water", "done", states, book, 7)
    assert exc.value.rule == "task.after"
    assert "desk.buy.confirmed.water of meeting 7 cannot be checked off while " \
           "desk.buy.delivered.water is still open" in str(exc.value)
    check_after("desk.buy.confirmed.copying", "done", states, book, 7)   # its own delivery is done


@pytest.mark.parametrize("confirmed", [DONE, VERIFIED])
def test_a_confirmed_delivery_is_not_undone(book: Rulebook, confirmed: str) -> None:
    states = {"desk.buy.delivered.water": DONE, "desk.buy.confirmed.water": confirmed}
    with pytest.raises(RuleViolation, match="undo desk.buy.confirmed.water first"):
        check_after("desk.buy.delivered.water", "undo", states, book, 7)
    check_after("desk.buy.delivered.water", "undo",
                {**states, "desk.buy.confirmed.water": PENDING}, book, 7)


def test_only_the_pair_is_ordered(book: Rulebook) -> None:
    assert ordered("desk.buy.confirmed.media", book) and ordered("desk.buy.delivered.media", book)
    assert not ordered("desk.inspect", book) and not ordered("desk.buy.delivered.fireworks", book)
    check_after("desk.inspect", "done", {"desk.buy.delivered.water": PENDING}, book, 7)


@pytest.mark.parametrize(("text", "reason"), [
    ('[[task]]\ncode = "x.buy"\ndept = "desk"\ntitle = "t"\nat = "start"\npurchases = ["fireworks"]\n',
     "unknown purchase 'fireworks'"),
    ('[[task]]\ncode = "x.buy"\ndept = "desk"\ntitle = "t"\nat = "start"\npurchases = "water"\n',
     "purchases must be a list"),
    ('[[task]]\ncode = "x.buy"\ndept = "desk"\ntitle = "t"\nat = "start"\nafter = "no.such"\n',
     "after names no task: 'no.such'"),
    ('[[task]]\ncode = "x.buy"\ndept = "desk"\ntitle = "t"\nat = "start"\nafter = "desk.buy.delivered"\n',
     "both items must name the same purchases"),
])
def test_the_rulebook_check_validates_purchases_and_after(text: str, reason: str) -> None:
    with pytest.raises(RulebookError) as exc:
        load_rulebook(texts=(("site", text),))
    assert exc.value.key == "task.x.buy" and reason in exc.value.reason


def test_a_site_may_narrow_the_purchases_that_need_confirming() -> None:
    book = load_rulebook(texts=(("site", '[[task]]\ncode = "desk.buy.confirmed"\n'
                                         'purchases = ["water", "banner", "flowers", "media", '
                                         '"signage"]\n[[task]]\ncode = "desk.buy.delivered"\n'
                                         'purchases = ["water", "banner", "flowers", "media", '
                                         '"signage"]\n'),))
    codes = {s.code for s in derive_tasks(bought(("water", "copying")), book)}
    assert "desk.buy.confirmed.water" in codes and "desk.buy.confirmed.copying" not in codes
