"""Errors a store call can raise, each with the command line's exit code."""

from __future__ import annotations

import peewee


class DutyError(Exception):
    exit_code = 1


class UsageError(DutyError):
    """Bad input: unknown option value, malformed time, missing argument."""
    exit_code = 2


class Refused(DutyError):
    """A rule refused the change; the message names the rule and the numbers."""
    exit_code = 3

    def __init__(self, message: str, rule: str = "") -> None:
        self.rule = rule
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


class Unavailable(DutyError, peewee.OperationalError):
    """The database could not be reached or written (busy past the wait, read-only, disk full,
    connection lost); the transaction rolled back, so nothing was written. It is also a
    peewee OperationalError, so code that handles the driver's error handles this one."""
    exit_code = 6
