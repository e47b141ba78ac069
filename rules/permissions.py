"""Who may do what: one table, enforced by the store, shown in the README ("Who may do what")
and tested against every role and every write command.

The desk supervisor may do everything a desk clerk may; the manager everything. Some actions
a role may take only for its own departments (a lead's tasks, the desk's own readiness items).
Who may *verify* an item is a permission here; that nobody verifies an item they reported
themselves is a rule (``task.self_verify``, checked by the store).
"""

from __future__ import annotations

MANAGER = "manager"
ROLE_ORDER = ("duty", "clerk", "lead", "supervisor", "manager")
# A role that may also do everything another role may.
INHERITS = {"supervisor": "clerk"}

# action -> roles allowed, before inheritance (the manager may do everything)
_OWN: dict[str, frozenset[str]] = {
    "user.add": frozenset(),
    "venue.add": frozenset(),
    "rulebook.set": frozenset(),
    "site.add": frozenset(),      # a new building on the company's database (the manager's)
    "site.member": frozenset(),   # a person joins a building
    "meeting.add": frozenset({"clerk"}),
    "meeting.move": frozenset({"clerk"}),
    "meeting.cancel": frozenset({"clerk"}),
    "meeting.fee": frozenset({"clerk"}),
    "task.done": frozenset({"duty", "lead", "clerk"}),
    "task.undo": frozenset({"duty", "lead", "clerk"}),
    "task.verify": frozenset({"duty", "clerk"}),  # own dept: the venue's verifier (fcc or desk)
    "task.unverify": frozenset({"duty", "supervisor"}),  # a wrong verification, with a reason
    "ticket.open": frozenset({"clerk", "duty"}),
    "ticket.inquiry": frozenset({"clerk", "duty"}),
    "ticket.dispatch": frozenset({"clerk", "duty"}),
    "ticket.follow-up": frozenset({"clerk", "duty"}),
    "ticket.escalate": frozenset({"clerk", "duty"}),
    "ticket.notify": frozenset({"clerk", "duty"}),
    "ticket.resolve": frozenset({"clerk", "lead"}),
    "ticket.link": frozenset({"clerk", "duty"}),
    "ticket.close": frozenset({"clerk"}),
    "ticket.reopen": frozenset({"clerk"}),
    "ticket.approve": frozenset({"supervisor"}),
    "ticket.stall": frozenset({"clerk"}),
    "ticket.callback": frozenset({"clerk"}),
    "ticket.classify": frozenset({"clerk"}),
    "lost.add": frozenset({"duty", "lead", "clerk"}),   # whoever finds or is handed it
    "lost.return": frozenset({"duty", "clerk"}),        # the desk or the fire-control centre
    "report.sign": frozenset({"supervisor"}),  # the department head; the manager comments after
    # the next two days' bookings sent to the administration office (000 §3.3B)
    "report.bookings_sent": frozenset({"clerk", "supervisor"}),
    "signoff": frozenset({"supervisor"}),
    # the shift at the desk and the fire-control centre hands over (issue 11)
    "handover.write": frozenset({"clerk", "duty"}),
    "handover.ack": frozenset({"clerk", "duty"}),
    "signoff.revoke": frozenset({"supervisor"}),  # with a reason, audited
}

ACTIONS: dict[str, frozenset[str]] = {
    action: roles | {heir for heir, base in INHERITS.items() if base in roles}
    for action, roles in _OWN.items()
}

# role -> actions it may take only for its own departments. For task.verify the department is
# the one that verifies the item's venue (domain §2, rulebook [verification]): the duty officer
# (fcc) at the conference building, the service desk at the administration centre.
DEPT_SCOPED: dict[str, frozenset[str]] = {
    "lead": frozenset({"task.done", "task.undo", "ticket.resolve"}),
    "clerk": frozenset({"task.done", "task.undo", "task.verify"}),
    "supervisor": frozenset({"task.done", "task.undo", "task.verify"}),
    "duty": frozenset({"task.verify"}),
}
LEAD_SCOPED = DEPT_SCOPED["lead"]
ROLE_NAMES = {"lead": "department lead", "clerk": "desk clerk", "duty": "duty officer"}


def refusal(role: str, action: str, actor_depts: frozenset[str] = frozenset(),
            target_dept: str | None = None) -> tuple[str, dict[str, str]] | None:
    """Why ``role`` may not take ``action``, as a kind and its values (the board words them in
    its language): ``unknown_action``; ``role`` (the roles it needs, comma-separated);
    ``own_dept`` (the actor's departments, the target's). None when it may."""
    roles = ACTIONS.get(action)
    if roles is None:
        return "unknown_action", {"action": action}
    if role == MANAGER:
        return None
    if role not in roles:
        return "role", {"action": action, "roles": ",".join(sorted(roles | {MANAGER})), "role": role}
    if action in DEPT_SCOPED.get(role, ()) and target_dept not in actor_depts:
        return "own_dept", {"action": action, "role": role, "depts": ",".join(sorted(actor_depts)),
                            "target": target_dept or ""}
    return None


def permitted(role: str, action: str, actor_depts: frozenset[str] = frozenset(),
              target_dept: str | None = None) -> tuple[bool, str]:
    """(allowed, reason-if-not): :func:`refusal` in the command line's English."""
    found = refusal(role, action, actor_depts, target_dept)
    if found is None:
        return True, ""
    kind, v = found
    if kind == "unknown_action":
        return False, f"unknown action {action}"
    if kind == "role":
        return False, f"{action} needs the role {v['roles'].replace(',', ', ')}; you are {role}"
    return False, (f"a {ROLE_NAMES.get(role, role)} may {action} only for their own department "
                   f"({v['depts'].replace(',', ', ') or 'none'}), not "
                   f"{target_dept or 'an undispatched case'}")


def cell(role: str, action: str) -> str:
    """One cell of the README's table: yes, own dept, or no."""
    if role == MANAGER:
        return "yes"
    if role not in ACTIONS[action]:
        return "no"
    return "own dept" if action in DEPT_SCOPED.get(role, ()) else "yes"


def matrix_markdown() -> str:
    """The whole role x action table as Markdown (the README shows exactly this)."""
    lines = ["| action | " + " | ".join(ROLE_ORDER) + " |",
             "| --- | " + " | ".join("---" for _ in ROLE_ORDER) + " |"]
    for action in ACTIONS:
        lines.append(f"| `{action}` | " + " | ".join(cell(r, action) for r in ROLE_ORDER) + " |")
    return "\n".join(lines) + "\n"
