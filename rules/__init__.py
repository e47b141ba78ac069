"""dutyboard's rulebook and pure rule functions. Imports nothing of ours, touches no
database and no screen: from facts and an instant, derive tasks, deadlines, flags,
escalations and which transitions are allowed."""

from .booking import RuleViolation, check_booking
from .calendar import WorkCalendar
from .clock import Clock, FrozenClock, SystemClock, parse_instant
from .facts import Booking, Flag, Slot, TaskFact, TaskSpec, TicketFact
from .flags import flags_at, signoff_flag, task_flag, ticket_flags
from .permissions import permitted
from .preparation import derive_tasks
from .rulebook import DEPARTMENTS, ROLES, Rulebook, RulebookError, load_rulebook
from .tickets import ClockStep, check_close, next_step, task_transition, ticket_transition

__all__ = [
    "DEPARTMENTS", "ROLES", "Booking", "Clock", "ClockStep", "Flag", "FrozenClock",
    "RuleViolation", "Rulebook", "RulebookError", "Slot", "SystemClock", "TaskFact",
    "TaskSpec", "TicketFact", "WorkCalendar", "check_booking", "check_close", "derive_tasks",
    "flags_at", "load_rulebook", "next_step", "parse_instant", "permitted", "signoff_flag",
    "task_flag", "task_transition", "ticket_flags", "ticket_transition",
]
