"""The oversight reports as the command line prints them and the board shows and saves
them: JSON objects, Markdown and CSV.

The store computes the reports (``dutyboard.store.reports``) and returns data; this module
only shapes it. Times print in the site's zone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import arrow
from dutyboard.rules.durations import format_duration
from dutyboard.rules.reports import percent, whole_minutes
from dutyboard.store.reports import UNDISPATCHED, CaseRow, MonthlyRate, WeeklySummary
from dutyboard.store.timeutil import iso


def _local(value: arrow.Arrow | None, tz: str) -> str:
    return value.to(tz).format("YYYY-MM-DD HH:mm") if value is not None else ""


def _duration(value: timedelta | None) -> str:
    return format_duration(value) if value is not None else "-"


def _minutes(value: timedelta | None) -> int | None:
    return whole_minutes(value) if value is not None else None


def _case_dict(r: CaseRow, tz: str) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind, "priority": r.priority, "nature": r.nature,
            "category": r.category, "dept": r.dept, "state": r.state, "location": r.location,
            "content": r.content, "opened_at": iso(r.opened_at, tz), "closed_at": iso(r.closed_at, tz),
            "escalated": r.escalated, "minutes_to_close": _minutes(r.time_to_close),
            "unresolvable": r.unresolvable, "close_reason": r.close_reason,
            "approved_by": r.approved_by}


def weekly_dict(r: WeeklySummary) -> dict[str, Any]:
    return {
        "report": "weekly", "site": r.site, "tz": r.tz, "start": r.start.isoformat(),
        "end": r.end.isoformat(), "as_of": iso(r.as_of, r.tz), "registered": r.registered,
        "by_kind": r.by_kind, "by_priority": r.by_priority, "by_dept": r.by_dept,
        "closed": r.closed, "still_open": r.still_open, "escalated": r.escalated,
        "emergencies": r.emergencies, "inquiries": r.inquiries,
        "average_minutes_to_close": _minutes(r.average_to_close),
        "cases": [_case_dict(c, r.tz) for c in r.cases],
        "unresolvable": [_case_dict(c, r.tz) for c in r.unresolvable],
        "older_open": [_case_dict(c, r.tz) for c in r.older_open],
        "stalled": [_case_dict(c, r.tz) | {"stalled_at": iso(c.stalled_at, r.tz),
                                           "stall_reason": c.stall_reason} for c in r.stalled],
    }


def monthly_dict(r: MonthlyRate) -> dict[str, Any]:
    return {
        "report": "monthly", "site": r.site, "tz": r.tz, "month": r.month,
        "start": r.start.isoformat(), "end": r.end.isoformat(), "as_of": iso(r.as_of, r.tz),
        "valid_complaints": r.valid_complaints, "households": r.households,
        "households_from": r.households_from, "complaint_rate": float(r.rate),
        "complaint_rate_percent": percent(r.rate), "target": r.target,
        "target_percent": percent(r.target), "below_target": r.below_target,
        "complaints": r.complaints, "by_nature": r.by_nature, "by_category": r.by_category,
        "inquiries": r.inquiries, "valid_cases": [_case_dict(c, r.tz) for c in r.valid_cases],
    }


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|") or "-"


def _md_table(header: Sequence[str], rows: Iterable[Sequence[Any]], right: Sequence[int] = ()) -> list[str]:
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


# The Markdown's words in Chinese, by their English (the English is the report as it always
# was; the JSON and CSV keep codes and English keys: they are for programs). The board
# renders in its own language, the command line in --lang's.
ZH: dict[str, str] = {
    "figure": "项目", "count": "数量", "value": "数值", "none": "无", "None.": "无。",
    "registered": "登记", "closed": "已销项", "still open": "仍未销项", "escalated": "已上报",
    "emergencies": "突发事件", "inquiries logged (not registered)": "咨询记录（未立项）",
    "unresolvable (listed apart)": "无法解决（另列）",
    "average time to close (h:mm)": "平均销项用时（时:分）",
    "kind": "类型", "priority": "级别", "department": "部门", "dept": "部门", "state": "状态",
    "id": "编号", "opened": "登记时间", "time to close": "销项用时", "location": "地点",
    "content": "内容", "approved by": "审批人", "reason": "原因", "stalled": "搁置时间",
    "nature": "性质", "category": "类别", "yes": "是", "no": "否",
    "## Cases": "## 本周工单", "No cases registered.": "本周无登记工单。",
    "## Unresolvable": "## 无法解决", "## Older cases still open": "## 以前登记、仍未销项",
    "## Stalled (unresolvable for now, for the supervisor)": "## 搁置（暂无法解决，待主管处理）",
    "## Valid complaints": "## 有效投诉",
    "valid complaints": "有效投诉", "complaint rate": "投诉率", "target": "目标",
    "verdict": "结论", "complaints registered": "登记投诉",
    "ok (below target)": "达标（低于目标）", "NOT OK (at or above target)": "未达标（达到或超过目标）",
    "rulebook site.households": "规则 site.households", "--households": "--households",
    # codes shown as values
    "repair": "报修", "complaint": "投诉", "normal": "一般", "urgent": "紧急", "emergency": "突发",
    "open": "已登记", "dispatched": "已派工", "resolved": "已处理", "inquiry": "咨询",
    "valid": "有效", "help": "求助", "venting": "发泄", "undispatched": "未派工",
    "unclassified": "未分类", "lighting": "照明", "water": "给排水", "power": "供电",
    "heating": "暖通", "equipment": "设备", "attitude": "服务态度", "quality": "服务质量",
    "other": "其他", "desk": "客户服务中心", "eng": "工程技术部", "sec": "安全管理部",
    "svc": "会务部", "env": "环境管理部", "fcc": "消防控制中心",
}


def _words(lang: str) -> Callable[[Any], Any]:
    """English as it is; in Chinese each known word (or code) translated, others unchanged."""
    if lang != "zh":
        return lambda word: word
    return lambda word: ZH.get(word, word) if isinstance(word, str) else word


def _counts_table(title: str, counts: dict[str, int], lang: str = "en") -> list[str]:
    w = _words(lang)
    if not counts:
        return [f"{w(title)}: {w('none')}"]
    return _md_table((w(title), w("count")), ((w(k), n) for k, n in counts.items()), right=(1,))


def _heads(w: Callable[[Any], Any], *names: str) -> list[str]:
    return [w(n) for n in names]


def weekly_markdown(r: WeeklySummary, lang: str = "en") -> str:
    tz, w = r.tz, _words(lang)
    start, end, as_of = r.start.isoformat(), r.end.isoformat(), _local(r.as_of, tz)
    zh = lang == "zh"
    lines = [
        f"# 每周工单汇总 {start} 至 {end}" if zh else f"# Weekly case summary {start} to {end}",
        "",
        f"{r.site}。周一至周日登记的工单，当地时间（{tz}）；状态截至{as_of}。" if zh else
        f"{r.site}. Cases registered Monday to Sunday, local time ({tz}); states as of {as_of}.",
        "",
        *_md_table(_heads(w, "figure", "count"), ((w(k), v) for k, v in (
            ("registered", r.registered), ("closed", r.closed), ("still open", r.still_open),
            ("escalated", r.escalated), ("emergencies", r.emergencies),
            ("inquiries logged (not registered)", r.inquiries),
            ("unresolvable (listed apart)", len(r.unresolvable)),
            ("average time to close (h:mm)", _duration(r.average_to_close)))), right=(1,)),
        "",
        *_counts_table("kind", r.by_kind, lang),
        "",
        *_counts_table("priority", r.by_priority, lang),
        "",
        *_counts_table("department", r.by_dept, lang),
        "",
        w("## Cases"),
        "",
    ]
    if r.cases:
        lines += _md_table(
            _heads(w, "id", "opened", "kind", "priority", "dept", "state", "escalated", "closed",
                   "time to close", "location", "content"),
            ((c.id, _local(c.opened_at, tz), w(c.kind), w(c.priority), w(c.dept or UNDISPATCHED),
              w(c.state), w("yes" if c.escalated else "no"), _local(c.closed_at, tz),
              _duration(c.time_to_close), c.location, c.content) for c in r.cases), right=(0,))
    else:
        lines.append(w("No cases registered."))
    lines += ["", w("## Unresolvable"), ""]
    if r.unresolvable:
        lines += _md_table(
            _heads(w, "id", "opened", "kind", "dept", "closed", "approved by", "location", "reason"),
            ((c.id, _local(c.opened_at, tz), w(c.kind), w(c.dept or UNDISPATCHED),
              _local(c.closed_at, tz), c.approved_by, c.location, c.close_reason)
             for c in r.unresolvable), right=(0,))
    else:
        lines.append(w("None."))
    return "\n".join(lines + _weekly_review(r, lang)) + "\n"


def _weekly_review(r: WeeklySummary, lang: str = "en") -> list[str]:
    """Older cases still open (reviewed again every week until closed) and stalled ones."""
    tz, w = r.tz, _words(lang)
    lines = ["", w("## Older cases still open"), ""]
    if r.older_open:
        lines += _md_table(
            _heads(w, "id", "opened", "kind", "priority", "dept", "state", "escalated", "location",
                   "content"),
            ((c.id, _local(c.opened_at, tz), w(c.kind), w(c.priority), w(c.dept or UNDISPATCHED),
              w(c.state), w("yes" if c.escalated else "no"), c.location, c.content)
             for c in r.older_open), right=(0,))
    else:
        lines.append(w("None."))
    lines += ["", w("## Stalled (unresolvable for now, for the supervisor)"), ""]
    if r.stalled:
        lines += _md_table(
            _heads(w, "id", "opened", "kind", "dept", "stalled", "location", "reason"),
            ((c.id, _local(c.opened_at, tz), w(c.kind), w(c.dept or UNDISPATCHED),
              _local(c.stalled_at, tz), c.location, c.stall_reason) for c in r.stalled), right=(0,))
    else:
        lines.append(w("None."))
    return lines


def monthly_markdown(r: MonthlyRate, lang: str = "en") -> str:
    tz, w = r.tz, _words(lang)
    zh = lang == "zh"
    verdict = w("ok (below target)" if r.below_target else "NOT OK (at or above target)")
    start, end, as_of = r.start.isoformat(), r.end.isoformat(), _local(r.as_of, tz)
    target = f"低于 {percent(r.target)} %" if zh else f"below {percent(r.target)} %"
    lines = [
        f"# 投诉率 {r.month}" if zh else f"# Complaint rate {r.month}",
        "",
        f"{r.site}。{start} 至 {end} 登记的有效投诉，当地时间（{tz}）；截至{as_of}。" if zh else
        f"{r.site}. Valid complaints registered {start} to {end}, local time ({tz}); as of {as_of}.",
        "",
        *_md_table(_heads(w, "figure", "value"), (
            (w("valid complaints"), r.valid_complaints),
            (f"{'户数' if zh else 'households'} ({w(r.households_from)})", r.households),
            (w("complaint rate"), f"{percent(r.rate)} %"),
            (w("target"), target),
            (w("verdict"), verdict),
            (w("complaints registered"), r.complaints),
            (w("inquiries logged (not registered)"), r.inquiries)), right=(1,)),
        "",
        *_counts_table("nature", r.by_nature, lang),
        "",
        *_counts_table("category", r.by_category, lang),
        "",
        w("## Valid complaints"),
        "",
    ]
    if r.valid_cases:
        lines += _md_table(
            _heads(w, "id", "opened", "category", "dept", "state", "location", "content"),
            ((c.id, _local(c.opened_at, tz), w(c.category), w(c.dept or UNDISPATCHED), w(c.state),
              c.location, c.content) for c in r.valid_cases), right=(0,))
    else:
        lines.append(w("None."))
    return "\n".join(lines) + "\n"


WEEKLY_CSV_COLUMNS = ("section", "id", "opened_at", "kind", "priority", "nature", "category",
                      "dept", "state", "escalated", "closed_at", "minutes_to_close", "location",
                      "content", "close_reason")


def _csv(rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def weekly_csv(r: WeeklySummary) -> str:
    """One row per case: ``case`` rows (registered in the week), then ``unresolvable``, then
    ``older_open`` (registered earlier, still open) and ``stalled`` (reason in close_reason)."""
    def row(section: str, c: CaseRow) -> list[Any]:
        minutes = _minutes(c.time_to_close)
        return [section, c.id, _local(c.opened_at, r.tz), c.kind, c.priority, c.nature or "",
                c.category or "", c.dept or "", c.state, "yes" if c.escalated else "no",
                _local(c.closed_at, r.tz), "" if minutes is None else minutes, c.location,
                c.content, c.close_reason]
    return _csv([WEEKLY_CSV_COLUMNS, *(row("case", c) for c in r.cases),
                 *(row("unresolvable", c) for c in r.unresolvable),
                 *(row("older_open", c) for c in r.older_open),
                 *(row("stalled", replace(c, close_reason=c.stall_reason)) for c in r.stalled)])


def monthly_csv(r: MonthlyRate) -> str:
    """One row per figure: ``metric,key,value`` (key only for the breakdowns)."""
    rows: list[Sequence[Any]] = [
        ("metric", "key", "value"), ("month", "", r.month),
        ("valid_complaints", "", r.valid_complaints), ("households", "", r.households),
        ("complaint_rate_percent", "", percent(r.rate)),
        ("target_percent", "", percent(r.target)),
        ("below_target", "", "yes" if r.below_target else "no"),
        ("complaints", "", r.complaints), ("inquiries", "", r.inquiries)]
    rows += [("by_nature", k, n) for k, n in r.by_nature.items()]
    rows += [("by_category", k, n) for k, n in r.by_category.items()]
    return _csv(rows)
