"""The bookings file's format, both ways: its columns and headers (English or Chinese), its
encodings, reading its cells into ``MeetingInput`` values and writing values back as cells.

A header row names the columns (see :data:`COLUMNS`; README "Import and export"), then one
booking a row. Reading checks every row and names each bad row and column
(:class:`ImportRefused`); the database is not touched here: booking the rows and reading the
bookings to export are :mod:`store.meeting_io`'s.

A cell that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) is written with a leading apostrophe, which reading takes off again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import arrow
from dutyboard.rules import parse_instant
from dutyboard.rules.notice import SERVICE_LABELS, SIZE_LABELS
from dutyboard.rules.rulebook import PURCHASES, SERVICES, SIZES

from .errors import DutyError, UsageError
from .meetings import MeetingInput

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ROWS = 100_000
MAX_TEXT = 255           # a CharField: varchar(255) on PostgreSQL
MAX_ERRORS_SHOWN = 50
FIRST_YEAR, LAST_YEAR = 2000, 2100
ENCODINGS = ("utf-8", "gbk")
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "是", "√", "✓"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "否", ""})
LIST_SPLIT = re.compile(r"[,，、;；\s]+")
FORMULA = re.compile(r"^'*[=+\-@\t\r]")


@dataclass(frozen=True)
class Column:
    """One column of the file: its English and Chinese header, the MeetingInput field it
    fills, whether every row must give it, and the kind of value it holds. A new booking
    field is one more Column (and its reader in ``meeting_io._export_values``)."""
    name: str
    zh: str
    field: str
    required: bool
    kind: str = "text"   # text | time | count | services | purchases | size | bool
    aliases: tuple[str, ...] = ()

    def headers(self) -> tuple[str, ...]:
        return (self.name, self.zh, *self.aliases)


COLUMNS: tuple[Column, ...] = (
    Column("venue", "会场", "venue", True, aliases=("会议室",)),
    Column("start", "开始时间", "start", True, "time"),
    Column("end", "结束时间", "end", True, "time"),
    Column("title", "会议名称", "title", True, aliases=("topic", "会议主题")),
    Column("organizer", "主办单位", "organizer", True),
    Column("contact", "联系人", "contact", True),
    Column("phone", "联系电话", "phone", True, aliases=("电话",)),
    Column("attendees", "参会人数", "attendees", True, "count", aliases=("人数",)),
    Column("services", "服务需求", "services", False, "services", aliases=("服务",)),
    Column("layout", "会场布置", "layout", False),
    Column("size", "会议规模", "size", False, "size", aliases=("规模",)),
    Column("approval", "审批编号", "approval_ref", False, aliases=("租用审批编号",)),
    Column("confidential", "保密", "confidential", False, "bool", aliases=("保密会议",)),
    Column("purchases", "代购物品", "purchases", False, "purchases", aliases=("代购",)),
)
BY_HEADER = {h.strip().lower(): c for c in COLUMNS for h in c.headers()}
SERVICE_BY_NAME = {name: code for code, pair in SERVICE_LABELS.items() for name in (code, *pair)}
PURCHASE_LABELS = {"water": ("bottled water", "瓶装水"), "banner": ("banner", "会标"),
                   "flowers": ("flowers", "鲜花"), "media": ("recording media", "录音介质"),
                   "signage": ("printed signage", "指引标识"), "copying": ("copying", "复印")}
PURCHASE_BY_NAME = {name: code for code, pair in PURCHASE_LABELS.items() for name in (code, *pair)}
SIZE_BY_NAME = {name: code for code, pair in SIZE_LABELS.items() for name in (code, *pair)}


@dataclass(frozen=True)
class RowError:
    row: int                 # as a spreadsheet numbers it: the header is row 1
    column: str | None       # the column's name as the file's header spells it
    message: str
    exit_code: int = 2

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportRefused(DutyError):
    """The file was not imported; ``errors`` names every bad row. The exit code is 2 when a
    row could not be read, else the first refused row's (3 a rule, 5 an unknown venue)."""

    def __init__(self, source: str, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        self.exit_code = errors[0].exit_code if errors else 2
        bad = len({e.row for e in errors})
        super().__init__(f"{source}: {bad} bad row{'s' if bad != 1 else ''}, nothing imported")

    def lines(self, source: str) -> list[str]:
        shown = [f"{source}: {e}" for e in self.errors[:MAX_ERRORS_SHOWN]]
        if len(self.errors) > MAX_ERRORS_SHOWN:
            shown.append(f"{source}: ... and {len(self.errors) - MAX_ERRORS_SHOWN} more")
        return shown


@dataclass
class ParsedRow:
    row: int
    data: MeetingInput
    headers: dict[str, str] = field(default_factory=dict)  # MeetingInput field -> header as given


# -- reading ---------------------------------------------------------------------------------

def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """The file's text. A UTF-8 byte-order mark is dropped; without ``encoding`` the file is
    read as UTF-8, else GBK (what Excel and WPS save on a Chinese Windows); bytes that are
    neither are refused, naming the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(f"{source}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it")
    tries = (encoding,) if encoding else ENCODINGS
    failure: UnicodeDecodeError | None = None
    for name in tries:
        try:
            return data.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as exc:
            failure = failure or exc
        except LookupError:
            raise UsageError(f"--encoding: unknown encoding {name!r} (use utf-8 or gbk)") from None
    assert failure is not None
    byte = failure.object[failure.start:failure.start + 1].hex()
    raise UsageError(f"{source}: not {' or '.join(t.upper() for t in tries if t)} text "
                     f"(byte 0x{byte} at offset {failure.start}); save it as UTF-8 CSV")


def _records(text: str) -> Iterator[tuple[int, list[str] | str]]:
    """(row number, cells) per record; (row number, why) for a record that is not CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield number, f"not valid CSV: {exc}"
            return  # the reader cannot find the next record after a broken one
        yield number, cells


def read_file(text: str, tz: str, source: str) -> list[ParsedRow]:
    """Every data row of the file as a MeetingInput; ImportRefused (exit 2) naming every bad
    row and column when any cannot be read."""
    records = _records(text)
    header = next(records, None)
    if header is None or isinstance(header[1], str) or not any(c.strip() for c in header[1]):
        why = header[1] if header is not None and isinstance(header[1], str) else \
            f"no header row; the first row names the columns: {', '.join(c.name for c in COLUMNS)}"
        raise ImportRefused(source, [RowError(1, None, why)])
    columns = _header(header[1], source)
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    for number, cells in records:
        if isinstance(cells, str):
            errors.append(RowError(number, None, cells))
            break
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if number > MAX_ROWS + 1:
            raise ImportRefused(source, [RowError(number, None,
                                                  f"more than {MAX_ROWS} rows; split the file")])
        parsed, bad = _row(number, cells, columns, tz)
        if parsed is not None:
            rows.append(parsed)
        errors += bad
    if errors:
        raise ImportRefused(source, errors)
    return rows


def _header(cells: list[str], source: str) -> list[tuple[str, Column | None]]:
    columns: list[tuple[str, Column | None]] = []
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    for cell in cells:
        name = cell.strip().lstrip("\ufeff")
        column = BY_HEADER.get(name.lower())
        if column is None and name:
            errors.append(RowError(1, _shown(name), "unknown column; the columns are "
                                   + ", ".join(f"{c.name} ({c.zh})" for c in COLUMNS)))
        elif column is not None and column.name in seen:
            errors.append(RowError(1, _shown(name), f"the same column as {seen[column.name]!r}"))
        elif column is not None:
            seen[column.name] = name
        columns.append((name, column))
    for column in COLUMNS:
        if column.required and column.name not in seen:
            errors.append(RowError(1, column.name,
                                   f"missing column (or {column.zh}); every row must give it"))
    if errors:
        raise ImportRefused(source, errors)
    return columns


def _shown(text: str) -> str:
    from dutyboard.rules.text import visible
    return visible(text if len(text) <= 40 else text[:40] + "...")


def _row(number: int, cells: list[str], columns: list[tuple[str, Column | None]],
         tz: str) -> tuple[ParsedRow | None, list[RowError]]:
    errors: list[RowError] = []
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
        errors.append(RowError(number, None, f"{len(cells)} cells but the header names {len(columns)} "
                                             "columns (a comma in a value needs quotes)"))
    values: dict[str, Any] = {}
    headers: dict[str, str] = {}
    for (name, column), raw in zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False):
        if column is None:
            continue
        headers[column.field] = name
        try:
            values[column.field] = _value(column, _unescape(raw), tz)
        except ValueError as exc:
            errors.append(RowError(number, name, str(exc)))
    if errors:
        return None, errors
    return ParsedRow(number, MeetingInput(**values), headers), []


def _value(column: Column, raw: str, tz: str) -> Any:
    """One cell as the MeetingInput field wants it; ValueError saying what is wrong."""
    if "\x00" in raw:
        raise ValueError("contains a NUL character")
    text = raw.strip()
    if column.required and not text:
        raise ValueError("empty; every row must give it")
    if column.kind == "time":
        return _instant(text, tz)
    if column.kind == "count":
        if not re.fullmatch(r"\d{1,9}", text):
            raise ValueError(f"not a whole number: {_shown(text)!r}")
        return int(text)
    if column.kind == "services":
        names = [n for n in LIST_SPLIT.split(text) if n]
        unknown = [n for n in names if n.lower() not in SERVICE_BY_NAME and n not in SERVICE_BY_NAME]
        if unknown:
            raise ValueError(f"unknown service {_shown(', '.join(unknown))!r}; "
                             f"known: {', '.join(SERVICES)}")
        return tuple(sorted({SERVICE_BY_NAME.get(n.lower(), SERVICE_BY_NAME.get(n, n)) for n in names}))
    if column.kind == "purchases":
        names = [n for n in LIST_SPLIT.split(text) if n]
        unknown = [n for n in names if n.lower() not in PURCHASE_BY_NAME and n not in PURCHASE_BY_NAME]
        if unknown:
            raise ValueError(f"unknown purchase {_shown(', '.join(unknown))!r}; "
                             f"known: {', '.join(PURCHASES)}")
        return tuple(sorted({PURCHASE_BY_NAME.get(n.lower(), PURCHASE_BY_NAME.get(n, n)) for n in names}))
    if column.kind == "size":
        if not text:
            return ""
        code = SIZE_BY_NAME.get(text.lower(), SIZE_BY_NAME.get(text))
        if code is None:
            raise ValueError(f"unknown size {_shown(text)!r}; sizes: {', '.join(SIZES)}")
        return code
    if column.kind == "bool":
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise ValueError(f"not yes or no: {_shown(text)!r}")
    if len(raw) > MAX_TEXT:
        raise ValueError(f"longer than {MAX_TEXT} characters ({len(raw)})")
    if column.field == "venue":
        return text  # a reference to a venue: spaces around it are the spreadsheet's
    if column.field == "approval_ref":
        return raw if text else None
    return raw  # user text is kept as typed, so a round trip keeps it exactly


def _instant(text: str, tz: str) -> arrow.Arrow:
    normal = re.sub(r"^(\d{4})/(\d{1,2})/(\d{1,2})", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}",
                    text)
    normal = re.sub(r"([ T])(\d):", r"\g<1>0\2:", normal)  # 2026-11-23 9:00
    try:
        value = parse_instant(normal, tz)
    except (ValueError, OverflowError):
        raise ValueError(f"not a time: {_shown(text)!r} (use e.g. 2026-11-23T14:00 or "
                         "2026-11-23 14:00, site time, or with an offset +08:00)") from None
    if not FIRST_YEAR <= value.to(tz).year <= LAST_YEAR:
        raise ValueError(f"{_shown(text)!r} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return value


def _unescape(value: str) -> str:
    """Take off the apostrophe export put before a would-be formula."""
    return value[1:] if value.startswith("'") and FORMULA.match(value) else value


def _escape(value: str) -> str:
    return "'" + value if FORMULA.match(value) else value


# -- writing ---------------------------------------------------------------------------------

def cell_text(column: Column, value: Any, lang: str) -> str:
    """One value as its cell in ``lang`` (export writes what :func:`read_file` reads)."""
    zh = lang == "zh"
    if column.kind == "services":
        return ("、" if zh else ",").join(SERVICE_LABELS[s][1] if zh and s in SERVICE_LABELS else s
                                         for s in value)
    if column.kind == "purchases":
        return ("、" if zh else ",").join(PURCHASE_LABELS[p][1] if zh and p in PURCHASE_LABELS else p
                                         for p in value)
    if column.kind == "bool":
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if column.kind == "size" and zh and value in SIZE_LABELS:
        return SIZE_LABELS[value][1]
    return _escape("" if value is None else str(value))


def csv_text(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def encode(text: str, rows: list[list[str]], encoding: str) -> bytes:
    """The file's bytes; a character the encoding cannot hold is refused naming its row and
    column (GBK holds no emoji, for one)."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        for number, cells in enumerate(rows, 1):
            for column, cell in zip(rows[0], cells, strict=False):
                try:
                    cell.encode(encoding)
                except UnicodeEncodeError as exc:
                    raise UsageError(f"row {number}, column {column}: {_shown(cell)!r} cannot be "
                                     f"written as {encoding.upper()} ({exc.reason}); "
                                     "export as UTF-8") from None
        raise


def input_fields() -> tuple[str, ...]:
    """The MeetingInput fields a file can fill (for a test that every field has a column)."""
    return tuple(f.name for f in fields(MeetingInput))
