"""The one clock. Every rule takes an instant; the app asks a Clock for it.

``FrozenClock`` is what ``--now`` installs, so any screen and any rule can be
examined at any instant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import arrow


class Clock(Protocol):
    def now(self) -> arrow.Arrow: ...


class SystemClock:
    def now(self) -> arrow.Arrow:
        return arrow.utcnow()


class FrozenClock:
    def __init__(self, instant: arrow.Arrow | str) -> None:
        self.instant = parse_instant(instant) if isinstance(instant, str) else instant.to("UTC")

    def now(self) -> arrow.Arrow:
        return self.instant

    def advance(self, **shift: float) -> None:
        self.instant = self.instant.shift(check_imaginary=True, **shift)


def parse_instant(text: str, tz: str = "UTC") -> arrow.Arrow:
    """Parse ISO-8601; a time without an offset is read in ``tz`` (the site's zone)."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"not an ISO-8601 time: {text!r} (use e.g. 2026-11-23T14:00 or 2026-11-23T14:00+08:00)"
        ) from None
    if parsed.tzinfo is None:
        return arrow.Arrow.fromdatetime(parsed, tzinfo=tz).to("UTC")
    return arrow.Arrow.fromdatetime(parsed).to("UTC")
