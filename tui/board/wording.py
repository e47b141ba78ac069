"""The board's own words for what the store and the rules say in English: flags (from the
values each flag carries), refusals (by the rule's code), the detail screens' fields and
values, the ticket history's system notes, and the confidential mask.

On the English board most of it is the store's text as it was; on the Chinese board nothing
here falls back to an English sentence (user data, such as a title or a name, stays as typed).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any

from dutyboard.rules import Flag
from dutyboard.rules.durations import format_span
from dutyboard.rules.notice import Notice
from dutyboard.store.errors import DutyError, NotFound, NotPermitted, Refused
from dutyboard.store.facts import MASK
from dutyboard.store.health import Failure, failure

from .i18n import STRINGS, Translator
from .keys import KEYS


def unmask(text: str, t: Translator) -> str:
    """The store's mask for a confidential meeting, in the board's language (保密)."""
    return t("wd.mask") if text == MASK else text


def duration(minutes: int, t: Translator) -> str:
    """``1h30min`` / ``1小时30分钟``; days beyond a day."""
    hours, mins = divmod(max(0, int(minutes)), 60)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(t("wd.days", n=days))
    if hours:
        parts.append(t("wd.hours", n=hours))
    if mins or not parts:
        parts.append(t("wd.minutes", n=mins))
    return ("" if t.lang == "zh" else " ").join(parts)


def roles(codes: str | int, t: Translator) -> str:
    """Role codes (``supervisor,manager``) as the board names them."""
    return ("、" if t.lang == "zh" else ", ").join(
        t(f"role.{c}") for c in str(codes).split(",") if c)


# -- flags ------------------------------------------------------------------------------------

def flag_text(f: Flag, t: Translator, location: str | None = None, title: str | None = None) -> str:
    """The flag in the board's language, worded from ``f.values``. ``location`` and ``title``
    (the task's title in the board's language) override the values' when the board has them."""
    v: dict[str, Any] = dict(f.values)
    if location is not None:
        v["location"] = location
    if title is not None:
        v["title"] = title
    kind = f.kind
    if not v or f"fl.{kind}" not in STRINGS:
        if t.lang == "en":
            return f.message
        return t("fl.unknown", kind=t(f"flagkind.{kind}") if f"flagkind.{kind}" in STRINGS else kind,
                 subject=f.subject)
    v.setdefault("location", "")
    if "minutes" in v:
        v["dur"] = duration(int(v["minutes"]), t)
    if "by" in v and t.lang == "zh":   # an offset from T as the procedures write it: -30min
        v["by"] = str(v["by"]).replace("min", "分钟").replace("h", "小时")
    if kind in ("task_overdue", "task_due_soon"):
        v["short"] = t("fl.short_notice") if v.get("short_notice") else ""
    if kind in ("follow_up_overdue", "follow_up_due"):
        v["what"] = step_label(str(v.get("step", "")), int(v.get("number", 0)), t)
    if kind == "emergency":
        key = "fl.emergency" if v.get("missing") else "fl.emergency.all"
        return t(key, location=v["location"] or "?", who=roles(v.get("missing", ""), t))
    if kind == "escalation_due":
        key = {"second_missed": "fl.escalation_due.second",
               "emergency": "fl.escalation_due.emergency"}.get(str(v.get("why")), "fl.escalation_due")
        return t(key, **v)
    if kind == "escalated":
        if not v.get("what"):
            return t("fl.escalated", **v)
        key = "fl.escalated.tell" if v.get("missing") else "fl.escalated.all"
        return t(key, id=v["id"], location=v["location"], what=t(f"fl.what.{v['what']}"),
                 who=roles(v.get("missing", ""), t))
    if kind == "approval_awaited":
        v["who"] = ("或" if t.lang == "zh" else " or ").join(
            t(f"role.{r}") for r in str(v.get("approvers", "")).split(",") if r)
    if kind == "unclosed_end_of_day":
        v["state"] = t(f"state.{v.get('state')}")
    if kind == "signoff_missing":
        v["role"] = t(f"role.{v.get('role')}")
    return t(f"fl.{kind}", **v)


def step_label(kind: str, number: int, t: Translator) -> str:
    """A clock step (``follow-up #2``, ``escalate to supervisor``) in the board's language."""
    if kind == "escalate":
        return t("wd.step.escalate")
    if kind == "chase":
        return t("wd.step.chase", n=number)
    return t("wd.step.follow_up", n=number)


def flag_kinds(kinds: Iterable[str], t: Translator) -> str:
    return ("、" if t.lang == "zh" else ", ").join(t(f"flagkind.{k}") for k in kinds)


# -- refusals ---------------------------------------------------------------------------------

_QUOTED = re.compile(r"'([^']*)'")
_RULE_CODE = re.compile(r"^\s*\[[\w.\-]+\]\s*")


def without_code(message: object, hint: str | None = None) -> str:
    """The store's or the rules' message without the rule's code in front (``[class.A.notice]
    class A needs ...`` -> ``class A needs ...``) and without the command line's hint at its
    end (``(--approval REF)``; ``hint``, by default the message's own ``hint``): the code is
    for the command line and the logs, and the board has no flags to type."""
    text = str(message)
    hint = getattr(message, "hint", "") if hint is None else hint
    if hint:
        text = text.removesuffix(f" ({hint})")
    return _RULE_CODE.sub("", text, count=1)


# rule (class/kind letters dropped) -> (the board's words for what to do, the key it names)
_BOARD_HINTS = {"class.approval": ("rh.booking.approval", ""),
                "kind.approval": ("rh.booking.approval", ""),
                "closing.unfinished": ("rh.resolve", "resolve"),
                "callback.unresolved": ("rh.resolve", "resolve"),
                "closing.evidence": ("rh.closing.evidence", "resolve"),
                "closing.approval": ("rh.closing.approval", "approve"),
                "closing.unresolvable.window": ("rh.closing.stall", "stall"),
                "closing.related": ("rh.closing.related", "link")}


def board_hint(exc: DutyError, t: Translator) -> str:
    """What to do about a refusal on the board, in parentheses, where the command line would
    name a flag: the form field or the key (``(link it with L)``); "" when there is nothing
    to add (the refusal's own sentence says it, or the field sits beside it)."""
    rule = exc.rule if isinstance(exc, Refused) else ""
    if rule.startswith(("class.", "kind.")) and rule.count(".") == 2:
        rule = rule.split(".", 1)[0] + "." + rule.rsplit(".", 1)[1]
    found = _BOARD_HINTS.get(rule)
    if found is None:
        return ""
    text, key_id = found
    key = next((k.keys.split(",")[0] for k in KEYS if k.id == key_id), "")
    words = t(text, letter=key)
    return f"（{words}）" if t.lang == "zh" else f" ({words})"


def refusal_text(exc: DutyError, t: Translator) -> str:
    """A store error for the status line. English: as the store says it. Chinese: the rule's
    sentence (with the task's title when the store names one); a rule the board has no words
    for: the generic sentence and the store's English."""
    if t.lang == "en":
        head = t("msg.denied") if isinstance(exc, NotPermitted) else t("msg.refused")
        return f"{head}: {without_code(exc)}{board_hint(exc, t)}"
    if isinstance(exc, NotPermitted):
        return denied_text(exc, t)
    if isinstance(exc, NotFound):
        return t("rf.not_found")
    rule = exc.rule if isinstance(exc, Refused) else ""
    key = _refusal_key(rule)
    if key is None:
        return t("rf.generic", code=rule or "?", detail=without_code(exc))
    quoted = _QUOTED.search(str(exc))
    sentence = t(key, cls=rule.split(".")[1] if rule.startswith("class.") else "")
    if quoted and rule.startswith("task."):
        sentence = f"「{quoted.group(1)}」{sentence}"
    return f"{t('msg.refused')}：{sentence}{board_hint(exc, t)}"


def denied_text(exc: NotPermitted, t: Translator) -> str:
    """Why an action is not permitted, worded from the store's structured reason (the action,
    the roles it needs or the departments it is limited to); the generic sentence otherwise."""
    v, sep = exc.values, t("list.sep")
    if exc.why == "role":
        return t("rf.denied.role", action=t(f"act.{v['action']}"),
                 roles=sep.join(t(f"role.{r}") for r in v["roles"].split(",")), role=t(f"role.{v['role']}"))
    if exc.why == "own_dept":
        depts = sep.join(t(f"deptname.{d}") for d in v["depts"].split(",") if d) or t("rf.denied.no_dept")
        target = t(f"deptname.{v['target']}") if v["target"] else t("rf.denied.undispatched")
        return t("rf.denied.own_dept", role=t(f"role.{v['role']}"), action=t(f"act.{v['action']}"),
                 depts=depts, target=target)
    if exc.why == "not_user":
        return t("rf.denied.not_user", login=v["login"])
    if exc.why == "not_member":
        return t("rf.denied.not_member", login=v["login"], site=v["site"])
    if exc.why in ("no_site", "unknown_action", "overview"):
        return t(f"rf.denied.{exc.why}")
    return t("rf.denied")


def error_text(exc: DutyError, t: Translator) -> str:
    """A store error said as it is (no "Refused:" head) on the English board; worded by
    :func:`refusal_text` on the Chinese one."""
    return without_code(exc) + board_hint(exc, t) if t.lang == "en" else refusal_text(exc, t)


def failure_text(problem: BaseException | Failure, t: Translator) -> str:
    """A database failure in the board's language ("database busy", 数据库忙（被锁定）); the
    driver's words only in parentheses, and only where the kind alone does not say it."""
    found = problem if isinstance(problem, Failure) else failure(problem)
    words = t(f"dbf.{found.kind}")
    if found.kind == "other" and t.lang == "en":
        return found.detail or words        # as the command line says it
    if found.detail:
        return f"{words}（{found.detail}）" if t.lang == "zh" else f"{words} ({found.detail})"
    return words


def _refusal_key(rule: str) -> str | None:
    if rule.startswith(("class.", "kind.")) and rule.count(".") == 2:
        rule = rule.split(".", 1)[0] + "." + rule.rsplit(".", 1)[1]
    key = f"rf.{rule}"
    if key in STRINGS:
        return key
    if rule.startswith("ticket."):
        return "rf.ticket.state"
    return None


# -- detail screens ---------------------------------------------------------------------------

_VALUE_KEYS = {"status": "wd.status.{}", "state": "state.{}", "priority": "pri.{}",
               "dept": "deptname.{}", "channel": "wd.channel.{}", "nature": "wd.nature.{}",
               "category": "wd.category.{}", "size": "size.{}", "services": "svc.{}",
               "purchases": "buy.{}", "notified": "role.{}", "flags": "flagkind.{}"}


def view_lines(view: Mapping[str, Any], t: Translator, when: Callable[[str], str],
               skip_empty: bool = False, entity: str = "meeting") -> list[str]:
    """``Field: value`` lines of a store view, in the board's language: each field named in
    words, times in the site's local time (``when``: ``08:45``, ``Mon 11-23 08:45``), lists
    joined with the language's separator, each coded value (service, department, role,
    kind, channel, priority) and each yes/no worded; data (names, titles) as typed."""
    colon = "：" if t.lang == "zh" else ": "
    lines = []
    for key, value in view.items():
        if skip_empty and value in (None, "", []):
            continue
        label = t(f"wd.field.{key}") if f"wd.field.{key}" in STRINGS else key
        lines.append(f"{label}{colon}{_value(key, value, t, entity, when)}")
    return lines


def _value(key: str, value: Any, t: Translator, entity: str, when: Callable[[str], str]) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return t("wd.yes") if value else t("wd.no")
    if key.endswith("_at") and isinstance(value, str):
        return when(value)
    if key == "age_minutes":
        return format_span(timedelta(minutes=int(value)))
    if key == "related_to":
        return f"#{value}"
    if key == "kind":
        return t(f"kind.{value}") if entity == "meeting" else t(f"wd.tkind.{value}")
    if key == "next_step":
        return _step_text(str(value), t)
    if key == "callback" and isinstance(value, Mapping):
        return _callback(value, t, when)
    pattern = _VALUE_KEYS.get(key)
    if isinstance(value, str) and value == MASK:
        return t("wd.mask")
    if pattern is None:
        return str(value)
    if isinstance(value, list | tuple):
        return t("list.sep").join(_coded(pattern, str(v), t) for v in value)
    return _coded(pattern, str(value), t)


def _coded(pattern: str, code: str, t: Translator) -> str:
    key = pattern.format(code)
    return t(key) if key in STRINGS else code


def _step_text(label: str, t: Translator) -> str:
    """The store's step label (``follow-up #2``, ``escalate to supervisor``) in Chinese."""
    if label.startswith("escalate"):
        return step_label("escalate", 0, t)
    number = re.search(r"#(\d+)", label)
    n = int(number.group(1)) if number else 0
    return step_label("chase" if "daily" in label else "follow-up", n, t)


def _callback(value: Mapping[str, Any], t: Translator, when: Callable[[str], str]) -> str:
    def answer(v: Any) -> str:
        return "-" if v is None else (t("wd.yes") if v else t("wd.no"))
    return t("wd.callback", at=when(value["at"]) if value.get("at") else "-",
             satisfied=answer(value.get("satisfied")), manner=answer(value.get("manner")),
             note=value.get("note") or "-")


_NOTIFIED = re.compile(r"^(\w+) notified(?:: (.*))?$", re.S)
_WORK_ORDER = re.compile(r"^work order to (\w+)(?: / (\S+))?$")


def event_kind(kind: str, t: Translator) -> str:
    return t(f"wd.event.{kind}") if f"wd.event.{kind}" in STRINGS else kind


def event_note(kind: str, note: str, t: Translator) -> str:
    """A ticket event's note: what the store wrote itself is worded by the board; what a
    person typed stays as typed."""
    if t.lang == "en" or not note:
        return note
    if kind == "escalate" and note.endswith("are told at once"):
        return t("wd.note.escalate")
    if kind == "notify" and (m := _NOTIFIED.match(note)):
        return t("wd.note.notify", role=_coded("role.{}", m.group(1), t)) + (
            f"：{m.group(2)}" if m.group(2) else "")
    if kind == "dispatch" and (m := _WORK_ORDER.match(note)):
        dept = _coded("deptname.{}", m.group(1), t)
        return t("wd.note.dispatch", dept=dept) + (f" / {m.group(2)}" if m.group(2) else "")
    return note


def task_words(v: Mapping[str, Any], t: Translator) -> tuple[str, str]:
    """A task's department and state in a meeting's detail, named in the board's language
    (never the codes ``sec``, ``pending``)."""
    return t(f"dept.{v['dept']}"), t(f"state.{v['state']}")


_VENUE_KIND = re.compile(r"\((\w+), ([\w-]+)")


def notice_words(notice: Notice, t: Translator) -> Notice:
    """The service notice's store-made values in the board's language: the confidential mask
    and the venue's kind (``Room 305 (A, breakout, ...)``); names stay as typed."""
    if t.lang == "en":
        return notice

    def word(key: str, value: object) -> object:
        if value == MASK:
            return t("wd.mask")
        if key == "venue" and isinstance(value, str):
            return _VENUE_KIND.sub(lambda m: f"({m.group(1)}, {_coded('kind.{}', m.group(2), t)}", value, 1)
        return value
    return dataclasses.replace(notice, fields=tuple((k, word(k, v)) for k, v in notice.fields))
