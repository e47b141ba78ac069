"""Who may do what: the whole role x action table."""

from __future__ import annotations

import pytest
from dutyboard.rules import permitted
from dutyboard.rules.permissions import ACTIONS, LEAD_SCOPED

MEETING = {"meeting.add", "meeting.move", "meeting.cancel"}
TICKET_STEPS = {"ticket.open", "ticket.inquiry", "ticket.dispatch", "ticket.follow-up",
                "ticket.escalate", "ticket.notify", "ticket.link"}
ADMIN = {"user.add", "venue.add", "rulebook.set"}
DESK_LATER = {"ticket.stall", "ticket.callback", "ticket.classify"}  # clerk or supervisor

# The table written out independently of rules/permissions.py.
EXPECTED: dict[str, set[str]] = {
    "manager": set(ACTIONS),
    "supervisor": {"ticket.approve", "signoff", "report.sign"} | DESK_LATER,
    "clerk": MEETING | TICKET_STEPS | DESK_LATER | {"ticket.resolve", "ticket.close", "ticket.reopen"},
    "duty": {"task.done", "task.undo", "task.verify"} | TICKET_STEPS,
    "lead": {"task.done", "task.undo", "ticket.resolve"},
}


def test_every_action_is_known() -> None:
    assert set(ACTIONS) == (MEETING | TICKET_STEPS | ADMIN | DESK_LATER | {"report.sign"} | {
        "task.done", "task.undo", "task.verify", "ticket.resolve", "ticket.close", "ticket.reopen",
        "ticket.approve", "signoff"})


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_role_action_table(role: str, action: str) -> None:
    ok, reason = permitted(role, action, frozenset({"eng"}), "eng")
    assert ok is (action in EXPECTED[role])
    if ok:
        assert reason == ""
    else:
        assert f"{action} needs the role" in reason and f"you are {role}" in reason


@pytest.mark.parametrize("action", sorted(ADMIN))
def test_only_the_manager_administers(action: str) -> None:
    assert permitted("manager", action)[0]
    assert all(not permitted(role, action)[0] for role in ("supervisor", "clerk", "duty", "lead"))


@pytest.mark.parametrize("action", sorted(LEAD_SCOPED))
def test_lead_only_for_own_department(action: str) -> None:
    assert permitted("lead", action, frozenset({"eng", "sec"}), "sec") == (True, "")
    ok, reason = permitted("lead", action, frozenset({"eng"}), "svc")
    assert not ok
    assert "only for their own department (eng), not svc" in reason
    assert not permitted("lead", action, frozenset(), "eng")[0]


@pytest.mark.parametrize("role", ["duty", "clerk", "manager"])
def test_department_scope_applies_to_leads_only(role: str) -> None:
    action = "task.done" if role != "clerk" else "ticket.resolve"
    assert permitted(role, action, frozenset({"eng"}), "svc") == (True, "")


def test_unknown_action_is_refused() -> None:
    assert permitted("clerk", "meeting.teleport") == (False, "unknown action meeting.teleport")
