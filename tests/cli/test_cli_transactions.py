"""One command, one transaction: several ids are written all or none, an id named twice is
stepped once, and a command that committed never then fails; a true bug is one line naming
the log file that holds its traceback."""

from __future__ import annotations

import pytest
from clikit import dump, one_line_error, seeded_cli
from dutyboard.tui.cli import commands


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


@pytest.mark.parametrize("step", [
    ["dispatch", "--dept", "eng"], ["follow-up", "--note", "called"], ["escalate", "--note", "late"]])
def test_several_ids_are_written_all_or_none(cli, step):  # noqa: ANN001
    first = cli.ticket()
    if step[0] != "dispatch":
        assert cli("ticket", "dispatch", str(first), "--dept", "eng", login="clerk").rc == 0
    before = dump(cli.path)
    r = cli("ticket", step[0], str(first), "999999", *step[1:], login="clerk")
    assert r.rc == 5, r.err
    assert "no ticket 999999" in one_line_error(r.err)
    assert dump(cli.path) == before, "the first ticket was not written either"


def test_a_refusal_on_the_second_id_rolls_back_the_first(cli):  # noqa: ANN001
    a, b = cli.ticket(), cli.ticket()
    assert cli("ticket", "dispatch", str(b), "--dept", "eng", login="clerk").rc == 0
    assert cli("ticket", "resolve", str(b), "--result", "fixed", "--signed", login="eng-lead").rc == 0
    assert cli("ticket", "close", str(b), login="boss").rc == 0
    before = dump(cli.path)
    r = cli("ticket", "dispatch", str(a), str(b), "--dept", "eng", login="clerk")
    assert r.rc == 3, r.err
    assert dump(cli.path) == before


def test_an_id_named_twice_is_stepped_once(cli):  # noqa: ANN001
    t = cli.ticket()
    assert cli("ticket", "dispatch", str(t), "--dept", "eng", login="clerk").rc == 0
    r = cli("ticket", "follow-up", str(t), str(t), "--note", "called back", login="clerk", json=True)
    assert r.rc == 0, r.err
    shown = cli("ticket", "show", str(t), json=True).json()
    assert [e["kind"] for e in shown["history"]].count("follow-up") == 1
    assert [a["action"] for a in shown["audit"]].count("ticket.follow-up") == 1


def test_several_ids_all_written_in_one_command(cli):  # noqa: ANN001
    a, b = cli.ticket(), cli.ticket()
    r = cli("ticket", "dispatch", str(a), str(b), "--dept", "eng", login="clerk", json=True)
    assert [t["state"] for t in r.json()] == ["dispatched", "dispatched"]


def test_a_committed_command_never_then_fails(cli, monkeypatch):  # noqa: ANN001
    t = cli.ticket()

    def broken_view(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        raise OverflowError("date value out of range")

    monkeypatch.setattr(commands, "ticket_view", broken_view)
    r = cli("ticket", "dispatch", str(t), "--dept", "eng", login="clerk")
    assert r.rc == 0, r.err
    assert "the change was saved" in one_line_error(r.err)
    monkeypatch.undo()
    assert cli("ticket", "show", str(t), json=True).json()["state"] == "dispatched"


def test_a_true_bug_is_one_line_naming_the_log(cli, monkeypatch, tmp_path):  # noqa: ANN001
    monkeypatch.setenv("DUTYBOARD_LOG_DIR", str(tmp_path / "logs"))

    def bug(args, ctx):  # noqa: ANN001, ANN202
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setitem(commands.HANDLERS, "flags", bug)
    r = cli("flags")
    assert r.rc == 1
    line = one_line_error(r.err)
    log = tmp_path / "logs" / "crash.log"
    assert "internal error (RuntimeError: something nobody foresaw)" in line and str(log) in line
    assert "Traceback" in log.read_text() and "something nobody foresaw" in log.read_text()
