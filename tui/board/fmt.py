"""Cell text for the board: countdowns with a tier (colour AND a word/symbol, so the board
reads on a monochrome terminal), states, times."""

from __future__ import annotations

from datetime import timedelta

import arrow
from dutyboard.rules.durations import format_countdown, format_duration
from rich.text import Text

from .i18n import Translator

# tier -> style; the text always carries a word or symbol too
STYLES = {
    "overdue": "bold red",
    "soon": "bold yellow",
    "hour": "yellow",
    "later": "",
    "done": "green",
    "verified": "bold green",
    "unverified": "bold magenta",
}
SOON = timedelta(minutes=30)


def tier(due: arrow.Arrow | None, now: arrow.Arrow) -> str:
    if due is None:
        return "later"
    left = due - now
    if left <= timedelta(0):
        return "overdue"
    if left <= SOON:
        return "soon"
    if left <= timedelta(hours=1):
        return "hour"
    return "later"


def countdown(due: arrow.Arrow | None, now: arrow.Arrow, t: Translator) -> Text:
    if due is None:
        return Text("-")
    left = due - now
    which = tier(due, now)
    if which == "overdue":
        return Text(f"! {t('overdue')} {_clock(now - due)}", style=STYLES["overdue"])
    mark = "~ " if which == "soon" else "  "
    return Text(f"{mark}{t('in')} {_clock(left)}", style=STYLES[which])


def _clock(delta: timedelta) -> str:
    """Seconds tick under an hour, where they matter; beyond that H:MM (cheaper to redraw)."""
    return format_countdown(delta) if abs(delta) < timedelta(hours=1) else format_duration(delta)


def task_state(state: str, verify: bool, t: Translator) -> Text:
    if state == "verified":
        return Text(f"[V] {t('state.verified')}", style=STYLES["verified"])
    if state == "done":
        if verify:
            return Text(f"[?] {t('state.unverified')}", style=STYLES["unverified"])
        return Text(f"[x] {t('state.done')}", style=STYLES["done"])
    return Text(f"[ ] {t('state.pending')}")


def local_hm(value: arrow.Arrow, tz: str) -> str:
    return value.to(tz).format("HH:mm")


def age(since: arrow.Arrow, now: arrow.Arrow) -> str:
    minutes = max(0, int((now - since).total_seconds() // 60))
    hours, mins = divmod(minutes, 60)
    return f"{hours // 24}d{hours % 24:02d}h" if hours >= 24 else f"{hours}:{mins:02d}"
