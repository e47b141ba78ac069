"""Issue 12: the service notice as a document (``meeting notice``) and bookings to and from
CSV (``meeting import`` / ``meeting export``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from clikit import NOW, USERS, VENUES, dump, seeded_cli
from dutyboard.store.meeting_io import COLUMNS, input_fields
from dutyboard.tui.cli import main

HOSTILE = 'Budget <script>alert(1)</script> | *x* & "q" \x1b[2J'
HEADER = "venue,start,end,title,organizer,contact,phone,attendees,services,layout,size,approval,confidential"


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


def book_secret(cli, title: str = HOSTILE) -> int:  # noqa: ANN001
    r = cli("meeting", "add", "--venue", "Main hall", "--start", "2026-11-25T09:00", "--end",
            "2026-11-25T11:00", "--title", title, "--organizer", "Finance <Bureau>", "--contact",
            "Ms Li", "--phone", "0571-1234", "--attendees", "300", "--services", "banner,water,podium",
            "--approval", "ZY-7", "--confidential", "--layout", "theatre", login="super", json=True)
    return r.json()["id"]


# -- the service notice ------------------------------------------------------------------------

def test_notice_md_has_every_field_the_services_and_each_departments_items(cli):  # noqa: ANN001
    ident = book_secret(cli, "Budget review")
    r = cli("meeting", "notice", ident, login="super")
    assert r.rc == 0, r.err
    out = r.out
    assert out.startswith(f"# Service notice: meeting {ident}\n")
    for row in ("| Venue | Main hall (C, main-hall) |", "| Start | 2026-11-25 09:00 |",
                "| End | 2026-11-25 11:00 |", "| Topic | Budget review |",
                "| Organizer | Finance \\<Bureau\\> |", "| Contact | Ms Li |", "| Phone | 0571-1234 |",
                "| Attendees | 300 |", "| Layout | theatre |", "| Approval | ZY-7 |",
                "| Confidential | yes |", "| Booked by | super |", "| Size | large |"):
        assert row in out, row
    assert "- Banner (`banner`)" in out and "- Podium seating (`podium`)" in out
    assert "- Drinking water (`water`)" in out
    for dept in ("Service desk", "Engineering", "Security", "Meeting service",
                 "Cleaning & greenery", "Fire-control centre"):   # the names only, no codes
        assert f"### {dept.replace('&', chr(92) + '&')}\n" in out, dept
    assert not any(line.startswith("### ") and line.endswith(")") for line in out.splitlines())
    tasks = cli("task", "list", "--meeting", ident, login="super", json=True).json()
    ac = next(t for t in tasks if t["code"] == "eng.ac")
    assert f"| {ac['due_at'][:10]} {ac['due_at'][11:16]} | {ac['title']} |" in out
    assert sum(line.startswith("| 2026-") for line in out.splitlines()) == len(tasks)


def test_notice_is_masked_for_a_viewer_not_cleared(cli):  # noqa: ANN001
    ident = book_secret(cli, "Budget review")
    for fmt in ("md", "html"):
        r = cli("meeting", "notice", ident, "--format", fmt, login="clerk")
        assert r.rc == 0, r.err
        assert "Budget review" not in r.out and "Finance" not in r.out and "Ms Li" not in r.out
        assert "0571-1234" not in r.out and "ZY-7" not in r.out
        assert "(confidential)" in r.out and "shown only to cleared staff" in r.out
    data = cli("meeting", "notice", ident, login="eng-lead", json=True).json()
    assert data["masked"] is True and data["fields"]["title"] == "(confidential)"
    assert data["fields"]["attendees"] == 300 and data["services"] == ["banner", "podium", "water"]
    cleared = cli("meeting", "notice", ident, login="super", json=True).json()
    assert cleared["masked"] is False and cleared["fields"]["title"] == "Budget review"


def test_notice_md_escapes_user_text(cli):  # noqa: ANN001
    ident = book_secret(cli)
    out = cli("meeting", "notice", ident, login="super").out
    assert "\x1b" not in out and "␛\\[2J" in out
    topic = next(line for line in out.splitlines() if line.startswith("| Topic |"))
    assert topic == ('| Topic | Budget \\<script\\>alert(1)\\</script\\> \\| \\*x\\* \\& "q" ␛\\[2J |')
    assert topic.count(" | ") == 1  # the pipe in the title is escaped: still two cells


def test_notice_html_escapes_user_text_and_is_a_whole_document(cli):  # noqa: ANN001
    ident = book_secret(cli)
    r = cli("meeting", "notice", ident, "--format", "html", "--lang", "zh", login="super")
    assert r.rc == 0, r.err
    out = r.out
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in out and 'lang="zh-CN"' in out
    assert "<script>" not in out and "\x1b" not in out
    assert ("<td>Budget &lt;script&gt;alert(1)&lt;/script&gt; | *x* &amp; &quot;q&quot; ␛[2J</td>"
            in out)
    assert "<td>Finance &lt;Bureau&gt;</td>" in out
    assert "<h2>服务需求</h2>" in out and "<li>会标 (<code>banner</code>)</li>" in out
    assert "<h3>工程技术部</h3>" in out and "<h3>消防控制中心</h3>" in out   # Chinese names only
    assert "Engineering" not in out and "(eng)" not in out


def test_notice_of_a_cancelled_booking_says_so(cli):  # noqa: ANN001
    ident = cli.book()
    assert cli("meeting", "cancel", ident, login="clerk").rc == 0
    assert "**CANCELLED: this booking was cancelled.**" in cli("meeting", "notice", ident).out


def test_notice_of_no_meeting_exits_5(cli):  # noqa: ANN001
    r = cli("meeting", "notice", "999")
    assert r.rc == 5 and r.err.strip() == "dutyboard: no meeting 999"


# -- import ------------------------------------------------------------------------------------

GOOD = (HEADER + "\n"
        "Room A,2026-11-24T14:00,2026-11-24T15:00,Weekly meeting,General Office,Ms Li,0571-1234,20,"
        '"banner,water",U shape,,,no\n'
        'Main hall,2026-11-26 09:00,2026-11-26 11:30,"Annual, ""big"" review",Finance Bureau,Mr Wu,'
        "13800001111,400,podium,theatre,important,ZY-1,yes\n")


def write(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_books_every_row_through_the_rules_with_audit_rows(cli, tmp_path):  # noqa: ANN001
    r = cli("meeting", "import", write(tmp_path, GOOD), login="clerk", json=True)
    made = r.json()
    assert [m["venue"] for m in made] == ["Room A", "Main hall"]
    shown = cli("meeting", "show", made[1]["id"], login="super", json=True).json()
    assert shown["title"] == 'Annual, "big" review' and shown["services"] == ["podium"]
    assert shown["size"] == "important" and shown["approval_ref"] == "ZY-1" and shown["confidential"]
    assert shown["start_at"] == "2026-11-26T09:00+08:00" and shown["end_at"] == "2026-11-26T11:30+08:00"
    # the same tasks as meeting add derives
    again = cli.book("Room A", "2026-11-27T14:00", "2026-11-27T15:00", "--services", "banner,water",
                     "--layout", "U shape")
    counts = [len(cli("task", "list", "--meeting", i, json=True).json()) for i in (made[0]["id"], again)]
    assert counts[0] == counts[1] > 0
    audit = cli("audit", "--entity", "meeting", "--limit", "10", json=True).json()
    rows = [(a["action"], a["actor"], a["entity_id"]) for a in reversed(audit)]
    assert rows[:3] == [("meeting.add", "clerk", made[0]["id"]), ("meeting.add", "clerk", made[1]["id"]),
                        ("meeting.import", "clerk", None)]
    summary = next(a for a in audit if a["action"] == "meeting.import")
    assert summary["after"]["meetings"] == [made[0]["id"], made[1]["id"]]
    assert summary["after"]["file"].endswith("in.csv") and summary["os_login"]
    text = cli("meeting", "import", write(tmp_path, GOOD.replace("2026-11-2", "2026-12-0"), "b.csv"),
               login="clerk")
    assert text.rc == 0 and text.out.splitlines()[0].split() == ["id", "start_at", "end_at", "venue", "title"]


def test_import_with_a_bad_row_writes_nothing_and_names_row_and_column(cli, tmp_path):  # noqa: ANN001
    bad = GOOD + ("Room A,2026-11-28T14:00,tomorrow,T,O,C,1,5,,,,,no\n"
                  "Room A,2026-11-28T16:00,2026-11-28T17:00,T,O,C,1,many,teapot,,,,maybe\n")
    before = dump(cli.path)
    r = cli("meeting", "import", write(tmp_path, bad), login="clerk")
    assert r.rc == 2
    lines = r.err.splitlines()
    assert lines[0].endswith("in.csv: row 4, column end: not a time: 'tomorrow' (use e.g. "
                             "2026-11-23T14:00 or 2026-11-23 14:00, site time, or with an offset +08:00)")
    assert "in.csv: row 5, column attendees: not a whole number: 'many'" in lines[1]
    assert "in.csv: row 5, column services: unknown service 'teapot'" in lines[2]
    assert "in.csv: row 5, column confidential: not yes or no: 'maybe'" in lines[3]
    assert lines[-1].endswith("in.csv: 2 bad rows, nothing imported")
    assert all(line.startswith("dutyboard: ") for line in lines) and "Traceback" not in r.err
    assert dump(cli.path) == before


def test_a_row_refused_by_a_rule_rolls_back_the_whole_file_exit_3(cli, tmp_path):  # noqa: ANN001
    refused = GOOD + ("Room A,2026-11-24T14:30,2026-11-24T15:30,Clash,O,C,1,5,,,,,no\n"
                      "Room A,2026-11-28T14:00,2026-11-28T15:00,Too many,O,C,1,50,,,,,no\n"
                      "Main hall,2026-11-28T09:00,2026-11-28T10:00,No approval,O,C,1,50,,,,,no\n")
    before = dump(cli.path)
    r = cli("meeting", "import", write(tmp_path, refused), login="clerk")
    assert r.rc == 3, r.err
    lines = r.err.splitlines()
    assert "row 4, column start: [booking.overlap] Room A is booked 2026-11-24 14:00-15:00 (row 2 of " \
           "this file)" in lines[0]
    assert "row 5, column attendees: [booking.capacity] 50 attendees exceed Room A's capacity " \
           "of 30" in lines[1]
    assert "row 6, column approval: [class.C.approval]" in lines[2]
    assert lines[3].endswith("3 bad rows, nothing imported")
    assert dump(cli.path) == before


def test_an_unknown_venue_is_named_exit_5(cli, tmp_path):  # noqa: ANN001
    r = cli("meeting", "import", write(tmp_path, GOOD.replace("Room A", "Room Z")), login="clerk")
    assert r.rc == 5 and "row 2, column venue: unknown venue 'Room Z'" in r.err


def test_import_with_chinese_headers_gbk_bom_and_crlf(cli, tmp_path):  # noqa: ANN001
    zh = ("会场,开始时间,结束时间,会议名称,主办单位,联系人,联系电话,参会人数,"
          "服务需求,会场布置,会议规模,审批编号,保密\r\n"
          "Room A,2026/11/24 9:00,2026/11/24 10:00,党组会议,办公厅,李女士,0571-1234,12,"
          "会标、饮水,回字形,重要,,是\r\n")
    for encoding, name in (("gbk", "gbk.csv"), ("utf-8-sig", "bom.csv")):
        path = write(tmp_path, zh, name, encoding)
        made = cli("meeting", "import", path, login="super", json=True).json()
        m = cli("meeting", "show", made[0]["id"], login="super", json=True).json()
        assert (m["title"], m["organizer"], m["contact"]) == ("党组会议", "办公厅", "李女士")
        assert m["services"] == ["banner", "water"] and m["size"] == "important" and m["confidential"]
        assert m["start_at"] == "2026-11-24T09:00+08:00"
        assert cli("meeting", "cancel", made[0]["id"], login="super").rc == 0  # the next file books it again


def test_a_file_neither_utf8_nor_gbk_is_refused_clearly(cli, tmp_path):  # noqa: ANN001
    path = tmp_path / "bad.csv"
    path.write_bytes(HEADER.encode() + b"\nRoom A,\xff\xfe\xff,x\n")
    before = dump(cli.path)
    r = cli("meeting", "import", str(path), login="clerk")
    assert r.rc == 2
    offset = len(HEADER) + len("\nRoom A,")
    assert r.err.strip().endswith(f"bad.csv: not UTF-8 or GBK text (byte 0xff at offset {offset}); "
                                  "save it as UTF-8 CSV")
    forced = cli("meeting", "import", str(path), "--encoding", "utf-8", login="clerk")
    assert forced.rc == 2 and "not UTF-8 text" in forced.err
    assert dump(cli.path) == before


@pytest.mark.parametrize(("text", "says"), [
    ("", "row 1: no header row"),
    (HEADER + "\n", "no bookings in the file"),
    (HEADER.replace("phone", "telephone") + "\n", "row 1, column telephone: unknown column"),
    (HEADER.replace(",phone", "") + "\n", "row 1, column phone: missing column (or 联系电话)"),
    (HEADER + ",会议名称\n", "row 1, column 会议名称: the same column as 'title'"),
    (HEADER + '\nRoom A,"2026-11-24T14:00\n', "row 2: not valid CSV"),
    (HEADER + "\nRoom A,2026-11-24T14:00,2026-11-24T15:00,T\x00,O,C,1,5,,,,,no\n",
     "row 2, column title: contains a NUL character"),
    (HEADER + "\nRoom A,2026-11-24T14:00,2026-11-24T15:00,,O,C,1,5,,,,,no\n",
     "row 2, column title: empty; every row must give it"),
    (HEADER + "\nRoom A,2026-11-24T14:00,2026-11-24T15:00," + "x" * 256 + ",O,C,1,5,,,,,no\n",
     "row 2, column title: longer than 255 characters (256)"),
    (HEADER + "\nRoom A,2026-11-24T14:00,2026-11-24T15:00,T,O,C,1,5,,,,,no,extra\n",
     "row 2: 14 cells but the header names 13 columns"),
    (HEADER + "\nRoom A,2101-11-24T14:00,2101-11-24T15:00,T,O,C,1,5,,,,,no\n",
     "row 2, column start: '2101-11-24T14:00' is outside 2000-2100"),
])
def test_malformed_files_exit_2_naming_row_and_column(cli, tmp_path, text, says):  # noqa: ANN001
    before = dump(cli.path)
    r = cli("meeting", "import", write(tmp_path, text), login="clerk")
    assert r.rc == 2, r.err
    assert says in r.err and "Traceback" not in r.err
    assert dump(cli.path) == before


def test_import_is_refused_to_those_who_may_not_book(cli, tmp_path):  # noqa: ANN001
    path = write(tmp_path, GOOD)
    before = dump(cli.path)
    r = cli("meeting", "import", path, login="eng-lead")
    assert r.rc == 4 and "meeting.add" in r.err
    bad = cli("meeting", "import", write(tmp_path, "nonsense\n", "bad.csv"), login="eng-lead")
    assert bad.rc == 4  # who may not book hears that first, not what is wrong with the file
    assert cli("meeting", "import", path, "--readonly", login="clerk").rc == 4
    assert cli("meeting", "import", str(tmp_path / "missing.csv"), login="clerk").rc == 2
    assert dump(cli.path) == before


def test_a_masked_export_is_not_booked_again(cli, tmp_path):  # noqa: ANN001
    book_secret(cli, "Budget review")
    target = tmp_path / "masked.csv"
    r = cli("meeting", "export", str(target), login="clerk")
    assert r.rc == 0 and "1 confidential booking masked" in r.err
    assert "Budget review" not in target.read_text(encoding="utf-8-sig")
    assert cli("meeting", "cancel", "1", login="super").rc == 0
    again = cli("meeting", "import", str(target), login="super")
    assert again.rc == 3 and "row 2, column title: '(confidential)' is what an export shows" in again.err


# -- export ------------------------------------------------------------------------------------

def test_export_writes_the_import_format_with_formulas_defused(cli, tmp_path):  # noqa: ANN001
    book_secret(cli, "=HYPERLINK(\"http://x\")")
    cli.book("Room A", "2026-11-24T14:00", "2026-11-24T15:00")
    cli.book("Room A", "2026-12-30T14:00", "2026-12-30T15:00")   # after --to
    r = cli("meeting", "export", "--from", "2026-11-23", "--to", "2026-11-30", login="super")
    assert r.rc == 0, r.err
    rows = list(csv.reader(io.StringIO(r.out)))
    assert rows[0] == [c.name for c in COLUMNS] and len(rows) == 3
    assert rows[1][:4] == ["Room A", "2026-11-24T14:00+08:00", "2026-11-24T15:00+08:00", "Weekly meeting"]
    assert rows[2][3] == "'=HYPERLINK(\"http://x\")"
    assert rows[2][8] == "banner,podium,water" and rows[2][12] == "yes"
    zh = cli("meeting", "export", "--headers", "zh", login="super").out
    assert zh.startswith("会场,开始时间,结束时间,会议名称") and "会标、主席台摆位、饮水" in zh
    assert cli("meeting", "export", "--from", "2026-11-30", "--to", "2026-11-23").rc == 2
    assert cli("meeting", "export", str(tmp_path / "no" / "such" / "dir.csv")).rc == 2


def test_export_to_a_file_has_a_bom_and_gbk_refuses_what_it_cannot_hold(cli, tmp_path):  # noqa: ANN001
    cli.book()
    target = tmp_path / "out.csv"
    out = cli("meeting", "export", str(target), json=True).json()
    assert out["bookings"] == 1 and out["file"] == str(target) and out["to"] == "2027-02-20"
    assert target.read_bytes().startswith(b"\xef\xbb\xbfvenue,start,")
    book_secret(cli, "Emoji \U0001f600")
    r = cli("meeting", "export", str(tmp_path / "gbk.csv"), "--encoding", "gbk", login="super")
    assert r.rc == 2 and "row 3, column title:" in r.err and "cannot be written as GBK" in r.err
    assert not (tmp_path / "gbk.csv").exists()


def test_every_booking_field_has_a_column() -> None:
    assert {c.field for c in COLUMNS} == set(input_fields())


# -- the round trip, on SQLite and PostgreSQL ------------------------------------------------------

def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout
    err = io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(argv))
    assert rc == 0, (argv, err.getvalue())
    return rc, out.getvalue()


def new_site(url: str) -> None:
    base = ["--db", url, "--now", "2026-11-23T08:00", "--as", "boss"]
    run(*base, "init", "--site", "Round trip")
    for login, role, dept, cleared in USERS:
        run(*base, "user", "add", login, "--role", role, "--dept", dept, *(["--cleared"] if cleared else []))
    for name, cls, kind, cap in VENUES:
        run(*base, "venue", "add", name, "--class", cls, "--kind", kind, "--capacity", str(cap))


def wipe(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
    else:  # as tests/conftest.py's wipe_pg
        from dutyboard.store.db import open_database
        db = open_database(url)
        db.connect()
        db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
        db.execute_sql("CREATE SCHEMA public")
        db.close()


FIELDS = ("venue", "title", "organizer", "contact", "phone", "attendees", "services", "approval_ref",
          "confidential", "status", "size", "start_at", "end_at")


def meetings(url: str) -> list[dict]:
    _, out = run("--db", url, "--as", "super", "--now", NOW, "meeting", "list", "--day", "2026-11-23",
                 "--days", "30", "--json")
    rows = json.loads(out)
    from dutyboard.store.db import connect
    from dutyboard.store.models import Meeting
    db = connect(url)
    try:
        layouts = {m.id: m.layout for m in Meeting.select()}
    finally:
        db.close()
    return [{k: r[k] for k in FIELDS} | {"layout": layouts[r["id"]]} for r in rows]


def test_round_trip_export_import_keeps_every_field(db_url, tmp_path):  # noqa: ANN001
    new_site(db_url)
    base = ["--db", db_url, "--now", NOW, "--as", "super"]
    bookings = [
        ["Room A", "2026-11-24T14:00", "2026-11-24T15:00", "Weekly, \"quoted\"\nmeeting", "Gen & Office",
         "Ms Li", "+86 571 1234", "20", "--services", "banner,water", "--layout", " U shape "],
        ["Main hall", "2026-11-26T09:00", "2026-11-26T11:30", "=1+1", "-Finance", "@Wu", "'13800001111",
         "400", "--approval", "ZY-9", "--confidential", "--size", "important", "--services",
         "podium,teabreak,recording"],
        ["Room B", "2026-11-27T09:00", "2026-11-27T10:00", "预算审议 <b>x</b>\x1b[2J", "财政局", "王先生",
         "0571-0000", "100", "--services", "", "--approval", "ZY-10"],
    ]
    for venue, start, end, title, org, contact, phone, n, *extra in bookings:
        run(*base, "meeting", "add", f"--venue={venue}", f"--start={start}", f"--end={end}",
            f"--title={title}", f"--organizer={org}", f"--contact={contact}", f"--phone={phone}",
            f"--attendees={n}", *extra)
    original = meetings(db_url)
    assert len(original) == 3
    for headers in ("en", "zh"):
        first = tmp_path / f"first-{headers}.csv"
        run(*base, "meeting", "export", str(first), "--headers", headers)
        wipe(db_url)
        new_site(db_url)
        run(*base, "meeting", "import", str(first))
        assert meetings(db_url) == original
        second = tmp_path / f"second-{headers}.csv"
        run(*base, "meeting", "export", str(second), "--headers", headers)
        assert second.read_bytes() == first.read_bytes()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def many_rows(count: int) -> str:
    rows = [HEADER]
    for n in range(count):
        day = 24 + n // 4
        hour = 8 + (n % 4) * 3
        rows.append(f"Room A,2026-11-{day}T{hour:02d}:00,2026-11-{day}T{hour + 1:02d}:00,"
                    f"Meeting {n},O,C,1,5,,,,,no")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("tty", [True, False])
def test_a_progress_bar_only_on_a_terminal(cli, tmp_path, monkeypatch, tty):  # noqa: ANN001
    from dutyboard.tui.cli import meeting_io_commands
    monkeypatch.setattr(meeting_io_commands, "PROGRESS_FROM", 3)
    stream = Terminal() if tty else io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    path = write(tmp_path, many_rows(4))
    r = cli("meeting", "import", path, login="clerk", json=True)
    assert len(r.json()) == 4
    shown = stream.getvalue()
    assert ("booking" in shown and "4/4" in shown) is tty
    assert shown == "" or tty
