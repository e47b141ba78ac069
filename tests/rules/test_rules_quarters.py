"""Quarters: parsing, months, the due date of the quarterly report."""

from __future__ import annotations

from datetime import date

import pytest
from dutyboard.rules.quarters import parse_quarter, quarter_due, quarter_label, quarter_months, quarter_of


@pytest.mark.parametrize(("text", "expected"), [("2026-Q4", (2026, 4)), ("2027q1", (2027, 1)),
                                                (" 2026-Q2 ", (2026, 2))])
def test_parse_quarter(text: str, expected: tuple[int, int]) -> None:
    assert parse_quarter(text) == expected


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026-10", "Q4", "0000-Q1"])
def test_parse_quarter_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not a quarter"):
        parse_quarter(text)


@pytest.mark.parametrize(("day", "quarter"), [(date(2026, 1, 1), (2026, 1)), (date(2026, 3, 31), (2026, 1)),
                                              (date(2026, 4, 1), (2026, 2)), (date(2026, 12, 31), (2026, 4))])
def test_quarter_of(day: date, quarter: tuple[int, int]) -> None:
    assert quarter_of(day) == quarter


def test_months_and_due_date() -> None:
    assert quarter_months(2026, 4) == ((2026, 10), (2026, 11), (2026, 12))
    assert quarter_months(2027, 1) == ((2027, 1), (2027, 2), (2027, 3))
    assert quarter_due(2026, 4) == date(2026, 12, 5) and quarter_due(2027, 1) == date(2027, 3, 5)
    assert quarter_label(2026, 4) == "2026-Q4"


def test_who_signs_the_quarter_and_in_which_order() -> None:
    from dutyboard.rules import RuleViolation
    from dutyboard.rules.quarters import HEAD, MANAGER, check_quarter_sign

    def rule(*args: object) -> str:
        with pytest.raises(RuleViolation) as err:
            check_quarter_sign(*args)  # type: ignore[arg-type]
        return err.value.rule

    check_quarter_sign(HEAD, (), frozenset(), "", "")
    assert rule(HEAD, ("2026-11",), frozenset(), "", " ") == "quarterly.corrective"
    check_quarter_sign(HEAD, ("2026-11",), frozenset(), "", "staff retrained; weekly checks")
    assert rule(HEAD, (), frozenset({HEAD}), "", "") == "quarterly.once"
    assert rule(MANAGER, (), frozenset(), "fine", "") == "quarterly.order"
    assert rule(MANAGER, (), frozenset({HEAD}), " ", "") == "quarterly.comment"
    check_quarter_sign(MANAGER, ("2026-11",), frozenset({HEAD}), "agreed", "")
    assert rule(MANAGER, (), frozenset({HEAD, MANAGER}), "again", "") == "quarterly.once"
