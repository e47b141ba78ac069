"""The service notice's formats: user text stays data in Markdown, HTML and on a screen."""

from __future__ import annotations

import dataclasses
import re

from dutyboard.rules.notice import (
    Notice,
    NoticeDept,
    NoticeItem,
    html_escape,
    md_escape,
    notice_html,
    notice_markdown,
    notice_text,
)


def test_md_escape_keeps_a_cell_one_line_and_inert() -> None:
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("trailing\\") == "trailing\\\\"  # cannot escape the cell's closing pipe
    assert md_escape("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert md_escape("<img src=x onerror=y>") == "\\<img src=x onerror=y\\>"
    assert md_escape("two\nlines\r\nhere") == "two lines here"
    assert md_escape("\u202eevil\x1b[31m") == "\\\\u202eevil␛\\[31m"  # shows as \u202eevil␛[31m
    assert md_escape("0571-1234 (ext. 5)") == "0571-1234 (ext. 5)"


def test_html_escape_escapes_quotes_and_keeps_line_breaks() -> None:
    assert html_escape('<a href="x" onclick=\'y\'>&') == \
        "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;"
    assert html_escape("one\ntwo") == "one<br>two"
    assert html_escape("\x1b]0;title\x07") == "␛]0;title␇"


NOTICE = Notice(
    meeting_id=3, fields=(("title", "Plan | <b>"), ("attendees", 12), ("confidential", False)),
    services=(), departments=(
        NoticeDept("eng", "Engineering", "工程技术部",
                   (NoticeItem("2026-11-23 13:00", "AC on", "开空调", True, True),)),
        NoticeDept("fcc", "Fire-control centre", "消防控制中心", ())),
)


def test_markdown_html_and_text_of_one_notice() -> None:
    md = notice_markdown(NOTICE)
    assert "| Topic | Plan \\| \\<b\\> |" in md and "- none" in md
    assert "| 2026-11-23 13:00 (as soon as possible) | AC on | yes |" in md
    assert "_nothing for this department_" in md
    page = notice_html(NOTICE, "zh")
    assert "<td>Plan | &lt;b&gt;</td>" in page and "<td>开空调</td>" in page and "<li>无</li>" in page
    text = notice_text(NOTICE, "zh").splitlines()
    assert text[:3] == ["会议名称： Plan | <b>", "参会人数： 12", "保密会议： 否"]
    assert "    2026-11-23 13:00 (尽快) 开空调  [消控核实]" in text


def test_departments_are_named_in_the_notices_language_only() -> None:
    """No department code beside its name: the Chinese notice has the Chinese names, the
    English one the English names, in every format."""
    chinese, english = ("工程技术部", "消防控制中心"), ("Engineering", "Fire-control centre")
    for lang, names, others in (("zh", chinese, english), ("en", english, chinese)):
        for page in (notice_markdown(NOTICE, lang), notice_html(NOTICE, lang), notice_text(NOTICE, lang)):
            assert all(name in page for name in names), page
            assert not any(other in page for other in others), page
            assert not re.search(r"\b(eng|fcc)\b", page), page
    assert "  工程技术部" in notice_text(NOTICE, "zh").splitlines()
    assert "### Fire-control centre" in notice_markdown(NOTICE, "en").splitlines()
    unnamed = NoticeDept("kit", "", "", ())
    assert "### kit" in notice_markdown(dataclasses.replace(NOTICE, departments=(unnamed,)), "zh")
