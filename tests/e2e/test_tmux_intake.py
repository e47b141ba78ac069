"""End to end (issue 11): a routine phone repair, registered and dispatched from the
keyboard on the real board in tmux, counting every key that is not the text typed.

Before the one-form intake it took 98 keys, 18 of them not text (n, three Tabs, Ctrl+S,
then pane 3, a filter, D and the department prompt); the form now defaults kind, channel
and priority and takes the department, so the count must stay at 10 or fewer."""

from __future__ import annotations

import json

import pytest
from test_tmux import STARTUP_TIMEOUT, Cli, Tmux, board_ready, cli, tmux  # noqa: F401

pytestmark = pytest.mark.e2e

MAX_CONTROL_KEYS = 10


class Counted:
    """Sends keys to the board and counts them: text typed apart from the other keys."""

    def __init__(self, tmux: Tmux) -> None:  # noqa: F811
        self.tmux, self.control, self.text = tmux, 0, 0

    def keys(self, *keys: str) -> None:
        self.control += len(keys)
        self.tmux.keys(*keys)

    def type(self, text: str) -> None:
        self.text += len(text)
        self.tmux.type(text)


def test_a_phone_repair_in_at_most_ten_keys_besides_the_text(tmux: Tmux, cli: Cli) -> None:  # noqa: F811
    tmux.start(cli.board_command("xterm-256color"), width=100, height=34)
    tmux.wait_for("the first full board", board_ready, timeout=STARTUP_TIMEOUT)
    keys = Counted(tmux)
    keys.keys("n")
    keys.type("Block C 7F pantry")
    tmux.wait_for("the new-ticket form", lambda s: "Ctrl+S saves" in s and "Block C 7F pantry" in s)
    keys.keys("Tab")
    keys.type("Mr Gao")
    keys.keys("Tab")
    keys.type("13900001111")
    keys.keys("Tab")
    keys.type("Kettle socket dead")
    keys.keys("Tab")
    keys.type("eng")
    keys.keys("Enter")
    screen = tmux.wait_for("the registration", lambda s: "dispatched to Eng" in s)
    ident = int(screen.split("Registered ticket #", 1)[1].split(",")[0])
    print(f"\nphone repair registered and dispatched: {keys.control} keys besides "
          f"{keys.text} characters of text ({keys.control + keys.text} in all; before: 98, 18 not text)")
    assert keys.control <= MAX_CONTROL_KEYS
    tmux.keys("q")
    assert tmux.wait_exit() == 0, tmux.screen()

    shown = cli("ticket", "show", str(ident), "--json")
    assert shown.returncode == 0, shown.stderr
    ticket = json.loads(shown.stdout)
    assert (ticket["state"], ticket["dept"], ticket["location"], ticket["contact"], ticket["phone"]) == \
        ("dispatched", "eng", "Block C 7F pantry", "Mr Gao", "13900001111")
    assert [a["action"] for a in ticket["audit"]] == ["ticket.open", "ticket.dispatch"]
