"""Who may do what: the whole role x action table."""

from __future__ import annotations

import pytest
from dutyboard.rules import permitted
from dutyboard.rules.permissions import ACTIONS, LEAD_SCOPED

MEETING = {"meeting.add", "meeting.move", "meeting.cancel"}
TICKET_STEPS = {"ticket.open", "ticket.inquiry", "ticket.dispatch", "ticket.follow-up",
                "ticket.escalate", "ticket.notify", "ticket.link"}
ADMIN = {"user.add", "venue.add", "rulebook.set", "site.add", "site.member"}
DESK_LATER = {"ticket.stall", "ticket.callback", "ticket.classify"}  # clerk or supervisor
AFTER_MEETING = {"meeting.fee", "lost.add", "lost.return"}
DESK_DUTY = {"report.bookings_sent"}  # the next two days' bookings sent (000 §3.3B)
HANDOVER = {"handover.write", "handover.ack"}  # the shift: desk and fire-control centre
CORRECTIONS = {"task.unverify", "signoff.revoke"}  # issue 11: revoking, with a reason

# The table written out independently of rules/permissions.py.
CLERK = MEETING | TICKET_STEPS | {"ticket.resolve", "ticket.close", "ticket.reopen", "task.done",
                                  "task.undo", "task.verify"}
EXPECTED: dict[str, set[str]] = {
    "manager": set(ACTIONS),
    "supervisor": CLERK | DESK_LATER | AFTER_MEETING | HANDOVER | CORRECTIONS | DESK_DUTY
                  | {"ticket.approve", "signoff", "report.sign"},  # a clerk's and more
    "clerk": CLERK | DESK_LATER | AFTER_MEETING | HANDOVER | DESK_DUTY,
    "duty": {"task.done", "task.undo", "task.verify", "task.unverify", "lost.add", "lost.return"}
            | TICKET_STEPS | HANDOVER,
    "lead": {"task.done", "task.undo", "ticket.resolve", "lost.add"},
}


def test_every_action_is_known() -> None:
    assert set(ACTIONS) == (MEETING | TICKET_STEPS | ADMIN | DESK_LATER | AFTER_MEETING | HANDOVER
                            | CORRECTIONS | DESK_DUTY | {"report.sign"} | {
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


@pytest.mark.parametrize("role", ["duty", "clerk", "supervisor", "manager"])
def test_department_scope_of_the_others(role: str) -> None:
    action = "task.done" if role in ("duty", "manager") else "ticket.resolve"
    assert permitted(role, action, frozenset({"eng"}), "svc") == (True, "")


@pytest.mark.parametrize("role", ["clerk", "supervisor"])
def test_the_desk_ticks_its_own_readiness_items_only(role: str) -> None:
    for action in ("task.done", "task.undo"):
        assert permitted(role, action, frozenset({"desk"}), "desk") == (True, "")
        ok, reason = permitted(role, action, frozenset({"desk"}), "eng")
        assert not ok and "only for their own department (desk), not eng" in reason
    # verification: only where the service desk is the venue's verifier (the administration centre)
    assert permitted(role, "task.verify", frozenset({"desk"}), "desk") == (True, "")
    ok, reason = permitted(role, "task.verify", frozenset({"desk"}), "fcc")
    assert not ok and "only for their own department (desk), not fcc" in reason


def test_the_duty_officer_verifies_where_the_fire_control_centre_is_the_verifier() -> None:
    assert permitted("duty", "task.verify", frozenset({"fcc"}), "fcc") == (True, "")
    ok, reason = permitted("duty", "task.verify", frozenset({"fcc"}), "desk")
    assert not ok and "only for their own department (fcc), not desk" in reason
    assert permitted("manager", "task.verify", frozenset(), "desk") == (True, "")


def test_the_supervisor_may_do_everything_a_clerk_may() -> None:
    for action, roles in ACTIONS.items():
        if "clerk" in roles:
            assert "supervisor" in roles, action


def test_unknown_action_is_refused() -> None:
    assert permitted("clerk", "meeting.teleport") == (False, "unknown action meeting.teleport")


def test_the_readme_shows_this_table() -> None:
    from pathlib import Path

    from dutyboard.rules.permissions import matrix_markdown
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "## Who may do what" in readme
    assert matrix_markdown() in readme
