"""The board's first frame and the poller's snapshots: the screen takes its first frame's
snapshot from the poller directly (first_frame.py) and never goes back to one posted before
it; a start that is refused (no terminal) loads none of Textual (run.py, keymap.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from dutyboard.tui.board.messages import SnapshotReady


def test_the_board_runner_and_an_absent_keymap_load_no_textual(tmp_path) -> None:  # noqa: ANN001
    """Importing run.py and loading the keymap (there is none) bring none of Textual in, so
    a start refused for want of a terminal ends before Textual is imported; a keymap that
    exists is checked against Textual's key names (test_board_keys.py)."""
    probe = ("import json, sys\nimport dutyboard.tui.board.run\n"
             "from dutyboard.tui.board.keymap import load_keymap\n"
             "assert load_keymap() == {}\n"
             "print(json.dumps(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.') "
             "or m == 'dutyboard.tui.board.app')))\n")
    env = {**os.environ, "DUTYBOARD_CONFIG_DIR": str(tmp_path)}   # no config.toml there
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


async def test_the_screen_never_goes_back_to_a_snapshot_posted_before_the_one_it_shows(
        board_url: str, make_board) -> None:  # noqa: ANN001
    """The first frame takes the poller's newest snapshot directly; a message queued before
    that (a poll that ended before the screen mounted) carries an older one."""
    import dataclasses

    from boardkit import wait_for
    app = make_board(board_url)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.board.snapshot is not None)
        board = app.board
        shown = board.shown_serial
        assert shown >= 1 and app.poller.latest is not None and shown <= app.poller.latest[1]
        older = dataclasses.replace(board.snapshot)
        newer = dataclasses.replace(board.snapshot)
        board.post_message(SnapshotReady(newer, 0.0, shown + 5))
        await wait_for(pilot, lambda: board.snapshot is newer)
        board.post_message(SnapshotReady(older, 0.0, shown + 4))   # posted before it, queued
        await pilot.pause()
        await pilot.pause()
        assert board.snapshot is newer and board.shown_serial == shown + 5
