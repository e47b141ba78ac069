"""Detail screens say nothing raw (issue 11, "Nothing can be misread"): no stored ISO times
(``2026-11-23T08:45+08:00``), no Python lists (``['microphones', 'water']``), no ``True`` /
``False``, no field named as code (``start_at``, ``dept``), on the English and the Chinese
board, for a meeting, a readiness item and a ticket."""

from __future__ import annotations

import re

import pytest
from boardkit import loaded, wait_for
from dutyboard.tui.board.refs import RowRef

RAW = [re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"),        # a stored ISO time
       re.compile(r"\[\s*'"),                            # a Python list
       re.compile(r"\b(True|False|None)\b"),
       re.compile(r"^\s*[a-z]+_[a-z_]+\s*[:：]", re.M),   # a field named as code
       re.compile(r"^(id|kind|dept|state|services|confidential|status)[:：]", re.M)]
# a task's departments by their full names, as the meeting and ticket details say them
# (not the columns' short ``Svc``/``FCC``)
FULL_DEPT = {"en": re.compile(r"^Department: (engineering|security|meeting service|cleaning & greenery"
                              r"|service desk|fire-control centre)$", re.M),
             "zh": re.compile(r"^部门：(工程技术部|安全管理部|会务部|环境管理部|客户服务中心|消防控制中心)$",
                              re.M)}
SHORT_DEPT = re.compile(r"[:：]\s*(Eng|Sec|Svc|Clean|Desk|FCC|工程|安保|会务|保洁|客服|消控)$", re.M)
PANES = {"meeting": ("1", "venues"), "task": ("2", "tasks"), "ticket": ("3", "tickets")}
EXPECTED = {  # (language, entity) -> words the detail must show
    ("en", "meeting"): ["Services: ", "Starts: ", "Confidential: ", "Tasks:"],
    ("zh", "meeting"): ["服务要求：", "开始：", "涉密：", "准备事项："],
    ("en", "task"): ["Due: ", "Venue: "],
    ("zh", "task"): ["时限：", "会场："],
    ("en", "ticket"): ["Priority: EMERG", "Department: security", "Opened: ", "Work order signed: "],
    ("zh", "ticket"): ["级别：突发", "部门：安全管理部", "登记时间：", "派工单已签字："],
}


def raw_parts(body: str) -> list[str]:
    return [m.group(0) for pattern in RAW for m in pattern.finditer(body)]


@pytest.mark.asyncio
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("entity", sorted(PANES))
async def test_the_detail_reads_in_words(board_url: str, make_board, lang: str, entity: str) -> None:  # noqa: ANN001
    app = make_board(board_url, lang=lang)
    digit, pane = PANES[entity]
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app) and loaded(app, "tickets"))
        keys = app.board.table(pane).keys
        index = keys.index(RowRef("ticket", 11)) if entity == "ticket" else next(
            i for i, k in enumerate(keys) if k.entity == entity)
        await pilot.press(digit, "g", *["j"] * index, "enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "DetailScreen")
        body = app.screen.body
        assert raw_parts(body) == [], body
        for words in EXPECTED[(lang, entity)]:
            assert words in body, (words, body)
        if entity == "task":
            assert FULL_DEPT[lang].search(body), body
            assert SHORT_DEPT.findall(body) == [], body
