"""User text is data: what a person typed is shown literally and can never steer a terminal.

A meeting title, a ticket's location or a person's name comes from whoever typed it. Printed
raw, an ESC starts a CSI/OSC sequence (clear the screen, retitle the window, make a link),
a C1 byte does the same on terminals that honour 8-bit controls, a bidi override reverses
what follows, and a zero-width character makes two different logins look the same.
:func:`visible` turns such characters into harmless visible symbols; :func:`name_problem`
tells why a login or a name is refused.
"""

from __future__ import annotations

import unicodedata

ESC = "\x1b"
DEL = "\x7f"
# Bidirectional embeddings, overrides, isolates and marks: each can reorder what follows.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that take no space: invisible in a name, they make look-alikes.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad")
# Unicode line and paragraph separators: some terminals break the line on them.
SEPARATORS = frozenset("\u2028\u2029\x85")
MAX_NAME_LENGTH = 100


def _shown(char: str, keep_newlines: bool) -> str:
    """The visible stand-in for one character (the character itself when it is harmless)."""
    code = ord(char)
    if char == ESC:
        return "\u241b"  # ␛
    if keep_newlines and char in "\n\t":
        return char
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: \x07 -> ␇, \n -> ␊
    if char == DEL:
        return "\u2421"  # ␡
    if 0x80 <= code <= 0x9F:
        return f"\\x{code:02x}"
    if char in SEPARATORS:
        return f"\\u{code:04x}"
    if char in BIDI_CONTROLS:
        return f"\\u{code:04x}"
    if char in ZERO_WIDTH:
        return ""
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (argv's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:  # any other lone surrogate cannot be encoded at all
        return f"\\u{code:04x}"
    return char


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol: ESC as ``␛``, other
    C0 controls as their Control Pictures symbol, C1 controls and bytes that were not UTF-8
    as ``\\xNN``, bidi controls and line separators as ``\\uNNNN``; zero-width characters
    are dropped. ``keep_newlines`` keeps line feeds and tabs (multi-line bodies)."""
    if text.isprintable():
        return text  # no control, format, separator or surrogate character: the common case
    return "".join(_shown(c, keep_newlines) for c in text)


def name_problem(text: str, what: str = "name") -> str | None:
    """Why ``text`` cannot be a login or a person's name, or None when it can."""
    if not text.strip():
        return f"{what} must not be empty"
    if len(text) > MAX_NAME_LENGTH:
        return f"{what} is longer than {MAX_NAME_LENGTH} characters"
    for char in text:
        code = ord(char)
        category = unicodedata.category(char)
        if category == "Cc" or char in SEPARATORS:
            kind = "a control character"
        elif char in BIDI_CONTROLS:
            kind = "a bidirectional control character"
        elif char in ZERO_WIDTH or category == "Cf":
            kind = "an invisible (zero-width or format) character"
        elif category == "Cs":
            kind = "a byte that is not UTF-8"
        else:
            continue
        return f"{what} '{visible(text)}' contains {kind} (U+{code:04X}); use visible characters only"
    return None


def valid_name(text: str) -> bool:
    """A login or a person's name: visible characters only (see :func:`name_problem`)."""
    return name_problem(text) is None
