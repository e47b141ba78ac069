"""Errors a store call can raise, each with the command line's exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import Unavailable as Unavailable


class DutyError(Exception):
    exit_code = 1


class UsageError(DutyError):
    """Bad input: unknown option value, malformed time, missing argument."""
    exit_code = 2


class Refused(DutyError):
    """A rule refused the change; the message names the rule and the numbers."""
    exit_code = 3

    def __init__(self, message: str, rule: str = "", hint: str = "") -> None:
        self.rule = rule
        self.hint = hint  # the command line's hint at the message's end (RuleViolation.hint)
        super().__init__(message)


class Conflict(Refused):
    """Someone else changed the record between reading and writing it."""


class NotPermitted(DutyError):
    """``why`` and ``values``: the reason as a kind the board words in its language
    (rules.permissions.refusal's kinds, ``not_user``, ``no_site``); the message stays the
    command line's English."""
    exit_code = 4

    def __init__(self, message: str, why: str = "", values: dict[str, str] | None = None) -> None:
        self.why, self.values = why, dict(values or {})
        super().__init__(message)


class NotFound(DutyError):
    exit_code = 5


def __getattr__(name: str) -> Any:
    """``Unavailable`` is a Peewee error too, so it lives in store.db (with Peewee) and loads
    on first use: importing the other errors (the command line's parser) costs no Peewee."""
    if name == "Unavailable":
        from .db import Unavailable
        return Unavailable
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
