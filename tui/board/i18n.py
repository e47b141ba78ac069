"""Every visible string of the board, in English and Chinese.

The language comes from ``--lang`` or the locale (``LANG``/``LC_ALL`` starting with zh).
"""

from __future__ import annotations

import os

from .strings.board import BOARD
from .strings.booking import BOOKING
from .strings.confirming import CONFIRMING
from .strings.readiness import READINESS
from .strings.reporting import REPORTING
from .strings.sites import SITES
from .strings.wording import WORDING

#: The string tables by area; a key defined in two of them is a mistake the tests catch.
AREAS: tuple[dict[str, tuple[str, str]], ...] = (BOARD, READINESS, CONFIRMING, BOOKING, REPORTING, WORDING,
                                                     SITES)
STRINGS: dict[str, tuple[str, str]] = {key: pair for area in AREAS for key, pair in area.items()}


def detect_lang(explicit: str | None = None) -> str:
    if explicit in ("en", "zh"):
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._index = 1 if lang == "zh" else 0

    def __call__(self, key: str, **values: object) -> str:
        pair = STRINGS.get(key)
        text = pair[self._index] if pair else key
        return text.format(**values) if values else text
