"""Who may do what (brief: "Who may do what"). The store enforces this table."""

from __future__ import annotations

MANAGER = "manager"

# action -> roles allowed (the manager may do everything)
ACTIONS: dict[str, frozenset[str]] = {
    "user.add": frozenset(),
    "venue.add": frozenset(),
    "rulebook.set": frozenset(),
    "meeting.add": frozenset({"clerk"}),
    "meeting.move": frozenset({"clerk"}),
    "meeting.cancel": frozenset({"clerk"}),
    "task.done": frozenset({"duty", "lead"}),
    "task.undo": frozenset({"duty", "lead"}),
    "task.verify": frozenset({"duty"}),
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
    "ticket.stall": frozenset({"clerk", "supervisor"}),
    "ticket.callback": frozenset({"clerk", "supervisor"}),
    "ticket.classify": frozenset({"clerk", "supervisor"}),
    "report.sign": frozenset({"supervisor"}),  # the department head; the manager comments after
    "signoff": frozenset({"supervisor"}),
}

# Actions a department lead may take only for its own department.
LEAD_SCOPED = frozenset({"task.done", "task.undo", "ticket.resolve"})


def permitted(role: str, action: str, actor_depts: frozenset[str] = frozenset(),
              target_dept: str | None = None) -> tuple[bool, str]:
    """(allowed, reason-if-not)."""
    roles = ACTIONS.get(action)
    if roles is None:
        return False, f"unknown action {action}"
    if role == MANAGER:
        return True, ""
    if role not in roles:
        allowed = ", ".join(sorted(roles | {MANAGER}))
        return False, f"{action} needs the role {allowed}; you are {role}"
    if role == "lead" and action in LEAD_SCOPED and target_dept not in actor_depts:
        return False, (f"a department lead may {action} only for their own department "
                       f"({', '.join(sorted(actor_depts)) or 'none'}), not "
                       f"{target_dept or 'an undispatched case'}")
    return True, ""
