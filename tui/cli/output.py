"""Printing results: JSON for scripts, aligned text (CJK-aware) for people."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any


def cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def emit(args: Any, data: Any, columns: Sequence[str] | None = None, text: str | None = None) -> None:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    if text is not None:
        print(text)
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
                print(f"{key}: {value}")
    else:
        print(data)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "(none)"
    cells = [[_fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max(cell_width(c), *(cell_width(row[i]) for row in cells))
              for i, c in enumerate(columns)]
    lines = ["  ".join(pad(c, w) for c, w in zip(columns, widths, strict=False)).rstrip()]
    lines += ["  ".join(pad(v, w) for v, w in zip(row, widths, strict=False)).rstrip() for row in cells]
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if cell_width(text) <= 48 else text[:46] + ".."
