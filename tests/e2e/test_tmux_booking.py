"""End to end (issue 12, bookings on the board): a desk clerk takes a routine class-A booking
from the keyboard on the real board in tmux at 80x24, and ``meeting show --json`` confirms
it. The keys are counted: the issue asks the board to be faster than the paper form."""

from __future__ import annotations

import json

import pytest
from test_tmux import STARTUP_TIMEOUT, Cli, Tmux, board_ready, cli, tmux  # noqa: F401

pytestmark = pytest.mark.e2e


class Keyboard:
    """Sends to tmux and counts: command keys (b, Tab, Right, Enter) and typed characters."""

    def __init__(self, tmux: Tmux) -> None:  # noqa: F811
        self.tmux, self.command, self.typed = tmux, 0, 0

    def keys(self, *keys: str) -> None:
        self.command += len(keys)
        self.tmux.keys(*keys)

    def type(self, text: str) -> None:
        self.typed += len(text)
        self.tmux.type(text)


def test_a_routine_class_a_booking_from_the_keyboard(tmux: Tmux, cli: Cli) -> None:  # noqa: F811
    before = len(json.loads(cli("meeting", "list", "--json").stdout))
    command = cli.board_command("xterm-256color")
    command[command.index("duty")] = "clerk"              # the desk clerk takes bookings
    tmux.start(command, width=80, height=24)
    tmux.wait_for("the first full board", board_ready, timeout=STARTUP_TIMEOUT)
    kb = Keyboard(tmux)

    # typed at once after b: the keys land in the venue field, never on the board
    kb.keys("b")
    kb.type("201")                                        # a fragment of 第一会议室 Room 201
    tmux.wait_for("the booking form, the venue found", lambda s: "Service notice" in s and "30 seats" in s)
    kb.keys("Tab")
    kb.type("14:00")                                      # today
    kb.keys("Tab", "Tab")                                 # end: start + 2 h
    kb.type("Budget talk")
    kb.keys("Tab")
    kb.type("发改")                                        # an organizer seen before
    tmux.wait_for("its completion", lambda s: "发改委 Development Commission" in s)
    kb.keys("Right")                                      # accepted: its contact and phone follow
    tmux.wait_for("the contact filled in", lambda s: "联络员 Liaison" in s)
    kb.keys("Tab", "Tab", "Tab")
    kb.type("12")
    kb.keys("Enter")
    screen = tmux.wait_for("the saved booking's items", lambda s: "preparation items" in s)
    ident = int(screen.split("Meeting #", 1)[1].split()[0])
    tmux.keys("Enter")                                    # closes the summary
    tmux.wait_for("the board again", lambda s: "preparation items" not in s and "Booked meeting #" in s)
    tmux.keys("q")
    assert tmux.wait_exit() == 0, tmux.screen()

    shown = cli("meeting", "show", str(ident), "--json")
    assert shown.returncode == 0, shown.stderr
    meeting = json.loads(shown.stdout)
    assert (meeting["venue"], meeting["class"], meeting["title"], meeting["organizer"]) == \
        ("第一会议室 Room 201", "A", "Budget talk", "发改委 Development Commission")
    assert (meeting["contact"], meeting["phone"], meeting["attendees"]) == \
        ("联络员 Liaison", "0571-8800 1234", 12)
    assert (meeting["start_at"], meeting["end_at"]) == ("2026-11-23T14:00+08:00", "2026-11-23T16:00+08:00")
    assert meeting["services"] == ["water"] and meeting["status"] == "booked"
    assert len(meeting["tasks"]) > 0
    assert len(json.loads(cli("meeting", "list", "--json").stdout)) == before + 1
    # the count the issue asks for (printed with -s): a routine class-A booking from the board
    print(f"\nkeys: {kb.command} command keys + {kb.typed} typed characters = "
          f"{kb.command + kb.typed} in all")
    assert kb.command <= 12
