"""One row-key type for every table of the board: what a row stands for.

A row is a meeting, a readiness task, a ticket or a day; an escalation row is also the flag's
kind (one subject can carry several flags). The rules name a flag's subject "ticket:11",
"task:5" or "day:2026-11-22"; this module is the only place that reads that form.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowRef:
    entity: str        # "meeting", "task", "ticket" or "day"
    ident: str         # the id (as text) or the day
    flag: str = ""     # escalation rows: the flag's kind
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ident = str(self.ident)
        object.__setattr__(self, "ident", ident)
        # the hash dataclass would work out on every lookup, once: rows live in a handful of
        # dicts and sets by their key (a first board of the large site: 34,000 lookups)
        object.__setattr__(self, "_hash", hash((self.entity, ident, self.flag)))

    def __hash__(self) -> int:
        return self._hash

    @classmethod
    def of_flag(cls, kind: str, subject: str) -> RowRef:
        entity, _, ident = subject.partition(":")
        return cls(entity, ident, kind)

    @property
    def number(self) -> int:
        """The id of a meeting, task or ticket."""
        return int(self.ident)

    @property
    def subject(self) -> RowRef:
        """The thing itself, without the flag."""
        return RowRef(self.entity, self.ident) if self.flag else self

    def __str__(self) -> str:
        """The DataTable row key (DataTable keys are strings)."""
        return f"{self.flag}@{self.entity}:{self.ident}" if self.flag else f"{self.entity}:{self.ident}"
