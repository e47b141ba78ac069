"""Durations as the rulebook writes them, and the two display formats; site-zone instants."""

from datetime import timedelta

import pytest
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.rules.durations import (
    format_countdown,
    format_duration,
    format_length,
    format_span,
    parse_duration,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("30m", timedelta(minutes=30)),
    ("90m", timedelta(minutes=90)),
    ("1h30m", timedelta(hours=1, minutes=30)),
    ("-2h", timedelta(hours=-2)),
    ("-1h30m", timedelta(hours=-1, minutes=-30)),
    ("+15m", timedelta(minutes=15)),
    ("1d", timedelta(days=1)),
    ("2d", timedelta(days=2)),
    ("1.5h", timedelta(minutes=90)),
    ("45s", timedelta(seconds=45)),
    ("0", timedelta(0)),
    ("0m", timedelta(0)),
    (" 1H ", timedelta(hours=1)),
])
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "-", "30", "1h30", "abc", "1x", "1h 30m", "h", "30 minutes", "1h-30m"])
def test_parse_duration_refuses_malformed(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize(("delta", "expected"), [
    (timedelta(0), "0:00"),
    (timedelta(minutes=5), "0:05"),
    (timedelta(minutes=65), "1:05"),
    (timedelta(hours=23, minutes=59), "23:59"),
    (timedelta(days=1), "1d 0:00"),
    (timedelta(days=2, hours=3, minutes=4), "2d 3:04"),
    (timedelta(minutes=-90), "1:30"),          # never negative
    (timedelta(seconds=59), "0:00"),           # seconds dropped
])
def test_format_duration(delta: timedelta, expected: str) -> None:
    assert format_duration(delta) == expected


@pytest.mark.parametrize(("delta", "expected"), [
    (timedelta(0), "0:00:00"),
    (timedelta(hours=1, minutes=2, seconds=3), "1:02:03"),
    (timedelta(seconds=-61), "0:01:01"),
    (timedelta(days=1, hours=2, minutes=3, seconds=4), "1d02:03"),
])
def test_format_countdown(delta: timedelta, expected: str) -> None:
    assert format_countdown(delta) == expected


def test_parse_instant_reads_a_naive_time_in_the_site_zone() -> None:
    utc = parse_instant("2026-11-23 14:00", "Asia/Shanghai")
    assert utc.tzinfo.utcoffset(utc.datetime) == timedelta(0)
    assert utc.format("YYYY-MM-DD HH:mm") == "2026-11-23 06:00"
    assert parse_instant("2026-11-23T14:00+08:00") == utc
    assert parse_instant("2026-11-23T06:00") == utc          # default zone UTC


def test_parse_instant_refuses_garbage() -> None:
    with pytest.raises(ValueError, match="ISO-8601"):
        parse_instant("tomorrow at two")


def test_frozen_clock_stands_still_until_advanced() -> None:
    clock = FrozenClock(parse_instant("2026-11-23 14:00", "Asia/Shanghai"))
    first = clock.now()
    assert clock.now() == first
    clock.advance(minutes=30)
    assert clock.now() - first == timedelta(minutes=30)


@pytest.mark.parametrize(("delta", "expected"), [
    (timedelta(0), "0s"),
    (timedelta(seconds=1), "1s"),
    (timedelta(seconds=59), "59s"),
    (timedelta(seconds=60), "1m00s"),
    (timedelta(minutes=12, seconds=5), "12m05s"),
    (timedelta(minutes=59, seconds=59), "59m59s"),
    (timedelta(hours=1), "1h00m"),
    (timedelta(hours=1, seconds=59), "1h00m"),           # seconds dropped from an hour on
    (timedelta(hours=1, minutes=46), "1h46m"),
    (timedelta(hours=23, minutes=59, seconds=59), "23h59m"),
    (timedelta(days=1), "1d00h"),
    (timedelta(days=2, hours=3, minutes=59), "2d03h"),
    (timedelta(days=12, hours=23), "12d23h"),
    (timedelta(minutes=-90), "1h30m"),                   # never negative
    (timedelta(seconds=-5), "5s"),
])
def test_format_span_cannot_be_read_as_a_clock(delta: timedelta, expected: str) -> None:
    assert format_span(delta) == expected


@pytest.mark.parametrize(("delta", "expected"), [
    (timedelta(minutes=17, seconds=48), "17m"),
    (timedelta(minutes=10), "10m"),
    (timedelta(minutes=9, seconds=59), "9m59s"),
    (timedelta(minutes=2, seconds=48), "2m48s"),
    (timedelta(seconds=45), "45s"),
    (timedelta(hours=1, minutes=2, seconds=3), "1h02m"),
])
def test_format_span_shows_seconds_only_under_its_limit(delta: timedelta, expected: str) -> None:
    """The board's countdowns tick in seconds in their last ten minutes only."""
    assert format_span(delta, timedelta(minutes=10)) == expected
    assert format_span(-delta, timedelta(minutes=10)) == expected


def test_format_span_always_names_its_units() -> None:
    """No span looks like a time of day (H:MM or H:MM:SS): every number has a unit letter."""
    import re
    for seconds in range(0, 3 * 86400, 37):
        text = format_span(timedelta(seconds=seconds))
        assert ":" not in text and re.fullmatch(r"(\d+[dhms])(\d{2}[hms])?", text), text


@pytest.mark.parametrize(("delta", "expected"), [
    (timedelta(0), "0m"),
    (timedelta(seconds=45), "45s"),
    (timedelta(minutes=30), "30m"),
    (timedelta(minutes=59, seconds=59), "59m"),     # minute precision past a minute
    (timedelta(hours=1), "1h00m"),
    (timedelta(hours=23), "23h00m"),
    (timedelta(hours=3, minutes=59), "3h59m"),
    (timedelta(days=1), "1d00h"),
    (timedelta(days=2, hours=3), "2d03h"),
    (timedelta(days=2, hours=3, minutes=30), "2d03h30m"),  # a rule's minutes are never dropped
    (timedelta(minutes=-90), "1h30m"),              # never negative
])
def test_format_length_cannot_be_taken_for_a_clock_time(delta: timedelta, expected: str) -> None:
    """Rule sentences ("needs at least 1h00m notice") use it: ``1:00`` reads as one o'clock."""
    assert format_length(delta) == expected
    assert ":" not in format_length(delta)
