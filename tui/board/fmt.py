"""Cell text for the board: countdowns with a tier, states, times.

Nothing can be misread: every tier and state carries a symbol AND a colour, so the board reads
on a monochrome terminal; durations carry their units (``1h46m``, ``12m05s``, ``2d03h``:
never ``2:10``, which reads as a clock time); the colours are hex values chosen so that a
16-colour terminal (``TERM=xterm``), which gets the nearest of its colours, still shows the
same meaning (red background for overdue, yellow for due soon, magenta for awaiting
verification, green for done), and so do the light and the contrast themes (backgrounds
carry the two alarm tiers, whatever the theme's own background)."""

from __future__ import annotations

from datetime import datetime, timedelta

import arrow
from dutyboard.rules.durations import format_span
from rich.text import Text

from .i18n import Translator

# tier/state -> style (each also has a symbol, below). Hex, not ANSI names: Textual turns ANSI
# names into its own palette's RGB (Monokai's red lands on magenta at 16 colours).
STYLES = {
    "overdue": "bold #ffffff on #c00000",   # 16 colours: bright white on red
    "soon": "bold #000000 on #ffd700",      # black on bright yellow
    "hour": "bold #0087d7",                 # cyan
    "later": "",
    "verify": "bold #d700d7",               # magenta: reported, awaiting verification
    "done": "#00aa00",                      # green
    "verified": "bold #00aa00",
    "unverified": "bold #d700d7",
    "new": "reverse",                       # not yet acknowledged
}
SYMBOLS = {"overdue": "!", "soon": "*", "hour": "~", "later": " ", "verify": "?",
           "verify_overdue": "!?"}
SOON = timedelta(minutes=30)
# Countdowns show their seconds in the last ten minutes only, ages never past the first
# minute: a board full of "in 17m48s" rewrote every visible row every second (1 % of a
# core idle at 160x48, most of the board's idle cost); "in 17m" moves once a minute, and
# the seconds come back where they matter.
TICKING = timedelta(minutes=10)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
ZERO = timedelta(0)


def tier(due: arrow.Arrow | None, now: arrow.Arrow) -> str:
    if due is None:
        return "later"
    return _tier(due - now)


def _tier(left: timedelta) -> str:
    if left <= ZERO:
        return "overdue"
    if left <= SOON:
        return "soon"
    if left <= HOUR:
        return "hour"
    return "later"


def countdown(due: arrow.Arrow | None, now: arrow.Arrow, t: Translator) -> Text:
    """``! overdue 1h46m``, ``! overdue 3m20s``, ``* in 25m``, ``* in 9m59s``, ``~ in 45m``,
    ``  in 2h10m`` (seconds under ``TICKING`` only)."""
    if due is None:
        return Text("-")
    left = due.datetime - now.datetime   # as Arrow's own subtraction, without its checks
    which = _tier(left)
    if which == "overdue":
        return Text(f"{SYMBOLS['overdue']} {t('overdue')} {format_span(-left, TICKING)}",
                    style=STYLES["overdue"])
    return Text(f"{SYMBOLS[which]} {t('in')} {format_span(left, TICKING)}", style=STYLES[which])


def verify_countdown(deadline: arrow.Arrow, now: arrow.Arrow, t: Translator) -> Text:
    """Time left to verify a reported item (T-30min): ``? verify 25m``, ``? verify 4m10s``;
    past it ``!? overdue 5m00s`` (an alarm: reported, not verified in time)."""
    if now >= deadline:
        return Text(f"{SYMBOLS['verify_overdue']} {t('overdue')} {format_span(now - deadline, TICKING)}",
                    style=STYLES["overdue"])
    return Text(f"{SYMBOLS['verify']} {t('cd.verify')} {format_span(deadline - now, TICKING)}",
                style=STYLES["verify"])


def task_state(state: str, verify: bool, t: Translator) -> Text:
    if state == "verified":
        return Text(f"[V] {t('state.verified')}", style=STYLES["verified"])
    if state == "done":
        if verify:
            return Text(f"[?] {t('state.unverified')}", style=STYLES["unverified"])
        return Text(f"[x] {t('state.done')}", style=STYLES["done"])
    return Text(f"[ ] {t('state.pending')}")


def task_mark(state: str, verify: bool) -> Text:
    """The state as its symbol alone (the tasks pane's narrow column; the word is in the
    countdown and the item's detail): ``[ ]`` to do, ``[x]`` done, ``[?]`` reported and
    awaiting verification, ``[V]`` verified."""
    if state == "verified":
        return Text("[V]", style=STYLES["verified"])
    if state == "done":
        return Text("[?]", style=STYLES["unverified"]) if verify else Text("[x]", style=STYLES["done"])
    return Text("[ ]")


_HM: dict[tuple[datetime, str], str] = {}


def local_hm(value: arrow.Arrow, tz: str) -> str:
    """``14:00`` in the site's zone. Kept by instant and zone: the large site's 1,500
    meetings start and end at a few dozen instants, and Arrow's conversion and formatting
    were a tenth of deriving the board (issue 13)."""
    key = (value.datetime, tz)     # aware datetimes: equal and alike-hashed for one instant
    text = _HM.get(key)
    if text is None:
        if len(_HM) >= 10_000:
            _HM.clear()
        text = _HM[key] = value.to(tz).format("HH:mm")
    return text


def age(since: arrow.Arrow, now: arrow.Arrow) -> str:
    """How long ago: ``45s``, ``12m``, ``19h25m``, ``2d03h`` (never ``19:25``)."""
    return format_span(max(ZERO, now.datetime - since.datetime), MINUTE)


def local_when(value: arrow.Arrow | str, now: arrow.Arrow, tz: str, t: Translator) -> str:
    """A moment as the board says it, in the site's time: today's as ``08:45``, another
    day's with its weekday, ``Mon 11-23 08:45`` (周一 11-23 08:45), never the stored
    ``2026-11-23T08:45+08:00``. Accepts the store views' ISO text."""
    moment = (arrow.get(value) if isinstance(value, str) else value).to(tz)
    if moment.date() == now.to(tz).date():
        return moment.format("HH:mm")
    return f"{t(f'wd.weekday.{moment.weekday()}')} {moment.format('MM-DD HH:mm')}"
