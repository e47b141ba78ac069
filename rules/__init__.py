"""dutyboard's rulebook and pure rule functions. Imports nothing of ours, touches no
database and no screen: from facts and an instant, derive tasks, deadlines, flags,
escalations and which transitions are allowed.

The names below load on first use (PEP 562), so a module that needs only one part (the
command line's parser: ``rules.names``, ``rules.facts``) does not load them all, nor arrow.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .booking import RuleViolation, check_booking
    from .calendar import WorkCalendar
    from .clock import Clock, FrozenClock, SystemClock, parse_instant
    from .facts import Booking, Flag, Slot, TaskFact, TaskSpec, TicketFact
    from .flags import flags_at, signoff_flag, task_flag, ticket_flags
    from .permissions import permitted
    from .preparation import derive_tasks
    from .rulebook import DEPARTMENTS, ROLES, Rulebook, RulebookError, load_rulebook
    from .tickets import ClockStep, check_close, next_step, task_transition, ticket_transition

_HOME = {  # name -> the module that defines it
    "RuleViolation": "booking", "check_booking": "booking", "WorkCalendar": "calendar",
    "Clock": "clock", "FrozenClock": "clock", "SystemClock": "clock", "parse_instant": "clock",
    "Booking": "facts", "Flag": "facts", "Slot": "facts", "TaskFact": "facts",
    "TaskSpec": "facts", "TicketFact": "facts", "flags_at": "flags", "signoff_flag": "flags",
    "task_flag": "flags", "ticket_flags": "flags", "permitted": "permissions",
    "derive_tasks": "preparation", "DEPARTMENTS": "names", "ROLES": "names",
    "Rulebook": "rulebook", "RulebookError": "rulebook", "load_rulebook": "rulebook",
    "ClockStep": "tickets", "check_close": "tickets", "next_step": "tickets",
    "task_transition": "tickets", "ticket_transition": "tickets",
}

__all__ = [
    "DEPARTMENTS", "ROLES", "Booking", "Clock", "ClockStep", "Flag", "FrozenClock",
    "RuleViolation", "Rulebook", "RulebookError", "Slot", "SystemClock", "TaskFact",
    "TaskSpec", "TicketFact", "WorkCalendar", "check_booking", "check_close", "derive_tasks",
    "flags_at", "load_rulebook", "next_step", "parse_instant", "permitted", "signoff_flag",
    "task_flag", "task_transition", "ticket_flags", "ticket_transition",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
