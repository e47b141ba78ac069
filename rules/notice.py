"""The service notice (《会议服务通知单》) as a document: what the desk sends the departments
about one booking. Pure formatting: the store builds a :class:`Notice` (already masked for
the viewer), this module writes it as Markdown, HTML or plain text, in English or Chinese.

Every value in a notice is user text, hence data: control characters are made visible
(``text.visible``), Markdown punctuation is backslash-escaped and a cell keeps to one line,
and HTML is escaped (``html.escape``, quotes too). A new booking field is one more entry
in :data:`FIELD_LABELS` and one more pair in the store's field list.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass

from .text import visible

# (en, zh) labels of the notice's fields, in the order the notice shows them
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "id": ("Booking", "预约编号"),
    "status": ("Status", "状态"),
    "venue": ("Venue", "会场"),
    "start_at": ("Start", "开始时间"),
    "end_at": ("End", "结束时间"),
    "title": ("Topic", "会议名称"),
    "organizer": ("Organizer", "主办单位"),
    "contact": ("Contact", "联系人"),
    "phone": ("Phone", "联系电话"),
    "attendees": ("Attendees", "参会人数"),
    "size": ("Size", "会议规模"),
    "layout": ("Layout", "会场布置"),
    "approval_ref": ("Approval", "租用审批编号"),
    "confidential": ("Confidential", "保密会议"),
    "booked_at": ("Booked", "预约时间"),
    "booked_by": ("Booked by", "经办人"),
}
# (en, zh) names of the service requirements (domain §3)
SERVICE_LABELS: dict[str, tuple[str, str]] = {
    "banner": ("Banner", "会标"),
    "water": ("Drinking water", "饮水"),
    "flowers": ("Flowers", "鲜花"),
    "recording": ("Recording", "录音"),
    "nameplates": ("Nameplates", "铭牌"),
    "signin": ("Sign-in desk", "签到台"),
    "microphones": ("Microphones", "麦克风"),
    "signage": ("Signage", "指引标识"),
    "podium": ("Podium seating", "主席台摆位"),
    "fruit": ("Fruit", "水果"),
    "towels": ("Wet towels", "湿巾"),
    "projector": ("Projector / video", "投影视频"),
    "teabreak": ("Tea break", "茶歇"),
    "purchase": ("Purchases for the organizer", "代购"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "booked": ("booked", "已预约"), "cancelled": ("cancelled", "已取消"),
}
SIZE_LABELS: dict[str, tuple[str, str]] = {
    "small": ("small", "小型"), "medium": ("medium", "中型"),
    "large": ("large", "大型"), "important": ("important", "重要"),
}
WORDS: dict[str, tuple[str, str]] = {
    "heading": ("Service notice", "会议服务通知单"),
    "meeting": ("meeting", "会议"),
    "field": ("Field", "项目"),
    "value": ("Value", "内容"),
    "services": ("Services", "服务需求"),
    "no_services": ("none", "无"),
    "departments": ("Departments", "各部门工作"),
    "due": ("Due", "完成时间"),
    "item": ("Item", "事项"),
    "check": ("Verified by duty officer", "消控核实"),
    "check_short": ("fire control verifies", "消控核实"),
    "no_items": ("nothing for this department", "本部门无事项"),
    "asap": ("as soon as possible", "尽快"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "masked": ("Confidential: topic, organizer and contact are shown only to cleared staff.",
               "保密会议：会议名称、主办单位及联系人仅对授权人员显示。"),
    "cancelled": ("CANCELLED: this booking was cancelled.", "已取消：本次预约已取消。"),
}


@dataclass(frozen=True)
class NoticeItem:
    due: str              # local "YYYY-MM-DD HH:mm"
    title: str
    title_zh: str
    short_notice: bool    # booked after its time: due as soon as possible
    verify: bool          # the duty officer (fire-control centre) verifies the report


@dataclass(frozen=True)
class NoticeDept:
    code: str
    name: str
    name_zh: str
    items: tuple[NoticeItem, ...]


@dataclass(frozen=True)
class Notice:
    meeting_id: int
    fields: tuple[tuple[str, object], ...]  # (key of FIELD_LABELS, value) in display order
    services: tuple[str, ...]               # service codes
    departments: tuple[NoticeDept, ...]
    masked: bool = False                    # confidential fields were masked for this viewer
    cancelled: bool = False


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def word(key: str, lang: str) -> str:
    return _pick(WORDS[key], lang)


def field_label(key: str, lang: str) -> str:
    return _pick(FIELD_LABELS.get(key, (key, key)), lang)


def service_label(code: str, lang: str) -> str:
    return _pick(SERVICE_LABELS.get(code, (code, code)), lang)


def value_text(key: str, value: object, lang: str) -> str:
    """One field's value as text (not yet escaped for any format)."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if key == "size" and isinstance(value, str):
        return _pick(SIZE_LABELS.get(value, (value, value)), lang)
    if key == "status" and isinstance(value, str):
        return _pick(STATUS_LABELS.get(value, (value, value)), lang)
    return str(value)


def _one_line(text: str) -> str:
    return visible(" ".join(text.splitlines()))


MD_SPECIAL = frozenset("\\`*_[]<>|&~")


def md_escape(text: str) -> str:
    """User text safe in a Markdown table cell or list item: one line, control characters
    visible, every character with Markdown or HTML meaning backslash-escaped (CommonMark
    allows a backslash before any ASCII punctuation)."""
    return "".join("\\" + c if c in MD_SPECIAL else c for c in _one_line(text))


def html_escape(text: str) -> str:
    """User text safe in HTML: control characters visible, ``& < > " '`` escaped, line
    breaks kept as ``<br>``."""
    lines = [html.escape(visible(line), quote=True) for line in text.splitlines() or [""]]
    return "<br>".join(lines)


def _item_time(item: NoticeItem, lang: str) -> str:
    return f"{item.due} ({word('asap', lang)})" if item.short_notice else item.due


def _dept_name(dept: NoticeDept, lang: str) -> str:
    """The department's name in the notice's language only (no code beside it: ``eng`` is
    English on a Chinese notice and jargon on an English one); the other language's name or
    the code only when the site gave it no name."""
    own, other = (dept.name_zh, dept.name) if lang == "zh" else (dept.name, dept.name_zh)
    return own or other or dept.code


def _item_title(item: NoticeItem, lang: str) -> str:
    return item.title_zh if lang == "zh" and item.title_zh else item.title


def _heading(notice: Notice, lang: str) -> str:
    colon = "：" if lang == "zh" else ": "
    return f"{word('heading', lang)}{colon}{word('meeting', lang)} {notice.meeting_id}"


def notice_markdown(notice: Notice, lang: str = "en") -> str:
    out = [f"# {_heading(notice, lang)}", ""]
    if notice.cancelled:
        out += [f"**{word('cancelled', lang)}**", ""]
    if notice.masked:
        out += [f"_{word('masked', lang)}_", ""]
    out += [f"| {word('field', lang)} | {word('value', lang)} |", "| --- | --- |"]
    out += [f"| {md_escape(field_label(k, lang))} | {md_escape(value_text(k, v, lang))} |"
            for k, v in notice.fields]
    out += ["", f"## {word('services', lang)}", ""]
    if notice.services:
        out += [f"- {md_escape(service_label(s, lang))} (`{md_escape(s)}`)" for s in notice.services]
    else:
        out.append(f"- {word('no_services', lang)}")
    out += ["", f"## {word('departments', lang)}"]
    for dept in notice.departments:
        out += ["", f"### {md_escape(_dept_name(dept, lang))}", ""]
        if not dept.items:
            out.append(f"_{word('no_items', lang)}_")
            continue
        out += [f"| {word('due', lang)} | {word('item', lang)} | {word('check', lang)} |",
                "| --- | --- | --- |"]
        out += [f"| {md_escape(_item_time(i, lang))} | {md_escape(_item_title(i, lang))} | "
                f"{word('yes' if i.verify else 'no', lang)} |" for i in dept.items]
    return "\n".join(out) + "\n"


HTML_STYLE = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0}"
              "td,th{border:1px solid #888;padding:.2em .6em;text-align:left;vertical-align:top}"
              ".note{font-style:italic}.cancelled{font-weight:bold;color:#a00}")


def notice_html(notice: Notice, lang: str = "en") -> str:
    """A whole HTML document (UTF-8) with every value escaped."""
    e = html_escape
    heading = e(_heading(notice, lang))
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
           '<meta charset="utf-8">', f"<title>{heading}</title>", f"<style>{HTML_STYLE}</style>",
           "</head>", "<body>", f"<h1>{heading}</h1>"]
    if notice.cancelled:
        out.append(f'<p class="cancelled">{e(word("cancelled", lang))}</p>')
    if notice.masked:
        out.append(f'<p class="note">{e(word("masked", lang))}</p>')
    out += ["<table>", f"<tr><th>{e(word('field', lang))}</th><th>{e(word('value', lang))}</th></tr>"]
    out += [f"<tr><th>{e(field_label(k, lang))}</th><td>{e(value_text(k, v, lang))}</td></tr>"
            for k, v in notice.fields]
    out += ["</table>", f"<h2>{e(word('services', lang))}</h2>", "<ul>"]
    if notice.services:
        out += [f"<li>{e(service_label(s, lang))} (<code>{e(s)}</code>)</li>" for s in notice.services]
    else:
        out.append(f"<li>{e(word('no_services', lang))}</li>")
    out += ["</ul>", f"<h2>{e(word('departments', lang))}</h2>"]
    for dept in notice.departments:
        out.append(f"<h3>{e(_dept_name(dept, lang))}</h3>")
        if not dept.items:
            out.append(f'<p class="note">{e(word("no_items", lang))}</p>')
            continue
        out += ["<table>", f"<tr><th>{e(word('due', lang))}</th><th>{e(word('item', lang))}</th>"
                           f"<th>{e(word('check', lang))}</th></tr>"]
        out += [f"<tr><td>{e(_item_time(i, lang))}</td><td>{e(_item_title(i, lang))}</td>"
                f"<td>{e(word('yes' if i.verify else 'no', lang))}</td></tr>" for i in dept.items]
        out.append("</table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes (a CJK character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def notice_text(notice: Notice, lang: str = "en") -> str:
    """Plain text for a screen (the board shows it literally, never as markup, under its own
    title line)."""
    colon = "：" if lang == "zh" else ": "
    labels = [field_label(k, lang) + colon.strip() for k, _ in notice.fields]
    width = max((_cells(label) for label in labels), default=0) + 1
    out: list[str] = []
    if notice.cancelled:
        out += [word("cancelled", lang), ""]
    if notice.masked:
        out += [word("masked", lang), ""]
    out += [label + " " * (width - _cells(label)) + _one_line(value_text(k, v, lang))
            for label, (k, v) in zip(labels, notice.fields, strict=True)]
    comma = "、" if lang == "zh" else ", "
    services = comma.join(service_label(s, lang) for s in notice.services) or word("no_services", lang)
    out += ["", f"{word('services', lang)}{colon}{_one_line(services)}", "",
            f"{word('departments', lang)}{colon}"]
    for dept in notice.departments:
        out.append(f"  {_dept_name(dept, lang)}")
        if not dept.items:
            out.append(f"    {word('no_items', lang)}")
        for item in dept.items:
            check = f"  [{word('check_short', lang)}]" if item.verify else ""
            out.append(f"    {_item_time(item, lang):<18} {_one_line(_item_title(item, lang))}{check}")
    return "\n".join(out) + "\n"


def notice_dict(notice: Notice) -> dict[str, object]:
    """The notice for ``--json``: the fields by key, the services, each department's items."""
    return {
        "meeting_id": notice.meeting_id, "masked": notice.masked, "cancelled": notice.cancelled,
        "fields": dict(notice.fields), "services": list(notice.services),
        "departments": [{"code": d.code, "name": d.name, "name_zh": d.name_zh,
                         "items": [{"due": i.due, "title": i.title, "title_zh": i.title_zh,
                                    "short_notice": i.short_notice, "verify": i.verify}
                                   for i in d.items]} for d in notice.departments],
    }
