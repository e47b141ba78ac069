"""The rulebook as data: the packaged defaults, merged with a site's override.

A malformed or inconsistent file is refused with :class:`RulebookError`, which
names the file, the key, the line (where one can be found) and the reason.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from .calendar import WorkCalendar
from .names import DEPARTMENTS, PURCHASES, ROLES, SIZES  # noqa: F401 - here since the start
from .verification import Verification

VENUE_CLASSES = ("A", "B", "C")
SERVICES = (
    "banner", "water", "flowers", "recording", "nameplates", "signin", "microphones",
    "signage", "podium", "fruit", "towels", "projector", "teabreak", "purchase",
)
# Their names in item titles: a [[task]] with ``purchases`` becomes one item per purchase on
# the booking, its title's {item} (English) / {item_zh} replaced by these.
PURCHASE_NAMES = {
    "water": ("bottled water", "瓶装水"), "banner": ("banner", "会标"),
    "flowers": ("flowers", "鲜花"), "media": ("recording media", "录音介质"),
    "signage": ("printed signage", "印制指引标识"), "copying": ("copying", "复印"),
}
ANCHORS = ("start", "end", "eve", "booked")
DEFAULT_FILE = "default_rulebook.toml"


class RulebookError(ValueError):
    """A rulebook that cannot be used: which file, which key, which line, why."""

    def __init__(self, source: str, key: str, reason: str, line: int | None = None) -> None:
        self.source, self.key, self.reason, self.line = source, key, reason, line
        where = f"{source}, line {line}" if line else source
        super().__init__(f"rulebook {where}: key '{key}': {reason}")


@dataclass(frozen=True)
class VenueClass:
    name: str
    max_seats: int
    notice: timedelta
    notice_working_days: float
    approval: bool


@dataclass(frozen=True)
class VenueKind:
    name: str
    seats: tuple[int, int]
    refill_every: timedelta
    refill_schedule: tuple[timedelta, ...] = ()
    prep: timedelta = timedelta(0)       # on-the-day preparation starts this long before T
    cleardown: timedelta = timedelta(0)  # the venue is cleared down this long after E
    min_size: str = "small"              # meetings here are at least this size by default
    approval: bool = False               # needs the administration office's approval reference


@dataclass(frozen=True)
class TaskTemplate:
    code: str
    dept: str
    title: str
    title_zh: str
    at: str
    offset: timedelta
    window: timedelta
    kinds: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    verify: bool = False
    asap: timedelta | None = None
    sizes: tuple[str, ...] = ()
    purchases: tuple[str, ...] = ()  # one item per purchase on the booking among these
    after: str | None = None         # not checked off while this item (same purchase) is open

    def applies(self, kind: str, venue_class: str, services: frozenset[str],
                size: str = "small", purchases: frozenset[str] = frozenset()) -> bool:
        """kinds, classes: any of each. services and sizes: any of each, and when a template
        names both, either suffices (a banner is owed when asked for or for a large meeting).
        purchases: the booking bought at least one of them on the organizer's behalf."""
        if self.purchases and not purchases.intersection(self.purchases):
            return False
        wanted = bool(services.intersection(self.services)) if self.services else None
        sized = size in self.sizes if self.sizes else None
        asked = (wanted or sized) if wanted is not None and sized is not None else \
            (wanted if wanted is not None else sized if sized is not None else True)
        return ((not self.kinds or kind in self.kinds)
                and (not self.classes or venue_class in self.classes) and bool(asked))


@dataclass(frozen=True)
class Rulebook:
    site_name: str
    site_name_zh: str
    calendar: WorkCalendar
    households: int
    classes: dict[str, VenueClass]
    kinds: dict[str, VenueKind]
    tasks: tuple[TaskTemplate, ...]
    min_gap: timedelta
    department_notice: timedelta
    due_soon: timedelta
    verify_by: timedelta
    first_follow_up: timedelta
    ticket_due_soon: timedelta
    emergency_escalate: timedelta
    notify_emergency: tuple[str, ...]
    major_approvers: tuple[str, ...]
    unresolvable_approvers: tuple[str, ...]
    repair_needs_signature: bool
    signoff_role: str
    complaint_rate_target: float
    sources: tuple[str, ...] = field(default=())
    max_meeting: timedelta = timedelta(hours=24)  # booking.max_duration: longer is refused
    asap: timedelta = timedelta(minutes=30)  # [booking] asap: an item booked too late is due this soon
    size_from: tuple[int, int] = (41, 151)  # [booking] medium_from, large_from: attendees
    notify_urgent: tuple[str, ...] = ("supervisor", "manager")
    escalated_follow_up_working_days: int = 1
    callback_within_working_days: int = 3
    unresolvable_review_months: tuple[int, ...] = (3, 6, 9, 12)
    unresolvable_review_days: tuple[int, int] = (1, 5)
    lost_flag_after: timedelta = timedelta(days=7)  # [lost] flag_after: an item not returned
    verification: Verification = field(default_factory=Verification)  # who verifies, per venue

    @property
    def tz(self) -> str:
        return self.calendar.tz


# ---------------------------------------------------------------------------
# loading

def default_text() -> str:
    """The default rulebook's text: the file beside this module, read directly when it is a
    file (every install but a zipped one; ``importlib.resources`` costs 3 ms of each start)."""
    beside = Path(__file__).with_name(DEFAULT_FILE)
    if beside.is_file():
        return beside.read_text(encoding="utf-8")
    return resources.files(__package__).joinpath(DEFAULT_FILE).read_text(encoding="utf-8")


def load_rulebook(*overrides: str | Path, texts: tuple[tuple[str, str], ...] = ()) -> Rulebook:
    """Defaults, then each override file (or ``(name, text)`` pair) merged on top, in order."""
    layers: list[tuple[str, str]] = [("defaults", default_text())]
    for path in overrides:
        layers.append((str(path), read_rulebook_file(path)))
    layers.extend(texts)
    return _load_layers(tuple(layers))


@functools.lru_cache(maxsize=16)
def _load_layers(layers: tuple[tuple[str, str], ...]) -> Rulebook:
    """The Rulebook of these layers, built once per process for the same texts (every
    command loads it; it is immutable, so sessions may share it)."""
    merged: dict[str, Any] = {}
    origin: dict[str, tuple[str, str]] = {}
    for name, text in layers:
        data = _parse(name, text)
        try:
            _merge(merged, data, name, text, origin, "")
        except RecursionError:
            raise RulebookError(name, "(syntax)", "nested too deeply") from None
    from .rulebook_check import build  # validation lives in its own module
    return build(merged, origin, tuple(n for n, _ in layers))


MAX_FILE_BYTES = 1_000_000  # a rulebook is a few kB; anything this big is not one


def read_rulebook_file(path: str | Path) -> str:
    """The text of a rulebook file: readable, not huge, UTF-8; else RulebookError."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RulebookError(str(p), "(file)", f"cannot read {p}: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise RulebookError(str(p), "(file)", f"larger than {MAX_FILE_BYTES} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise RulebookError(str(p), "(file)", f"not UTF-8 text (byte {exc.start})", line) from None


def check_text(name: str, text: str) -> Rulebook:
    """Validate an override's text (as ``rulebook check`` and ``rulebook set`` do)."""
    return load_rulebook(texts=((name, text),))


def keys_set(name: str, text: str) -> list[str]:
    """The dotted keys an override's text sets, in its order (a ``[[task]]`` counts as
    ``task.CODE``): what a site's own rulebook overrides (``rulebook show``)."""
    keys: list[str] = []

    def walk(data: dict[str, Any], prefix: str) -> None:
        for key, value in data.items():
            if key == "task" and not prefix and isinstance(value, list):
                keys.extend(f"task.{t.get('code')}" for t in value if isinstance(t, dict))
            elif isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                keys.append(f"{prefix}{key}")
    walk(_parse(name, text), "")
    return keys


def _parse(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise RulebookError(name, "(syntax)", "nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise RulebookError(name, "(syntax)", str(exc),
                            int(match.group(1)) if match else None) from None


def _merge(into: dict[str, Any], data: dict[str, Any], name: str, text: str,
           origin: dict[str, tuple[str, str]], prefix: str) -> None:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key == "task" and not prefix:
            _merge_tasks(into, value, name, text, origin)
            continue
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value, name, text, origin, dotted + ".")
            continue
        if isinstance(value, dict):
            into[key] = {}
            origin[dotted] = (name, text)
            _merge(into[key], value, name, text, origin, dotted + ".")
            continue
        into[key] = value
        origin[dotted] = (name, text)


def _merge_tasks(into: dict[str, Any], value: Any, name: str, text: str,
                 origin: dict[str, tuple[str, str]]) -> None:
    if not isinstance(value, list):
        raise RulebookError(name, "task", "must be an array of tables ([[task]])",
                            line_of(text, "task"))
    tasks: list[dict[str, Any]] = into.setdefault("task", [])
    for item in value:
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str):
            raise RulebookError(name, "task.code", "every [[task]] needs a string code",
                                line_of(text, "[[task]]"))
        origin[f"task.{code}"] = (name, text)
        existing = next((t for t in tasks if t.get("code") == code), None)
        if existing is not None:
            if item.get("enabled") is False:
                tasks.remove(existing)
            else:
                existing.update(item)
        elif item.get("enabled", True) is not False:
            tasks.append(dict(item))


def line_of(text: str, key: str, field: str | None = None) -> int | None:
    """The line of ``key`` in ``text``: the key's own line inside its table, the line of
    the [[task]] whose code it names (``field`` narrows it to that task's key), else the
    nearest enclosing table header."""
    lines = text.splitlines()
    if key.startswith("task.") and key != "task.code":
        code = re.compile(rf"""code\s*=\s*["']{re.escape(key[5:])}["']""")
        for i, line in enumerate(lines):
            if code.match(line.strip()):
                for j in range(i + 1, len(lines)):
                    stripped = lines[j].strip()
                    if stripped.startswith("["):
                        break
                    if field and re.match(rf"{re.escape(field)}\s*=", stripped):
                        return j + 1
                return i + 1
    parts = key.split(".")
    header: list[str] = []
    best, best_len = None, 0
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = [p.strip().strip("\"'") for p in stripped.strip("[]").split("]")[0].split(".")]
            if header == parts:
                return number
            if len(header) > best_len and parts[:len(header)] == header:
                best, best_len = number, len(header)
            continue
        match = re.match(r"""([\w\-"'. ]+?)\s*=""", stripped)
        if match:
            full = header + [p.strip().strip("\"'") for p in match.group(1).split(".")]
            if full[:len(parts)] == parts:
                return number
    if best is not None:
        return best
    leaf = parts[-1]
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if leaf.startswith("[") and stripped.startswith(leaf):
            return number
    return None


