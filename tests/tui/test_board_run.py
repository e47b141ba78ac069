"""tui/board/run.py without a terminal: the fast clock is for practice databases only."""

from __future__ import annotations

import pytest
from dutyboard.rules import FrozenClock, SystemClock, parse_instant
from dutyboard.rules.clock import ScaledClock
from dutyboard.store.context import Context
from dutyboard.store.db import connect
from dutyboard.store.errors import UsageError
from dutyboard.store.models import Setting
from dutyboard.tui.board.run import CLOCK_RATE_ENV, apply_clock_rate, write_crash_log


def _ctx(url: str, frozen: bool = True) -> Context:
    clock = FrozenClock(parse_instant("2026-11-23T09:30", "Asia/Shanghai")) if frozen else SystemClock()
    return Context(connect(url), clock, "duty")


def test_clock_rate_only_on_a_training_database_with_now(board_url, monkeypatch):
    ctx = _ctx(board_url)
    apply_clock_rate(ctx)  # no variable: nothing changes
    assert isinstance(ctx.clock, FrozenClock)
    monkeypatch.setenv(CLOCK_RATE_ENV, "600")
    Setting.delete().where(Setting.key == "training").execute()
    with pytest.raises(UsageError, match="training database"):
        apply_clock_rate(ctx)
    Setting.create(key="training", value="1")
    with pytest.raises(UsageError, match="--now"):
        apply_clock_rate(_ctx(board_url, frozen=False))
    apply_clock_rate(ctx)
    assert isinstance(ctx.clock, ScaledClock) and ctx.clock.rate == 600
    monkeypatch.setenv(CLOCK_RATE_ENV, "fast")
    with pytest.raises(UsageError, match="not a rate"):
        apply_clock_rate(_ctx(board_url))


def test_crash_log_lands_in_the_state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DUTYBOARD_STATE_DIR", str(tmp_path / "state"))
    try:
        raise KeyError("boom")
    except KeyError as exc:
        path = write_crash_log(exc)
    assert path is not None and path.parent == tmp_path / "state"
    assert "KeyError: 'boom'" in path.read_text()
