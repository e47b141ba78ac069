"""The site's configuration: one database for every SSH login, without per-user variables.

Read in this order, a later one overriding an earlier one, then the command line's flags and
``$DUTYBOARD_DB`` over both:

1. the site config, ``/etc/dutyboard/config.toml`` (``$DUTYBOARD_SITE_CONFIG`` names another
   file, for a second site on one machine or for tests);
2. the user's ``config.toml`` in the user config directory (``$DUTYBOARD_CONFIG_DIR``), the
   file that also holds the board's ``[keys]``.

Keys: ``database`` (a URL or a plain path), ``lang`` (en, zh), ``theme`` (dark, light,
contrast), ``site`` (the building's code, as ``--site``),
``readonly`` (true makes every session read-only: a user file cannot turn it off),
and, in the site config only, ``administrators`` (logins) and ``guests`` (true: a login that is
not a dutyboard user gets a read-only board instead of a refusal).

The site config grants power (administrators, guests), so it counts only when only root can
change it: owned by root, not writable by group or others, in a folder that only root can
change. Otherwise its ``administrators`` and ``guests`` are ignored (the rest still applies).
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError

SITE_CONFIG = Path("/etc/dutyboard/config.toml")
SITE_CONFIG_ENV = "DUTYBOARD_SITE_CONFIG"
USER_CONFIG_DIR_ENV = "DUTYBOARD_CONFIG_DIR"
LANGS = ("en", "zh")
THEMES = ("dark", "light", "contrast")
USER_KEYS = {"database", "lang", "theme", "readonly", "site"}
SITE_KEYS = USER_KEYS | {"administrators", "guests"}
OTHER_TABLES = {"keys"}  # the board's own tables in the user file (tui/board/keymap.py)


@dataclass(frozen=True)
class SiteConfig:
    database: str | None = None
    lang: str | None = None
    theme: str | None = None
    readonly: bool = False
    site: str | None = None   # the building's code (--site), on a database of several
    administrators: frozenset[str] = frozenset()
    guests: bool = False
    files: tuple[str, ...] = field(default=())   # the files read, for `config show`


def site_config_path() -> Path:
    named = os.environ.get(SITE_CONFIG_ENV)
    return Path(named) if named else SITE_CONFIG


def user_config_path() -> Path:
    folder = os.environ.get(USER_CONFIG_DIR_ENV)
    if not folder:
        from platformdirs import user_config_dir
        folder = user_config_dir("dutyboard")
    return Path(folder) / "config.toml"


def only_root_can_change(path: Path) -> bool:
    """The file and every folder above it are root's and writable by nobody else."""
    try:
        for part in (path, *path.resolve().parents):
            st = part.stat()
            if st.st_uid != 0:
                return False
            if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not (
                    part.is_dir() and st.st_mode & stat.S_ISVTX):  # /tmp-like: sticky
                return False
    except OSError:
        return False
    return True


def _read(path: Path) -> dict[str, Any] | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None


def _checked(path: Path, data: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    """The settings of one file, each of the right type; a bad one is a UsageError naming it."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in OTHER_TABLES and isinstance(value, dict):
            continue
        if key in SITE_KEYS - allowed:
            raise UsageError(f"{path}: {key!r} is set only in the site config ({SITE_CONFIG}), "
                             "which only root can change")
        if key not in allowed:
            raise UsageError(f"{path}: {key!r} is not a setting of a dutyboard config file "
                             f"(settings: {', '.join(sorted(allowed))})")
        if key == "site" and not (isinstance(value, str) and value.strip()):
            raise UsageError(f'{path}: site must be a site code, e.g. site = "main"')
        if key == "database" and not (isinstance(value, str) and value.strip()):
            raise UsageError(f"{path}: database must be a URL or a file path")
        if key == "lang" and value not in LANGS:
            raise UsageError(f"{path}: lang must be one of {', '.join(LANGS)}")
        if key == "theme" and value not in THEMES:
            raise UsageError(f"{path}: theme must be one of {', '.join(THEMES)}")
        if key in ("readonly", "guests") and not isinstance(value, bool):
            raise UsageError(f"{path}: {key} must be true or false")
        if key == "administrators" and not (
                isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
            raise UsageError(f'{path}: administrators must be a list of logins, e.g. ["alice"]')
        out[key] = value
    return out


def load_site_config(site: Path | None = None, user: Path | None = None) -> SiteConfig:
    """The merged configuration (defaults when neither file exists)."""
    site = site_config_path() if site is None else site
    user = user_config_path() if user is None else user
    merged: dict[str, Any] = {}
    files: list[str] = []
    site_data = _read(site)
    if site_data is not None:
        values = _checked(site, site_data, SITE_KEYS)
        if not only_root_can_change(site):
            values.pop("administrators", None)
            values.pop("guests", None)
        merged.update(values)
        files.append(str(site))
    readonly = bool(merged.get("readonly", False))
    user_data = _read(user) if user != site else None
    if user_data is not None:
        merged.update(_checked(user, user_data, USER_KEYS))
        files.append(str(user))
    return SiteConfig(
        database=merged.get("database"), lang=merged.get("lang"), theme=merged.get("theme"),
        site=merged.get("site"),
        readonly=readonly or bool(merged.get("readonly", False)),
        administrators=frozenset(n.strip() for n in merged.get("administrators", [])),
        guests=bool(merged.get("guests", False)), files=tuple(files))
