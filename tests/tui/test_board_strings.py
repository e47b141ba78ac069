"""The string tables: split by area, merged into one, each key once and in both languages."""

from __future__ import annotations

from collections import Counter

from dutyboard.tui.board.i18n import AREAS, STRINGS


def test_no_key_is_defined_in_two_areas() -> None:
    counts = Counter(key for area in AREAS for key in area)
    assert [key for key, n in counts.items() if n > 1] == []


def test_the_merged_table_holds_every_area() -> None:
    assert len(STRINGS) == sum(len(area) for area in AREAS)


def test_every_string_has_english_and_chinese() -> None:
    assert [key for key, (en, zh) in STRINGS.items() if not en.strip() or not zh.strip()] == []
