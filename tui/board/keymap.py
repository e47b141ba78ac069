"""The user's keymap: ``[keys]`` in ``config.toml`` in the user's config directory
(``DUTYBOARD_CONFIG_DIR`` overrides it), mapping binding ids to keys::

    [keys]
    check = "x"
    dispatch = "ctrl+d,D"

A bad id, a key Textual does not know or a key already bound elsewhere is refused at start,
naming the file, the line and why.

Textual (its key names, the board's bindings) is imported only to check a keymap that
exists: with none, a start that is refused (no terminal) imports none of Textual."""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

from dutyboard.store.errors import UsageError
from platformdirs import user_config_dir

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}


@cache
def named_keys() -> frozenset[str]:
    """The key names Textual knows, and the usual spellings of a few."""
    from textual.keys import Keys
    return frozenset({k.value for k in Keys} | {"space", "tab", "enter", "backspace", "escape"}
                     | {f"f{n}" for n in range(1, 25)})


def config_file() -> Path:
    folder = os.environ.get("DUTYBOARD_CONFIG_DIR") or user_config_dir("dutyboard")
    return Path(folder) / "config.toml"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The keymap from the config file ({} when there is none); UsageError when it is bad."""
    path = path or config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    from .keys import BY_ID
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise UsageError(f"{path}:{_line(text, 'keys', table=True)}: [keys] must be a table")
    keymap: dict[str, str] = {}
    for ident, value in keys.items():
        where = f"{path}:{_line(text, ident)}"
        if ident not in BY_ID:
            raise UsageError(f"{where}: no binding with id {ident!r} (ids: {', '.join(sorted(BY_ID))})")
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str) or not value.strip():
            raise UsageError(f"{where}: {ident} must be a key such as \"x\" or \"ctrl+x,f5\"")
        for key in value.split(","):
            if (why := key_problem(key.strip())) is not None:
                raise UsageError(f"{where}: {ident} = {value!r}: {why}")
        keymap[ident] = ",".join(normal_key(k.strip()) for k in value.split(","))
    if (clash := _clash(keymap)) is not None:
        ident, key, other = clash
        raise UsageError(f"{path}:{_line(text, ident)}: {ident}: key {key!r} is already bound to {other!r}")
    return keymap


def normal_key(key: str) -> str:
    """Textual's long form: "?" -> "question_mark"."""
    *mods, name = key.split("+")
    if len(name) == 1 and not name.isalnum():
        name = unicodedata.name(name).lower().replace(" ", "_").replace("-", "_")
    return "+".join([*mods, name])


def key_problem(key: str) -> str | None:
    if not key:
        return "an empty key"
    *mods, name = key.split("+")
    for mod in mods:
        if mod not in MODIFIERS:
            return f"unknown modifier {mod!r} (use {', '.join(sorted(MODIFIERS))})"
    if len(name) == 1 and name.isprintable():
        return None
    if name in named_keys():
        return None
    try:
        unicodedata.lookup(name.replace("_", " "))
        return None
    except KeyError:
        return f"unknown key {name!r}"


def _clash(keymap: dict[str, str]) -> tuple[str, str, str] | None:
    """A key bound to two ids of the same node once the keymap applies."""
    from .keys import KEYS, effective_keys
    for where in {k.where for k in KEYS}:
        owner: dict[str, str] = {}
        for key in (k for k in KEYS if k.where == where):
            for name in effective_keys(key, keymap):
                name = normal_key(name)
                if name in owner:
                    changed = key.id if key.id in keymap else owner[name]
                    other = owner[name] if changed == key.id else key.id
                    return changed, name, other
                owner[name] = key.id
    return None


def _line(text: str, ident: str, table: bool = False) -> int:
    pattern = re.compile(rf"^\s*\[\s*{re.escape(ident)}\s*\]" if table
                         else rf"^\s*[\"']?{re.escape(ident)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return 1
