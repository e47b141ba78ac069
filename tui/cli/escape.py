"""What the user typed, made safe to show: one line, no control characters. Part of what
``dutyboard --help`` and a usage error load, so it imports nothing beyond ``unicodedata``."""

from __future__ import annotations

import unicodedata

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a tenth of --help)
if TYPE_CHECKING:
    from collections.abc import Sequence

VISIBLE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn")


def one_line(text: str) -> str:
    """``text`` on one line with every control, format (bidi, zero-width) or undecodable
    character shown as an escape, so an error message cannot steer the terminal."""
    out = []
    for ch in text:
        if ch == "\t" or unicodedata.category(ch) not in VISIBLE_CATEGORIES:
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out)


def argv_problem(argv: Sequence[str]) -> str | None:
    """Why the command line cannot be taken, if it cannot: an argument that is not UTF-8
    (Python keeps such bytes as lone surrogates) or holds a NUL could be stored nowhere and
    printed nowhere."""
    for n, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return f"argument {n} ({one_line(arg)}) is not valid UTF-8 text"
        if "\x00" in arg:
            return f"argument {n} contains a NUL character"
    return None
