"""End to end (issue 11, reading the board): the real ``dutyboard`` command in tmux at
160x48 shows a demo meeting's whole title and a readiness item's whole venue name; the
durations carry their units."""

from __future__ import annotations

import re

import pytest
from test_tmux import STARTUP_TIMEOUT, Cli, Tmux, board_ready, cli, tmux  # noqa: F401

pytestmark = pytest.mark.e2e

TITLE = "全区安全生产大会 District safety conference"   # the demo's longest title
VENUE = "大礼堂 Main hall"


def test_titles_and_venues_are_whole_at_160x48(tmux: Tmux, cli: Cli) -> None:  # noqa: F811
    tmux.start(cli.board_command("xterm-256color"), width=160, height=48)
    screen = tmux.wait_for("the first full board", board_ready, timeout=STARTUP_TIMEOUT)
    screen = tmux.wait_for("the venues and the tasks", lambda s: TITLE in s and "Readiness" in s)
    tasks = [line for line in screen.splitlines() if re.search(r"\[[ ?xV]\]", line)]
    assert any(VENUE in line for line in tasks), screen
    assert TITLE in screen
    assert re.search(r"overdue \d+h\d{2}m", screen), screen        # a span, not "1:45"
    assert not re.search(r"overdue \d+:\d{2}", screen), screen
    tmux.keys("q")
    assert tmux.wait_exit() == 0, tmux.screen()
