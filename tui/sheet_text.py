"""The desk's working sheets (``dutyboard.store.report_sheets``) as JSON objects, Markdown
and CSV: the bookings report to the administration office, a department's work sheet for a
day and a meeting's readiness sheet. Shared by the command line and the board (which shows
and saves the same text). Times print in the site's zone; the item titles in the language
asked for (the JSON carries both)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dutyboard.store.facts import MASK
from dutyboard.store.report_sheets import (
    BookingsReport,
    MeetingHead,
    ReadinessSheet,
    SheetItem,
    Worksheet,
)
from dutyboard.store.timeutil import iso

from .report_text import _csv, _local, _md_table


def _title(item: SheetItem, lang: str) -> str:
    return item.title_zh if lang == "zh" and item.title_zh else item.title


def _masked(value: Any, w: Callable[..., str]) -> Any:
    """The store's mask of a confidential meeting's words, in the Markdown's language."""
    return w("mask") if value == MASK else value


def _time(value: Any, tz: str) -> str:
    return value.to(tz).format("HH:mm") if value is not None else ""


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _meeting_dict(m: MeetingHead, tz: str) -> dict[str, Any]:
    return {"id": m.id, "venue": m.venue, "class": m.venue_class, "kind": m.kind,
            "start_at": iso(m.start, tz), "end_at": iso(m.end, tz), "title": m.title,
            "organizer": m.organizer, "contact": m.contact, "phone": m.phone,
            "attendees": m.attendees, "services": list(m.services),
            "approval_ref": m.approval_ref or None, "layout": m.layout,
            "confidential": m.confidential, "status": m.status}


def _item_dict(i: SheetItem, tz: str) -> dict[str, Any]:
    return {"id": i.id, "meeting_id": i.meeting_id, "meeting": i.meeting, "venue": i.venue,
            "dept": i.dept, "code": i.code, "title": i.title, "title_zh": i.title_zh,
            "due_at": iso(i.due, tz), "state": i.state, "verify": i.verify,
            "short_notice": i.short_notice, "done_by": i.done_by, "done_at": iso(i.done_at, tz),
            "verified_by": i.verified_by, "verified_at": iso(i.verified_at, tz)}


# The Markdown's words, English and Chinese (the JSON and CSV keep codes: they are for
# programs). The board renders in its own language; the command line in --lang's.
WORDS: dict[str, tuple[str, str]] = {
    "bookings.title": ("# Bookings {first} to {last}", "# 会议预订 {first} 至 {last}"),
    "bookings.intro": ("{site}. For the administration office: the meetings of the next {days} "
                       "working day(s), local time ({tz}); as of {as_of}.",
                       "{site}。报机关事务管理局：今后{days}个工作日（含其间休息日）的会议，"
                       "当地时间（{tz}）；截至{as_of}。"),
    "bookings.none": ("No bookings.", "无会议预订。"),
    "worksheet.title": ("# Work sheet {dept} {day}", "# 工作单 {dept} {day}"),
    "worksheet.intro": ("{site}. Every item of department {dept} due on {day}, local time ({tz}); "
                        "states as of {as_of}.",
                        "{site}。{dept}{day}到期的全部事项，当地时间（{tz}）；状态截至{as_of}。"),
    "worksheet.none": ("No items due.", "当日无到期事项。"),
    "readiness.title": ("# Readiness sheet: meeting {id}", "# 会议准备核查单：会议 {id}"),
    "readiness.intro": ("{site}. {venue} ({cls}), {start} to {end} ({tz}), {status}; as of {as_of}.",
                        "{site}。{venue}（{cls}类），{start} 至 {end}（{tz}），{status}；"
                        "截至{as_of}。"),
    "readiness.items": ("## Items", "## 事项"),
    "readiness.none": ("No items.", "无事项。"),
    "fig.items": ("items", "事项数"),
    "fig.reported": ("reported (done or verified)", "已报告（含已核实）"),
    "fig.verified": ("verified", "已核实"),
    "fig.awaiting": ("reported, awaiting verification", "已报告待核实"),
    "fig.pending": ("pending", "待办"),
    "col.id": ("id", "编号"),
    "col.start": ("start", "开始"),
    "col.end": ("end", "结束"),
    "col.venue": ("venue", "会场"),
    "col.class": ("class", "类别"),
    "col.topic": ("topic", "会议名称"),
    "col.organizer": ("organizer", "主办单位"),
    "col.contact": ("contact", "联系人"),
    "col.phone": ("phone", "电话"),
    "col.attendees": ("attendees", "人数"),
    "col.services": ("services", "服务要求"),
    "col.approval": ("approval", "审批"),
    "col.status": ("status", "状态"),
    "col.due": ("due", "时限"),
    "col.meeting": ("meeting", "会议"),
    "col.item": ("item", "事项"),
    "col.state": ("state", "状态"),
    "col.dept": ("dept", "部门"),
    "col.verify": ("verify", "核实"),
    "col.reported_by": ("reported by", "报告人"),
    "col.reported_at": ("reported at", "报告时间"),
    "col.verified_by": ("verified by", "核实人"),
    "col.verified_at": ("verified at", "核实时间"),
    "col.at": ("at", "时间"),
    "col.figure": ("figure", "项目"),
    "col.value": ("value", "数值"),
    "state.pending": ("pending", "待办"),
    "state.done": ("done", "已报告"),
    "state.verified": ("verified", "已核实"),
    "status.booked": ("booked", "已预订"),
    "status.cancelled": ("cancelled", "已取消"),
    "short_notice": ("short notice", "临时"),
    "required": ("required", "须核实"),
    "dept.desk": ("desk", "客户服务中心"),
    "dept.eng": ("eng", "工程技术部"),
    "dept.sec": ("sec", "安全管理部"),
    "dept.svc": ("svc", "会务部"),
    "dept.env": ("env", "环境管理部"),
    "dept.fcc": ("fcc", "消防控制中心"),
    "mask": (MASK, "（保密）"),
}


def _words(lang: str) -> Callable[..., str]:
    index = 1 if lang == "zh" else 0

    def word(key: str, **values: object) -> str:
        pair = WORDS.get(key)
        text = pair[index] if pair else key.partition(".")[2] or key
        return text.format(**values) if values else text
    return word


# -- bookings ------------------------------------------------------------------------

def bookings_dict(r: BookingsReport) -> dict[str, Any]:
    return {"report": "bookings", "site": r.site, "tz": r.tz, "as_of": iso(r.as_of, r.tz),
            "written_on": r.written_on.isoformat(), "start": r.first.isoformat(),
            "end": r.last.isoformat(), "working_days": r.days,
            "meetings": [_meeting_dict(m, r.tz) for m in r.meetings]}


def bookings_markdown(r: BookingsReport, lang: str = "en") -> str:
    tz, w = r.tz, _words(lang)
    lines = [w("bookings.title", first=r.first.isoformat(), last=r.last.isoformat()), "",
             w("bookings.intro", site=r.site, days=r.days, tz=tz, as_of=_local(r.as_of, tz)), ""]
    if r.meetings:
        lines += _md_table(
            [w(f"col.{c}") for c in ("id", "start", "end", "venue", "class", "topic", "organizer",
                                     "contact", "phone", "attendees", "services", "approval",
                                     "status")],
            ((m.id, _local(m.start, tz), _local(m.end, tz), m.venue, m.venue_class, _masked(m.title, w),
              _masked(m.organizer, w), _masked(m.contact, w), _masked(m.phone, w), m.attendees,
              ", ".join(m.services), _masked(m.approval_ref, w), w(f"status.{m.status}"))
             for m in r.meetings), right=(0, 9))
    else:
        lines.append(w("bookings.none"))
    return "\n".join(lines) + "\n"


BOOKINGS_CSV_COLUMNS = ("id", "start_at", "end_at", "venue", "class", "title", "organizer",
                        "contact", "phone", "attendees", "services", "approval_ref",
                        "confidential", "status")


def bookings_csv(r: BookingsReport) -> str:
    """One row per meeting."""
    return _csv([BOOKINGS_CSV_COLUMNS, *(
        (m.id, _local(m.start, r.tz), _local(m.end, r.tz), m.venue, m.venue_class, m.title,
         m.organizer, m.contact, m.phone, m.attendees, ",".join(m.services), m.approval_ref,
         _yes(m.confidential), m.status) for m in r.meetings)])


# -- a department's work sheet ----------------------------------------------------------

def worksheet_dict(r: Worksheet) -> dict[str, Any]:
    return {"report": "worksheet", "site": r.site, "tz": r.tz, "as_of": iso(r.as_of, r.tz),
            "dept": r.dept, "day": r.day.isoformat(),
            "items": [_item_dict(i, r.tz) for i in r.items]}


def worksheet_markdown(r: Worksheet, lang: str = "en") -> str:
    tz, w = r.tz, _words(lang)
    day, dept = r.day.isoformat(), w(f"dept.{r.dept}")
    lines = [w("worksheet.title", dept=dept, day=day), "",
             w("worksheet.intro", site=r.site, dept=dept, day=day, tz=tz, as_of=_local(r.as_of, tz)),
             ""]
    if r.items:
        lines += _md_table(
            [w(f"col.{c}") for c in ("due", "id", "venue", "meeting", "item", "state",
                                     "reported_by", "at", "verified_by", "at")],
            ((_time(i.due, tz) + (f" ({w('short_notice')})" if i.short_notice else ""), i.id,
              i.venue, _masked(i.meeting, w), _title(i, lang), w(f"state.{i.state}"), i.done_by,
              _time(i.done_at, tz), i.verified_by, _time(i.verified_at, tz)) for i in r.items),
            right=(1,))
    else:
        lines.append(w("worksheet.none"))
    return "\n".join(lines) + "\n"


SHEET_CSV_COLUMNS = ("id", "meeting_id", "meeting", "venue", "dept", "code", "title", "due_at",
                     "state", "verify", "short_notice", "done_by", "done_at", "verified_by",
                     "verified_at")


def _item_rows(items: tuple[SheetItem, ...], tz: str, lang: str) -> list[tuple[Any, ...]]:
    return [(i.id, i.meeting_id, i.meeting, i.venue, i.dept, i.code, _title(i, lang),
             _local(i.due, tz), i.state, _yes(i.verify), _yes(i.short_notice), i.done_by or "",
             _local(i.done_at, tz), i.verified_by or "", _local(i.verified_at, tz)) for i in items]


def worksheet_csv(r: Worksheet, lang: str = "en") -> str:
    """One row per item."""
    return _csv([SHEET_CSV_COLUMNS, *_item_rows(r.items, r.tz, lang)])


# -- a meeting's readiness sheet -------------------------------------------------------

def readiness_dict(r: ReadinessSheet) -> dict[str, Any]:
    return {"report": "readiness", "site": r.site, "tz": r.tz, "as_of": iso(r.as_of, r.tz),
            "meeting": _meeting_dict(r.meeting, r.tz), "counts": r.counts,
            "items": [_item_dict(i, r.tz) for i in r.items]}


def readiness_markdown(r: ReadinessSheet, lang: str = "en") -> str:
    tz, m, c, w = r.tz, r.meeting, r.counts, _words(lang)
    lines = [w("readiness.title", id=m.id), "",
             w("readiness.intro", site=r.site, venue=m.venue, cls=m.venue_class,
               start=_local(m.start, tz), end=_local(m.end, tz), tz=tz,
               status=w(f"status.{m.status}"), as_of=_local(r.as_of, tz)), "",
             *_md_table((w("col.figure"), w("col.value")), (
                 (w("col.topic"), _masked(m.title, w)), (w("col.organizer"), _masked(m.organizer, w)),
                 (w("col.contact"), _masked(m.contact, w)), (w("col.attendees"), m.attendees),
                 (w("fig.items"), c["items"]), (w("fig.reported"), c["reported"]),
                 (w("fig.verified"), c["verified"]), (w("fig.awaiting"), c["awaiting_verify"]),
                 (w("fig.pending"), c["pending"])), right=(1,)),
             "", w("readiness.items"), ""]
    if r.items:
        lines += _md_table(
            [w(f"col.{k}") for k in ("dept", "due", "id", "item", "state", "verify", "reported_by",
                                     "reported_at", "verified_by", "verified_at")],
            ((w(f"dept.{i.dept}"), _local(i.due, tz), i.id, _title(i, lang), w(f"state.{i.state}"),
              w("required") if i.verify else "-", i.done_by, _local(i.done_at, tz), i.verified_by,
              _local(i.verified_at, tz)) for i in r.items), right=(2,))
    else:
        lines.append(w("readiness.none"))
    return "\n".join(lines) + "\n"


def readiness_csv(r: ReadinessSheet, lang: str = "en") -> str:
    """One row per item."""
    return _csv([SHEET_CSV_COLUMNS, *_item_rows(r.items, r.tz, lang)])
