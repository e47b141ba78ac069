"""The one clock. Every rule takes an instant; the app asks a Clock for it.

``FrozenClock`` is what ``--now`` installs, so any screen and any rule can be
examined at any instant.
"""

from __future__ import annotations

from collections.abc import Callable
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


class ScaledClock:
    """A clock that starts at ``start`` and runs ``rate`` times faster than real time: a soak
    test (or a demonstration) lives through a night or a week in a minute. ``monotonic`` is
    the real elapsed-seconds source (``time.monotonic`` unless a test passes its own)."""

    def __init__(self, start: arrow.Arrow, rate: float, monotonic: Callable[[], float] | None = None) -> None:
        if not rate > 0:
            raise ValueError(f"clock rate must be positive, not {rate!r}")
        import time
        self.start = start.to("UTC")
        self.rate = rate
        self.monotonic = monotonic or time.monotonic
        self.began = self.monotonic()

    def now(self) -> arrow.Arrow:
        return self.start.shift(seconds=(self.monotonic() - self.began) * self.rate)


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
