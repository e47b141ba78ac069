"""End to end (issue: ticket triage): register a ticket from the keyboard on the real
board in tmux, dispatch it, and confirm state and history with ``ticket show --json``."""

from __future__ import annotations

import json

import pytest
from test_tmux import STARTUP_TIMEOUT, Cli, Tmux, board_ready, cli, tmux  # noqa: F401

pytestmark = pytest.mark.e2e

LOCATION = "Block C 7F pantry"


def test_register_and_dispatch_a_ticket_from_the_keyboard(tmux: Tmux, cli: Cli) -> None:  # noqa: F811
    before = json.loads(cli("ticket", "list", "--all", "--json").stdout)
    tmux.start(cli.board_command("xterm-256color"), width=100, height=30)
    tmux.wait_for("the first full board", board_ready, timeout=STARTUP_TIMEOUT)

    # typed at once after n, without waiting for the form: the keys land in its first field,
    # the location (kind and channel default to a phoned-in repair), never on the board
    tmux.keys("n")
    tmux.type(LOCATION)
    tmux.wait_for("the new-ticket form", lambda s: "Ctrl+S saves" in s and LOCATION in s)
    tmux.keys("Tab")
    tmux.type("Mr Gao")
    tmux.keys("Tab")
    tmux.type("13900001111")
    tmux.keys("Tab")
    tmux.type("Kettle socket dead")
    tmux.keys("C-s")
    screen = tmux.wait_for("the registration", lambda s: "Registered ticket #" in s)
    ident = int(screen.split("Registered ticket #", 1)[1].split()[0])

    tmux.keys("3")
    tmux.wait_for("pane 3", lambda s: "3 Open tickets ─" in s)
    tmux.keys("/")
    tmux.wait_for("the filter prompt", lambda s: "Filter rows" in s)
    tmux.type(LOCATION)
    tmux.keys("Enter")
    tmux.wait_for("only the new ticket listed",
                  lambda s: "Filter rows" not in s and LOCATION in s)
    tmux.keys("D")
    tmux.wait_for("the department picker", lambda s: "Dispatch to which department?" in s)
    tmux.type("engineering")
    tmux.keys("Enter")
    tmux.wait_for("the dispatch", lambda s: f"#{ident} -> eng" in s)
    tmux.keys("q")
    assert tmux.wait_exit() == 0, tmux.screen()

    shown = cli("ticket", "show", str(ident), "--json")
    assert shown.returncode == 0, shown.stderr
    ticket = json.loads(shown.stdout)
    assert (ticket["state"], ticket["dept"], ticket["location"], ticket["contact"]) == \
        ("dispatched", "eng", LOCATION, "Mr Gao")
    assert ticket["next_step"] == "follow-up #1"
    assert ticket["next_due_at"] == "2026-11-23T11:30+08:00"    # 2 h after the dispatch
    assert [(h["kind"], h["actor"]) for h in ticket["history"]] == [("open", "duty"),
                                                                    ("dispatch", "duty")]
    assert [a["action"] for a in ticket["audit"]] == ["ticket.open", "ticket.dispatch"]
    assert len(json.loads(cli("ticket", "list", "--all", "--json").stdout)) == len(before) + 1
