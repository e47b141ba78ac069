"""Departments by the names people use (issue 11): the command line takes the code, the
board's short labels in English and Chinese, and the long names; anything else is a usage
error listing the choices, with nothing written."""

from __future__ import annotations

import pytest
from clikit import dump, one_line_error, seeded_cli
from dutyboard.rules.departments import DEPARTMENT_NAMES, department_code
from dutyboard.rules.rulebook import DEPARTMENTS
from dutyboard.tui.board.i18n import Translator

NAMES = [("工程", "eng"), ("安保", "sec"), ("会务", "svc"), ("保洁", "env"), ("客服", "desk"),
         ("消控", "fcc"), ("Eng", "eng"), ("Clean", "env"), ("FCC", "fcc"), ("engineering", "eng"),
         ("Meeting service", "svc"), ("fire control centre", "fcc"), ("service-desk", "desk"),
         ("工程技术部", "eng"), ("消防控制中心", "fcc"), ("ENV", "env")]


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


@pytest.mark.parametrize("name, code", NAMES)
def test_dispatch_accepts_every_name_of_a_department(cli, name: str, code: str) -> None:  # noqa: ANN001
    ident = cli.ticket()
    result = cli("ticket", "dispatch", ident, "--dept", name, login="clerk", json=True)
    assert result.rc == 0, result.err
    shown = cli("ticket", "show", ident, json=True).json()
    assert shown["dept"] == code


def test_list_and_user_add_take_chinese_names(cli) -> None:  # noqa: ANN001
    ident = cli.ticket()
    assert cli("ticket", "dispatch", ident, "--dept", "安保", login="clerk").rc == 0
    listed = cli("ticket", "list", "--dept", "安保", json=True).json()
    assert [t["id"] for t in listed] == [ident]
    assert cli("ticket", "list", "--dept", "工程", json=True).json() == []
    assert cli("task", "list", "--dept", "会务", json=True).rc == 0
    assert cli("user", "add", "wu", "--role", "lead", "--dept", "保洁", json=True).rc == 0
    users = {u["login"]: u for u in cli("user", "list", json=True).json()}
    assert users["wu"]["depts"] == ["env"]


@pytest.mark.parametrize("name", ["kitchen", "工", "engg", "", "e" * 300])
def test_an_unknown_name_is_a_usage_error_listing_the_choices(cli, name: str) -> None:  # noqa: ANN001
    ident = cli.ticket()
    before = dump(cli.path)
    result = cli("ticket", "dispatch", ident, "--dept", name, login="clerk")
    assert result.rc == 2
    line = one_line_error(result.err)
    assert "unknown department" in line
    for code in DEPARTMENTS:
        assert f"{code} (" in line
    assert "工程" in line and "安保" in line and "engineering" in line
    assert dump(cli.path) == before


def test_the_board_labels_name_the_same_departments() -> None:
    """What the board shows (Eng / 工程) is what the command line accepts."""
    for code in DEPARTMENTS:
        for lang in ("en", "zh"):
            assert department_code(Translator(lang)(f"dept.{code}")) == code
        for name in DEPARTMENT_NAMES[code]:
            assert department_code(name) == code
