"""Moving a booking (``meeting move``): its new times and what becomes of its tasks.

Pending tasks follow the meeting; done and verified ones stay where they are, because the
work was done. Tasks the rulebook no longer derives at the new times (a refill beyond a
shortened meeting) are dropped if still pending; tasks it now derives that the meeting does
not have yet (more refills for a longer meeting) are added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import arrow

from .facts import TaskSpec


def moved_times(old_start: arrow.Arrow, old_end: arrow.Arrow, start: arrow.Arrow,
                end: arrow.Arrow | None = None) -> tuple[arrow.Arrow, arrow.Arrow]:
    """The new start and end; without a new end the meeting keeps its length."""
    return start, end if end is not None else start + (old_end - old_start)


@dataclass(frozen=True)
class TaskMoves:
    retime: dict[int, TaskSpec]   # pending task id -> the spec with its new due and earliest times
    drop: tuple[int, ...]         # pending task ids the rulebook no longer derives
    add: tuple[TaskSpec, ...]     # derived specs no task of the meeting has yet, in derive order


def plan_task_moves(specs: Iterable[TaskSpec], pending: Mapping[int, str],
                    existing_codes: Iterable[str]) -> TaskMoves:
    """``specs``: the tasks derived for the new times; ``pending``: the meeting's pending task
    ids and their codes; ``existing_codes``: the codes of all its tasks, whatever their state."""
    by_code = {s.code: s for s in specs}
    retime = {ident: by_code[code] for ident, code in pending.items() if code in by_code}
    drop = tuple(ident for ident, code in pending.items() if code not in by_code)
    have = set(existing_codes)
    add = tuple(s for code, s in by_code.items() if code not in have)
    return TaskMoves(retime, drop, add)
