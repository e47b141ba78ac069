"""Printing results: JSON for scripts, aligned text (CJK-aware) for people.

User text is data: nothing a person typed (a title, a location, a name) may reach the terminal
as a control sequence. Text output shows control characters visibly (``rules.text.visible``);
JSON output escapes every non-printable character as ``\\uNNNN``, which is the same JSON value.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from dutyboard.rules.text import visible


def cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def emit(args: Any, data: Any, columns: Sequence[str] | None = None, text: str | None = None) -> None:
    if args.json:
        sys.stdout.write(json_text(data) + "\n")
        return
    if text is not None:
        print(visible(text, keep_newlines=True))
        return
    if isinstance(data, list) and columns:
        print(table(data, columns))
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                print(f"{key}:")
                cols = list(value[0].keys())
                print("  " + table(value, cols).replace("\n", "\n  "))
            else:
                print(f"{key}: {visible(str(value))}")
    else:
        print(visible(str(data), keep_newlines=True))


def show_text(text: str) -> None:
    """Print a multi-line text (a report) as it is, but with control characters visible."""
    print(visible(text, keep_newlines=True), end="")


def json_text(data: Any) -> str:
    """JSON with CJK kept readable, but C1 controls, bidi and zero-width characters and lone
    surrogates (bytes that were not UTF-8) escaped: the same JSON value, safe on a terminal."""
    import json
    dumped = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if dumped.isprintable():
        return dumped
    return "".join(c if c.isprintable() or c == "\n" else f"\\u{ord(c):04x}" for c in dumped)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "(none)"
    cells = [[_fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max(cell_width(c), *(cell_width(row[i]) for row in cells))
              for i, c in enumerate(columns)]
    lines = ["  ".join(pad(c, w) for c, w in zip(columns, widths, strict=False)).rstrip()]
    lines += ["  ".join(pad(v, w) for v, w in zip(row, widths, strict=False)).rstrip() for row in cells]
    return "\n".join(lines)


def _fmt(value: Any, limit: int | None = 48) -> str:
    """One cell: user text on one line, control characters visible, cut to ``limit`` cells."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    text = visible(str(value).replace("\n", " "))
    return text if limit is None or cell_width(text) <= limit else text[:limit - 2] + ".."
