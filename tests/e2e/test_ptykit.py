"""The pty harness itself: closing the master must hang up the process's terminal at once.

A reader thread blocked in ``read`` on the master kept it open after ``os.close``, so a
process that wrote nothing (the board with a frozen clock) saw no hang-up for seconds, and
``test_closing_the_terminal_ends_the_board_within_two_seconds`` failed in CI now and then."""

from __future__ import annotations

import sys
import time

import pytest
from ptykit import PtyProcess, clean_env

pytestmark = pytest.mark.e2e

# prints "ready", then writes nothing more and ends only when its terminal hangs up
WAITS_FOR_HANGUP = ("import select, sys; print('ready', flush=True); "
                    "p = select.poll(); p.register(0, 0); p.poll()")


@pytest.mark.parametrize("controlling", [True, False], ids=["controlling-tty", "no-sighup"])
def test_closing_the_master_hangs_up_a_silent_process(controlling):
    proc = PtyProcess([sys.executable, "-c", WAITS_FOR_HANGUP], clean_env(), controlling=controlling)
    try:
        proc.wait_output("the child to start", lambda text: "ready" in text)
        time.sleep(0.2)  # the reader is waiting on the master again
        proc.close_master()
        assert proc.seconds_to_exit(3.0) < 1.0
    finally:
        proc.kill()
