"""The board's own words for what the store and the rules say in English (issue 11, Chinese
complete): every flag kind, every refusal rule, the detail screens' fields and the ticket
history's system notes, in Chinese on the Chinese board; as before on the English one."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from boardkit import loaded, settle, wait_for
from dutyboard.rules import Flag
from dutyboard.rules.booking import RuleViolation
from dutyboard.rules.rulebook import Rulebook
from dutyboard.store.errors import NotFound, NotPermitted, Refused
from dutyboard.store.facts import MASK
from dutyboard.store.models import Meeting, Ticket
from dutyboard.tui.board.i18n import Translator
from dutyboard.tui.board.refs import RowRef
from dutyboard.tui.board.wording import (
    _refusal_key,
    error_text,
    event_note,
    flag_text,
    refusal_text,
    unmask,
    view_lines,
)

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = Translator("zh"), Translator("en")
ENGLISH = re.compile(r"[A-Za-z]{3,}")
# refusals the board cannot cause (the command line's administration and quarterly review)
NOT_ON_THE_BOARD = {"user.unique", "venue.unique", "quarterly.comment", "quarterly.corrective",
                    "quarterly.once", "quarterly.order", "demo.empty", "init", "restore.boards"}


def rules_flags(book: Rulebook) -> list[Flag]:
    """Every kind of flag, as the rules test makes them (tests/rules/test_rules_flag_values.py)."""
    path = ROOT / "tests" / "rules" / "test_rules_flag_values.py"
    spec = importlib.util.spec_from_file_location("flag_values", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    flags: list[Flag] = module.every_flag(book)
    return flags


def english(text: str, data: set[str] = frozenset()) -> set[str]:
    return {w for w in ENGLISH.findall(text) if w.lower() not in data}


# -- flags --------------------------------------------------------------------------------------

def test_every_flag_kind_is_worded_in_chinese_from_its_values(book: Rulebook) -> None:
    flags = rules_flags(book)
    seen = set()
    for f in flags:
        text = flag_text(f, ZH)
        assert not english(text, {"hall", "umbrella"}), f"{f.kind}: {text}"
        assert "{" not in text and text != f.message
        seen.add(f.kind)
    assert len(seen) == 15


def test_chinese_flag_words_the_values() -> None:
    late = Flag("follow_up_overdue", "alarm", "ticket:3", None, "ticket 3: follow-up #1 overdue 1:10",
                "eng", {"id": 3, "location": "Room 305", "step": "follow-up", "number": 1, "minutes": 70})
    assert flag_text(late, ZH) == "工单3：第1次跟进超时1小时10分钟，Room 305"
    urgent = Flag("escalated", "alarm", "ticket:5", None, "...", "sec",
                  {"id": 5, "location": "B2", "what": "urgent", "missing": "supervisor,manager"})
    assert flag_text(urgent, ZH) == "工单5：紧急事项，须立即报告客服主管；尚未通知：客服主管、项目经理"
    lost = Flag("lost_unreturned", "warn", "lost:4", None, "...", "desk",
                {"id": 4, "item": "雨伞", "found": "2026-11-01"})
    assert flag_text(lost, ZH) == "拾遗物品#4（雨伞）自2026-11-01起未归还"


def test_a_flag_without_values_is_never_english_on_the_chinese_board() -> None:
    bare = Flag("callback_overdue", "warn", "ticket:7", None, "ticket 7: callback to the requester not made")
    assert flag_text(bare, ZH) == "回访超时：ticket:7"
    assert flag_text(bare, EN) == bare.message


# -- refusals -----------------------------------------------------------------------------------

def refusal_codes() -> set[str]:
    """Every rule code the rules and the store can refuse with, read from their source."""
    codes: set[str] = set()
    for folder in ("rules", "store"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            codes |= set(re.findall(r'RuleViolation\(\s*f?"([^"]+)"', text))
            codes |= set(re.findall(r'(?:Refused|Conflict)\((?:[^()]|\([^()]*\))*?,\s*"([a-z_.]+)"\s*\)',
                                    text, re.S))
    return {re.sub(r"\{[^}]+\}", "A", c) for c in codes}


def test_every_refusal_the_board_can_cause_has_chinese_words() -> None:
    codes = refusal_codes()
    assert {"closing.unfinished", "task.done", "booking.past", "class.A.notice", "task.conflict",
            "signoff.once", "handover.self_ack", "ticket.A"} <= codes
    unworded = {c for c in codes - NOT_ON_THE_BOARD if _refusal_key(c) is None}
    assert not unworded


@pytest.mark.parametrize(("error", "zh"), [
    (Refused("ticket 11 is dispatched: nobody may close an unfinished case", "closing.unfinished"),
     "已拒绝：未处理完的工单不能销项：请先登记处理结果（按 r 处理完毕）"),
    (Refused("'AC on' is already done", "task.done"), "已拒绝：「AC on」已完成"),
    (Refused("class B needs at least 1d notice", "class.B.notice"), "已拒绝：B类会场预订提前时间不足"),
    (Refused("ticket 3 is open; escalate needs it to be dispatched", "ticket.escalate"),
     "已拒绝：工单当前状态不能执行此操作"),
    (NotPermitted("duty: not permitted: ticket.close"), "无权限：您的角色不能执行此操作"),
    (NotFound("no ticket 99"), "找不到该记录（可能已被删除）"),
])
def test_refusals_in_chinese(error: Exception, zh: str) -> None:
    assert refusal_text(error, ZH) == zh  # type: ignore[arg-type]
    assert str(error) in refusal_text(error, EN)  # type: ignore[arg-type]


def test_the_english_board_says_the_sentence_without_the_rules_code() -> None:
    """The store's message starts with the rule's code (``[class.A.notice] ...``) for the
    command line; the board says the sentence."""
    error = Refused("[class.A.notice] class A needs at least 1h notice; this booking gives 30m",
                    "class.A.notice")
    assert refusal_text(error, EN) == "Refused: class A needs at least 1h notice; this booking gives 30m"
    assert error_text(error, EN) == "class A needs at least 1h notice; this booking gives 30m"
    assert error_text(Refused("[a-b.c_d] x [y] z", "a-b.c_d"), EN) == "x [y] z"
    assert "[class.A.notice]" not in refusal_text(Refused("[class.A.notice] new words", "class.Z.new"), ZH)


def _refused(rule: str, message: str, hint: str) -> Refused:
    """As the store turns a rule's violation into a refusal (store.context.write)."""
    violation = RuleViolation(rule, message, hint)
    return Refused(str(violation), violation.rule, violation.hint)


@pytest.mark.parametrize(("error", "en", "zh"), [
    (_refused("class.A.approval", "class A needs the approved rental application reference",
              "--approval REF"), "Approval ref", "审批编号"),
    (_refused("kind.main-hall.approval", "a main-hall meeting needs the administration office's "
              "approval reference", "--approval REF"), "Approval ref", "审批编号"),
    (_refused("closing.evidence", "a repair closes only when the requester signed the work order",
              "ticket resolve --signed"), "resolve with r and answer y", "按 r 处理完毕"),
    (_refused("closing.approval", "a major case closes only with the approval of supervisor",
              "--approved-by LOGIN"), "approves the close with A", "按 A 批准销项"),
    (_refused("closing.related", "a related problem ...; register it before closing", "ticket link"),
     "link it with L", "按 L 关联问题"),
    (_refused("closing.unresolvable.window", "... until then record it as stalled",
              "ticket stall 7 --reason TEXT"), "stalled with s", "按 s 挂起"),
    (_refused("quarterly.comment", "the project manager signs with a comment", "--comment TEXT"),
     "signs with a comment", "the project manager signs with a comment"),
])
def test_refusals_on_the_board_name_its_keys_and_fields_not_command_line_flags(
        error: Refused, en: str, zh: str) -> None:
    """The command line keeps its hint (``(--approval REF)``); the board has no flags to type:
    it drops the hint and, where it has one, says which field or key to use."""
    assert str(error).endswith(f" ({error.hint})")
    for text, words in ((refusal_text(error, EN), en), (error_text(error, EN), en),
                        (refusal_text(error, ZH), zh), (error_text(error, ZH), zh)):
        assert words in text, text
        assert error.hint not in text and not re.search(r"--[a-z]|\bticket [a-z]+\b", text), text


def test_a_rule_without_words_says_so_in_chinese_with_the_detail() -> None:
    text = refusal_text(Refused("something new", "brand.new"), ZH)
    assert text == "已拒绝（规则 brand.new）：something new"


# -- detail screens -----------------------------------------------------------------------------

def _when(value: str) -> str:
    return f"<{value}>"


def test_view_fields_and_coded_values_in_chinese() -> None:
    view = {"id": 11, "kind": "repair", "state": "dispatched", "priority": "emergency", "dept": "sec",
            "major": False, "notified": ["supervisor"], "flags": ["emergency", "escalated"],
            "next_step": "follow-up #1", "content": "Fire alarm 配电室", "result": ""}
    lines = view_lines(view, ZH, _when, skip_empty=True, entity="ticket")
    assert lines == ["编号：11", "类型：报修", "状态：已派工", "级别：突发", "部门：安全管理部",
                     "重大事项：否", "已通知：客服主管", "告警：突发事件、已上报", "下一步：第1次跟进",
                     "内容：Fire alarm 配电室"]
    meeting = {"title": MASK, "status": "booked", "kind": "main-hall", "services": ["water", "banner"]}
    assert view_lines(meeting, ZH, _when) == ["会议名称：（保密）", "状态：已预订", "类型：大会堂",
                                              "服务要求：饮水、会标"]
    assert unmask(MASK, ZH) == "（保密）" and unmask(MASK, EN) == MASK


def test_view_fields_and_values_are_worded_in_english_too() -> None:
    """Not the command line's raw view: ``services: ['microphones', 'water']``,
    ``confidential: False``, ``start_at: 2026-11-23T08:45+08:00``, ``dept: sec``."""
    meeting = {"services": ["microphones", "water"], "confidential": False,
               "start_at": "2026-11-23T08:45+08:00", "kind": "main-hall", "status": "booked"}
    assert view_lines(meeting, EN, _when) == [
        "Services: microphones, drinking water", "Confidential: no",
        "Starts: <2026-11-23T08:45+08:00>", "Kind: main hall", "Status: booked"]
    ticket = {"id": 11, "kind": "repair", "channel": "phone", "priority": "emergency", "dept": "sec",
              "notified": ["supervisor", "manager"], "age_minutes": 75, "related_to": 3,
              "next_step": "follow-up #1", "signed": True}
    assert view_lines(ticket, EN, _when, entity="ticket") == [
        "Number: 11", "Kind: repair", "Channel: phone", "Priority: EMERG", "Department: security",
        "Notified: desk supervisor, manager", "Age: 1h15m", "Related to: #3", "Next step: follow-up #1",
        "Work order signed: yes"]


@pytest.mark.parametrize(("lang", "today", "other"), [
    ("en", "08:45", "Tue 11-24 09:05"), ("zh", "08:45", "周二 11-24 09:05")])
def test_detail_times_in_the_sites_local_time(lang: str, today: str, other: str) -> None:
    import arrow
    from dutyboard.tui.board.fmt import local_when
    now = arrow.get("2026-11-23T01:00:00+00:00")           # 09:00 in Shanghai, a Monday
    t = Translator(lang)
    assert local_when("2026-11-23T08:45+08:00", now, "Asia/Shanghai", t) == today
    assert local_when(arrow.get("2026-11-24T01:05:00+00:00"), now, "Asia/Shanghai", t) == other


def test_every_view_field_has_words_in_both_languages() -> None:
    from dutyboard.tui.board.i18n import STRINGS
    fields = [k for k in STRINGS if k.startswith("wd.field.")]
    assert len(fields) > 40
    for key in fields:
        en, zh = STRINGS[key]
        code = key.removeprefix("wd.field.")
        assert en != code and "_" not in en and en[0].isupper(), key
        assert not ENGLISH.search(zh), key


def test_system_notes_of_the_history_in_chinese_typed_ones_as_typed() -> None:
    assert event_note("dispatch", "work order to sec / sec-lead", ZH) == "派工单交安全管理部 / sec-lead"
    assert event_note("notify", "manager notified: told by phone", ZH) == "已通知项目经理：told by phone"
    assert event_note("escalate", "emergency case: the desk supervisor and the manager are told at once",
                      ZH) == "立即报告客服主管和项目经理"
    assert event_note("follow-up", "called the plumber", ZH) == "called the plumber"
    assert event_note("dispatch", "work order to sec", EN) == "work order to sec"


# -- on the board -------------------------------------------------------------------------------

@pytest.mark.asyncio
@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "已拒绝：未处理完的工单不能销项：请先登记处理结果"),
    ("en", "Refused: ticket 11 is dispatched: nobody may close an unfinished case"),
])
async def test_a_refused_close_is_said_in_the_boards_language(board_url: str, make_board, lang: str,  # noqa: ANN001
                                                               said: str) -> None:
    app = make_board(board_url, login="clerk", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets"))
        order = app.board.table("tickets").keys
        await pilot.press("3", "g", *["j"] * order.index(RowRef("ticket", 11)), "c")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "PromptScreen")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.board.status_text.startswith(said)
        assert Ticket.get_by_id(11).state == "dispatched"


@pytest.mark.asyncio
async def test_chinese_ticket_detail_and_masked_meeting(board_url: str, make_board) -> None:  # noqa: ANN001
    from dutyboard.tui.board.dialogs import DetailScreen
    app = make_board(board_url, lang="zh")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: loaded(app, "tickets") and loaded(app, "venues"))
        secret = Meeting.get(Meeting.confidential == True)  # noqa: E712
        cells = app.board.table("venues").cells(RowRef("meeting", secret.id))
        assert "（保密）" in [str(c) for c in cells] and MASK not in [str(c) for c in cells]
        order = app.board.table("tickets").keys
        await pilot.press("3", "g", *["j"] * order.index(RowRef("ticket", 11)), "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        body = app.screen.body
        assert "状态：已派工" in body and "部门：安全管理部" in body and "dept:" not in body


def test_service_notice_mask_and_venue_kind_in_chinese() -> None:
    from dutyboard.rules.notice import Notice
    from dutyboard.tui.board.wording import notice_words
    notice = Notice(3, (("venue", "第三会议室 Room 305 (A, breakout, Office block)"), ("title", MASK),
                        ("attendees", 20)), (), ())
    assert notice_words(notice, ZH).fields == (
        ("venue", "第三会议室 Room 305 (A, 分会场, Office block)"), ("title", "（保密）"), ("attendees", 20))
    assert notice_words(notice, EN) is notice
