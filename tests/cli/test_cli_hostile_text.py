"""User text is data on the command line: no control sequence typed into a field reaches the
terminal from text output, JSON keeps the exact value, and hostile logins and names are refused."""

from __future__ import annotations

import pytest
from clikit import seeded_cli

OSC_TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b31m"
RLO = "\u202e"
HOSTILE = f"Room {OSC_TITLE}3{CLEAR}05{C1_CSI}{RLO}x\u200by"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b")


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def assert_safe(text: str) -> None:
    for char in RAW:
        assert char not in text, (char, text)


def test_ticket_show_and_list_show_control_characters_visibly(cli):
    ident = cli("ticket", "open", "--kind", "repair", "--location", HOSTILE, "--contact", HOSTILE,
                "--phone", "13800001111", "--content", HOSTILE, login="clerk", json=True).json()["id"]
    show = cli("ticket", "show", ident)
    listed = cli("ticket", "list")
    for result in (show, listed):
        assert result.rc == 0, result.err
        assert_safe(result.out)
    assert "Room \u241b]0;pwned\u2407" in show.out
    assert "\\x9b31m\\u202ex" in show.out
    assert "\u241b" in listed.out


def test_json_output_keeps_the_exact_value_but_escapes_it(cli):
    ident = cli.ticket()
    assert cli("ticket", "follow-up", ident, "--note", HOSTILE, login="clerk").rc == 0
    opened = cli("ticket", "open", "--kind", "repair", "--location", HOSTILE, "--contact", "Mr Wu",
                 "--phone", "13800001111", "--content", "会议室 灯不亮", login="clerk", json=True)
    assert_safe(opened.out)
    assert "会议室 灯不亮" in opened.out  # CJK stays readable
    assert opened.json()["location"] == HOSTILE
    shown = cli("ticket", "show", ident, json=True)
    assert_safe(shown.out)
    assert HOSTILE in {e.get("note") for e in shown.json()["history"]}


def test_meeting_and_task_output_are_safe(cli):
    ident = cli("meeting", "add", "--venue", "Room A", "--start", "2026-11-23T14:00",
                "--end", "2026-11-23T15:00", "--title", HOSTILE, "--organizer", OSC_TITLE,
                "--contact", "Ms Li", "--phone", "0571-1234", "--attendees", "20",
                login="clerk", json=True).json()["id"]
    for args in (("meeting", "list"), ("meeting", "show", ident), ("task", "list"), ("flags",),
                 ("audit",), ("report", "weekly", "--week", "2026-11-23")):
        result = cli(*args, login="super")
        assert result.rc == 0, (args, result.err)
        assert_safe(result.out)
    assert "\u241b]0;pwned" in cli("meeting", "show", ident, login="super").out


@pytest.mark.parametrize("login", ["ad\u200bmin", "root\u202e", "x\x1b[2J", "tab\tbed", "", "   "])
def test_user_add_refuses_hostile_logins(cli, login):
    result = cli("user", "add", login, "--role", "clerk", "--dept", "desk")
    assert result.rc == 2, result.err
    assert result.err.count("\n") == 1 and "login" in result.err
    assert_safe(result.err)
    assert login not in {u["login"] for u in cli("user", "list", json=True).json()}


def test_user_add_refuses_hostile_names_but_takes_ordinary_ones(cli):
    bad = cli("user", "add", "wang", "--role", "clerk", "--dept", "desk", "--name", f"Wang{RLO}gnaW")
    assert bad.rc == 2 and "name" in bad.err
    assert "wang" not in {u["login"] for u in cli("user", "list", json=True).json()}
    good = cli("user", "add", "wang", "--role", "clerk", "--dept", "desk", "--name", "王 小明 [/b]")
    assert good.rc == 0, good.err
    assert "王 小明 [/b]" in good.out
