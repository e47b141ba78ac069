"""Issue 11, Chinese complete: why the database failed (the header, the status line) and why
an action is not permitted are worded in the board's language from the store's structured
reasons; the driver's words only in parentheses where the kind alone does not say it. The
command line's English stays as it was (tests/cli/test_cli_exit_codes.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import peewee
import pytest
from boardkit import check_off, loaded, wait_for
from dutyboard.rules.facts import PENDING
from dutyboard.rules.permissions import ACTIONS
from dutyboard.store.errors import NotPermitted
from dutyboard.store.health import FAILURE_KINDS, DatabaseFileChanged, Failure, failure, failure_reason
from dutyboard.store.models import Task
from dutyboard.store.timeutil import must
from dutyboard.tui.board.app import Cadence
from dutyboard.tui.board.i18n import STRINGS, Translator
from dutyboard.tui.board.wording import failure_text, refusal_text

ZH, EN = Translator("zh"), Translator("en")
LATIN = re.compile(r"[A-Za-z]")
FAST = Cadence(tick=0.1, flags=0.5, poll=0.05)

# the drivers' own messages (sqlite3 / psycopg2) -> the kind the board words
DRIVER_FAULTS = [
    ("database is locked", "busy"),
    ("canceling statement due to lock timeout", "busy"),
    ("attempt to write a readonly database", "read_only"),
    ("database or disk is full", "disk_full"),
    ("could not extend file \"base/1/2\": No space left on device", "disk_full"),
    ("disk I/O error", "disk_error"),
    ("unable to open database file", "file_missing"),
    ("no such table: task", "file_replaced"),
    ("server closed the connection unexpectedly", "connection_lost"),
    ("could not connect to server: Connection refused", "unavailable"),
    ("permission denied for table task", "permission"),
    ("canceling statement due to statement timeout", "timeout"),
    ("timeout expired", "timeout"),
]


@pytest.mark.parametrize("message, kind", DRIVER_FAULTS)
def test_known_failures_are_worded_in_chinese_without_the_drivers_english(message: str, kind: str) -> None:
    exc = peewee.OperationalError(message)
    assert failure(exc) == Failure(kind)
    zh = failure_text(exc, ZH)
    assert zh == ZH(f"dbf.{kind}") and not LATIN.search(zh), zh


def test_the_english_board_says_what_the_command_line_says() -> None:
    for message, kind in DRIVER_FAULTS:
        exc = peewee.OperationalError(message)
        if kind not in ("permission", "timeout"):
            assert failure_text(exc, EN) == failure_reason(exc)
    odd = peewee.OperationalError("something nobody foresaw")
    assert failure_text(odd, EN) == failure_reason(odd) == "something nobody foresaw"


def test_an_unknown_failure_keeps_the_drivers_words_only_in_parentheses() -> None:
    assert failure_text(peewee.OperationalError("something nobody foresaw"), ZH) == \
        "数据库故障（something nobody foresaw）"
    unreadable = DatabaseFileChanged("database file unreadable (Permission denied)")
    assert failure_text(unreadable, ZH) == "数据库文件无法读取（Permission denied）"


def test_every_failure_kind_and_every_action_has_both_languages() -> None:
    for kind in FAILURE_KINDS:
        assert all(STRINGS[f"dbf.{kind}"]), kind
    for action in ACTIONS:
        english, chinese = STRINGS[f"act.{action}"]
        assert english and chinese and not LATIN.search(chinese), action


@pytest.mark.parametrize("error, zh", [
    (NotPermitted("duty: not permitted: ticket.close needs the role clerk, manager, supervisor; "
                  "you are duty", "role", {"action": "ticket.close", "roles": "clerk,manager,supervisor",
                                           "role": "duty"}),
     "无权限：只有接待员、项目经理、客服主管可以关闭工单；您是值班员"),
    (NotPermitted("sec-lead: not permitted: a department lead may task.done only for their own "
                  "department (sec), not eng", "own_dept",
                  {"action": "task.done", "role": "lead", "depts": "sec", "target": "eng"}),
     "无权限：部门主管只能为本部门（安全管理部）勾选准备事项，不能为工程技术部"),
    (NotPermitted("x", "own_dept", {"action": "ticket.resolve", "role": "lead", "depts": "", "target": ""}),
     "无权限：部门主管只能为本部门（无）登记处理结果，不能为未派工的工单"),
    (NotPermitted("'guest' is not a dutyboard user here", "not_user", {"login": "guest"}),
     "无权限：「guest」不是本系统的用户，请项目经理添加"),
    (NotPermitted("this database has no site yet", "no_site"), "无权限：该数据库尚未建立站点"),
    (NotPermitted("lee: not permitted: not a member of site 'east'", "not_member",
                  {"login": "lee", "site": "east"}), "无权限：「lee」不是站点 east 的成员，请项目经理添加"),
    (NotPermitted("duty: not permitted: the overview is for people of several sites", "overview"),
     "无权限：总览仅供多个站点的人员、经理和管理员使用"),
])
def test_not_permitted_is_worded_from_the_stores_reason(error: NotPermitted, zh: str) -> None:
    assert refusal_text(error, ZH) == zh
    assert refusal_text(error, EN) == f"Not permitted: {error}"   # the store's English, as it was


async def test_the_reason_for_not_permitted_on_the_chinese_board(board_url: str, make_board) -> None:  # noqa: ANN001
    """A department lead checking off another department's item: the store's structured
    reason, in Chinese, on the status line."""
    app = make_board(board_url, login="sec-lead", lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("escape", "2")
        table = app.board.table("tasks")
        now = app.ctx.now()
        index = next(i for i, k in enumerate(table.keys) if (task := Task.get_by_id(k.number)).dept == "eng"
                     and task.state == PENDING and must(task.earliest_at) <= now)
        await pilot.press("g", *["j"] * index)
        await check_off(pilot, app)
        assert app.board.status_text == ("无权限：部门主管只能为本部门（安全管理部）勾选准备事项，"
                                         "不能为工程技术部")


def _move(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            os.replace(f"{src}{suffix}", f"{dst}{suffix}")


async def test_the_database_failure_in_the_chinese_header(board_url: str, make_board) -> None:  # noqa: ANN001
    path = Path(board_url.removeprefix("sqlite:///"))
    app = make_board(board_url, lang="zh", cadence=FAST)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        _move(path, path.with_name("away.db"))
        try:
            await wait_for(pilot, lambda: app.board.stale is not None, timeout=5)
            header = str(app.board.query_one("#header").render())
            assert "数据库文件不见了（被改名或删除）" in header, header
            assert "database" not in header and "missing" not in header, header
        finally:
            _move(path.with_name("away.db"), path)



async def test_a_write_that_fails_says_why_in_chinese(board_url: str, make_board, monkeypatch) -> None:  # noqa: ANN001
    from dutyboard.store import tasks as task_service

    def busy(*args: object, **kwargs: object) -> None:
        raise peewee.OperationalError("database is locked")
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("2")
        table = app.board.table("tasks")
        now = app.ctx.now()
        index = next(i for i, k in enumerate(table.keys)
                     if (task := Task.get_by_id(k.number)).state == PENDING and must(task.earliest_at) <= now)
        await pilot.press("g", *["j"] * index)
        monkeypatch.setattr(task_service, "change_task", busy)
        await check_off(pilot, app)
        assert app.board.status_text == "未保存：数据库忙（被锁定）"
