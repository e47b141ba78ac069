"""The supervisor's sparkline in the tickets pane's bottom border: the open-case backlog of
the last days as block characters and this month's complaint rate with its target check
(a symbol, not only a colour). Pure text from a ``store.trend.Trend``."""

from __future__ import annotations

from collections.abc import Sequence

from dutyboard.rules.reports import percent
from rich.text import Text

from .i18n import Translator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dutyboard.store.trend import Trend

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """One block per value, from the lowest (▁) to the highest (█) of the values shown; all
    equal: all ▁ (a flat backlog, not a full one)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return BLOCKS[0] * len(values)
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[round((v - low) * top / (high - low))] for v in values)


def trend_text(trend: Trend, t: Translator) -> Text:
    """e.g. "backlog 14d ▁▁▂▃▅▆█ 9 · complaints 2026-11 0.08% ✓<5%"."""
    ok = trend.below_target
    target = f"{trend.target * 100:g}"
    text = Text()
    text.append(f"{t('trend.backlog', days=len(trend.days))} ")
    text.append(sparkline(trend.open_cases), "bold")
    text.append(f" {trend.open_cases[-1] if trend.open_cases else 0} · ")
    text.append(f"{t('trend.complaints', month=trend.month)} {percent(trend.rate)}% ")
    text.append(f"{'✓' if ok else '!'}<{target}%", "green" if ok else "bold red")
    return text
