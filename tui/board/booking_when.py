"""Compact times for the booking form, as a desk clerk types them on the phone.

Start: ``14:00`` or ``1400`` (today), ``+1 9:30`` (in one day), ``12-01 14:00`` (this year, or
next year when that day has passed), ``2026-12-01 14:00``. End: the same forms, where a bare
time is on the start's day; ``+90m``, ``+1.5h`` (after the start); empty: the start plus the
usual two hours. Every time is in the site zone.
"""

from __future__ import annotations

import re
from datetime import timedelta

import arrow

USUAL_LENGTH = timedelta(hours=2)

_TIME = r"(?P<h>\d{1,2}):?(?P<m>\d{2})"
_FORMS = (
    re.compile(rf"^{_TIME}$"),
    re.compile(rf"^\+(?P<days>\d{{1,3}})\s+{_TIME}$"),
    re.compile(rf"^(?P<mo>\d{{1,2}})-(?P<d>\d{{1,2}})\s+{_TIME}$"),
    re.compile(rf"^(?P<y>\d{{4}})-(?P<mo>\d{{1,2}})-(?P<d>\d{{1,2}})[ T]+{_TIME}$"),
)
_LENGTH = re.compile(r"^\+(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[hm])$")


def parse_start(text: str, now: arrow.Arrow, tz: str) -> arrow.Arrow | None:
    """The instant a start field means, or None when it means none."""
    return _parse(text, now.to(tz), roll_year=True)


def parse_end(text: str, start: arrow.Arrow | None, now: arrow.Arrow, tz: str) -> arrow.Arrow | None:
    """The instant an end field means; empty means the start plus the usual length."""
    text = text.strip()
    if start is None:
        return None
    if not text:
        return start + USUAL_LENGTH
    if (length := _LENGTH.match(text)) is not None:
        n = float(length["n"])
        return start + (timedelta(hours=n) if length["unit"] == "h" else timedelta(minutes=n))
    return _parse(text, start.to(tz), roll_year=False) if start else None


def _parse(text: str, base: arrow.Arrow, roll_year: bool) -> arrow.Arrow | None:
    text = text.strip()
    for form in _FORMS:
        match = form.match(text)
        if match is None:
            continue
        parts = match.groupdict()
        hour, minute = int(parts["h"]), int(parts["m"])
        if hour > 23 or minute > 59:
            return None
        day = base.floor("day")
        try:
            if parts.get("days"):
                day = day.shift(days=int(parts["days"]))
            elif parts.get("y"):
                day = day.replace(year=int(parts["y"]), month=int(parts["mo"]), day=int(parts["d"]))
            elif parts.get("mo"):
                day = day.replace(month=int(parts["mo"]), day=int(parts["d"]))
                if roll_year and day < base.floor("day"):
                    day = day.replace(year=day.year + 1)
        except ValueError:  # 02-30 and the like
            return None
        if not 2000 <= day.year <= 2100:
            return None
        return day.replace(hour=hour, minute=minute).to("UTC")
    return None
