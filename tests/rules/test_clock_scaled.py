"""The fast clock a soak test lives through a week with."""

from __future__ import annotations

import pytest
from dutyboard.rules.clock import ScaledClock, parse_instant


def test_scaled_clock_runs_rate_times_faster():
    real = [100.0]
    clock = ScaledClock(parse_instant("2026-11-23T23:59", "Asia/Shanghai"), 600, lambda: real[0])
    assert clock.now().to("Asia/Shanghai").format("YYYY-MM-DD HH:mm") == "2026-11-23 23:59"
    real[0] += 1.5  # 1.5 real seconds = 15 minutes
    assert clock.now().to("Asia/Shanghai").format("YYYY-MM-DD HH:mm") == "2026-11-24 00:14"


@pytest.mark.parametrize("rate", [0, -1.0, float("nan")])
def test_scaled_clock_needs_a_positive_rate(rate):
    with pytest.raises(ValueError):
        ScaledClock(parse_instant("2026-11-23T10:00"), rate)
