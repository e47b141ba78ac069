"""Parse the short durations the rulebook uses: ``90m``, ``1h30m``, ``-2h``, ``1d``."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+(?:\.\d+)?)([dhms])")
_UNIT = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_LIMIT_SECONDS = 3660 * 86400


def parse_duration(text: str) -> timedelta:
    """Return the timedelta for ``text``; raise ValueError naming what was wrong."""
    raw = text.strip().lower()
    sign = -1 if raw.startswith("-") else 1
    body = raw.lstrip("+-")
    if not body:
        raise ValueError(f"empty duration {text!r}")
    if body == "0":
        return timedelta(0)
    pos, seconds = 0, 0.0
    for match in _PART.finditer(body):
        if match.start() != pos:
            break
        seconds += float(match.group(1)) * _UNIT[match.group(2)]
        pos = match.end()
    if pos != len(body):
        raise ValueError(f"bad duration {text!r}: use forms like 30m, 1h30m, -2h, 1d")
    if seconds > _LIMIT_SECONDS:  # also inf: far beyond any rule, and past timedelta's range
        raise ValueError(f"duration {text!r} is too long (at most {_LIMIT_SECONDS // 86400} days)")
    return timedelta(seconds=sign * seconds)


def format_duration(delta: timedelta) -> str:
    """``1:05`` style (hours:minutes), days spelled out past 24 h; never negative."""
    total = abs(int(delta.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}:{minutes:02d}"
    return f"{hours}:{minutes:02d}"


def format_length(delta: timedelta) -> str:
    """A rule's length of time in a sentence, which cannot be taken for a clock time:
    ``30m``, ``1h00m``, ``4h00m``, ``1d00h``, ``2d03h``, ``2d03h30m``. Minute precision (rulebook
    lengths and notice counted to the minute; seconds only when under a minute, ``45s``), every
    figure with its unit, the same form the board's countdowns use. Never negative."""
    total = abs(int(delta.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days}d{hours:02d}h" + (f"{minutes:02d}m" if minutes else "")
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes or not seconds:
        return f"{minutes}m"
    return f"{seconds}s"


def format_span(delta: timedelta, seconds_under: timedelta = timedelta(hours=1)) -> str:
    """A length of time that cannot be taken for a clock time: ``45s``, ``12m05s``, ``1h46m``,
    ``2d03h``. Seconds are shown only under ``seconds_under`` (an hour unless told: where
    they tick), minutes under a day, hours beyond; every figure carries its unit. Never
    negative (the caller says which way). Cut, not rounded: ``12m59s`` with seconds under
    ten minutes is ``12m``, and a minute later ``11m``, then ``9m59s``."""
    total = abs(int(delta.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days}d{hours:02d}h"
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes and total >= seconds_under.total_seconds():
        return f"{minutes}m"
    if minutes:
        return f"{minutes}m{seconds:02d}s"
    return f"{seconds}s"


def format_countdown(delta: timedelta) -> str:
    """``1:02:03`` with seconds, for ticking countdowns."""
    total = abs(int(delta.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days}d{hours:02d}:{minutes:02d}"
    return f"{hours}:{minutes:02d}:{seconds:02d}"
