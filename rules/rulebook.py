"""The rulebook as data: the packaged defaults, merged with a site's override.

A malformed or inconsistent file is refused with :class:`RulebookError`, which
names the file, the key, the line (where one can be found) and the reason.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from .calendar import WorkCalendar
from .durations import parse_duration

DEPARTMENTS = ("desk", "eng", "sec", "svc", "env", "fcc")
ROLES = ("duty", "clerk", "lead", "supervisor", "manager")
VENUE_CLASSES = ("A", "B", "C")
SERVICES = (
    "banner", "water", "flowers", "recording", "nameplates", "signin", "microphones",
    "signage", "podium", "fruit", "towels", "projector", "teabreak", "purchase",
)
ANCHORS = ("start", "end", "eve")
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

    def applies(self, kind: str, venue_class: str, services: frozenset[str]) -> bool:
        return ((not self.kinds or kind in self.kinds)
                and (not self.classes or venue_class in self.classes)
                and (not self.services or bool(services.intersection(self.services))))


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
    notify_urgent: tuple[str, ...] = ("supervisor", "manager")
    escalated_follow_up_working_days: int = 1
    callback_within_working_days: int = 3
    unresolvable_review_months: tuple[int, ...] = (3, 6, 9, 12)
    unresolvable_review_days: tuple[int, int] = (1, 5)

    @property
    def tz(self) -> str:
        return self.calendar.tz


# ---------------------------------------------------------------------------
# loading

def default_text() -> str:
    return resources.files(__package__).joinpath(DEFAULT_FILE).read_text(encoding="utf-8")


def load_rulebook(*overrides: str | Path, texts: tuple[tuple[str, str], ...] = ()) -> Rulebook:
    """Defaults, then each override file (or ``(name, text)`` pair) merged on top, in order."""
    layers: list[tuple[str, str]] = [("defaults", default_text())]
    for path in overrides:
        p = Path(path)
        try:
            layers.append((str(p), p.read_text(encoding="utf-8")))
        except OSError as exc:
            raise RulebookError(str(p), "(file)", f"cannot read: {exc.strerror}") from None
    layers.extend(texts)
    merged: dict[str, Any] = {}
    origin: dict[str, tuple[str, str]] = {}
    for name, text in layers:
        data = _parse(name, text)
        _merge(merged, data, name, text, origin, "")
    return _build(merged, origin, tuple(n for n, _ in layers))


def check_text(name: str, text: str) -> Rulebook:
    """Validate an override's text (as ``rulebook check`` and ``rulebook set`` do)."""
    return load_rulebook(texts=((name, text),))


def _parse(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
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
                            _line_of(text, "task"))
    tasks: list[dict[str, Any]] = into.setdefault("task", [])
    for item in value:
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str):
            raise RulebookError(name, "task.code", "every [[task]] needs a string code",
                                _line_of(text, "[[task]]"))
        origin[f"task.{code}"] = (name, text)
        existing = next((t for t in tasks if t.get("code") == code), None)
        if existing is not None:
            if item.get("enabled") is False:
                tasks.remove(existing)
            else:
                existing.update(item)
        elif item.get("enabled", True) is not False:
            tasks.append(dict(item))


def _line_of(text: str, key: str, field: str | None = None) -> int | None:
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


# ---------------------------------------------------------------------------
# validation

class _Reader:
    """Typed access into the merged dict that blames the right file and line."""

    def __init__(self, data: dict[str, Any], origin: dict[str, tuple[str, str]]) -> None:
        self.data, self.origin = data, origin

    def fail(self, key: str, reason: str, field: str | None = None) -> RulebookError:
        name, text = self.origin.get(key, ("defaults", ""))
        if key not in self.origin:
            # the innermost table holding the key, else any key inside it
            parents = [k for k in self.origin if key.startswith(k + ".")]
            inside = [k for k in self.origin if k.startswith(key + ".")]
            if parents:
                name, text = self.origin[max(parents, key=len)]
            elif inside:
                name, text = self.origin[inside[0]]
        return RulebookError(name, key, reason, _line_of(text, key, field) if text else None)

    def get(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise self.fail(key, "missing")
            node = node[part]
        return node

    def typed(self, key: str, kind: type | tuple[type, ...], what: str) -> Any:
        value = self.get(key)
        if isinstance(value, bool) and kind is not bool and bool not in (
                kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(key, f"must be {what}, not {value!r}")
        if not isinstance(value, kind):
            raise self.fail(key, f"must be {what}, not {value!r}")
        return value

    def duration(self, key: str) -> timedelta:
        value = self.typed(key, str, "a duration string such as \"30m\"")
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def clock(self, key: str) -> time:
        value = self.typed(key, str, "a time \"HH:MM\"")
        try:
            return time.fromisoformat(value)
        except ValueError:
            raise self.fail(key, f"not a time of day: {value!r} (use HH:MM)") from None

    def dates(self, key: str) -> frozenset[date]:
        values = self.typed(key, list, "a list of dates")
        out = set()
        for v in values:
            try:
                out.add(v if isinstance(v, date) else date.fromisoformat(str(v)))
            except ValueError:
                raise self.fail(key, f"not a date: {v!r} (use YYYY-MM-DD)") from None
        return frozenset(out)

    def roles(self, key: str) -> tuple[str, ...]:
        values = self.typed(key, list, "a list of roles")
        for v in values:
            if v not in ROLES and v != "lead":
                raise self.fail(key, f"unknown role {v!r}; roles are {', '.join(ROLES)}")
        return tuple(values)


_KNOWN_TOP = {"site", "calendar", "class", "booking", "kind", "refill_schedule", "flags",
              "tickets", "closing", "oversight", "task"}
_TASK_KEYS = {"code", "dept", "title", "title_zh", "at", "offset", "window", "kinds",
              "classes", "services", "verify", "asap", "enabled"}


def _task_duration(r: _Reader, key: str, item: dict[str, Any], k: str, fallback: str) -> timedelta:
    value = item.get(k, fallback)
    if not isinstance(value, str):
        raise r.fail(key, f"{k} must be a duration string such as \"30m\", not {value!r}", k)
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise r.fail(key, f"{k}: {exc}", k) from None


def _build(data: dict[str, Any], origin: dict[str, tuple[str, str]],
           sources: tuple[str, ...]) -> Rulebook:
    r = _Reader(data, origin)
    for key in data:
        if key not in _KNOWN_TOP:
            raise r.fail(key, f"unknown section; known: {', '.join(sorted(_KNOWN_TOP))}")
    tz = r.typed("site.timezone", str, "a time-zone name")
    try:
        import zoneinfo
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise r.fail("site.timezone", f"unknown time zone {tz!r}") from None
    weekend = r.typed("calendar.weekend", list, "a list of ISO weekdays 1-7")
    if any(not isinstance(d, int) or isinstance(d, bool) or not 1 <= d <= 7 for d in weekend):
        raise r.fail("calendar.weekend", "weekdays are numbers 1 (Monday) to 7 (Sunday)")
    calendar = WorkCalendar(
        tz=tz, work_start=r.clock("calendar.work_start"), work_end=r.clock("calendar.work_end"),
        weekend=frozenset(weekend), holidays=r.dates("calendar.holidays"),
        extra_workdays=r.dates("calendar.extra_workdays"),
    )
    if calendar.work_end <= calendar.work_start:
        # blame whichever of the two the latest layer set
        layer = {n: i for i, n in enumerate(sources)}
        blame = max(("calendar.work_end", "calendar.work_start"),
                    key=lambda k: layer.get(origin.get(k, ("defaults", ""))[0], 0))
        raise r.fail(blame, f"the working day must end after it starts "
                            f"(work_start {calendar.work_start:%H:%M}, work_end {calendar.work_end:%H:%M})")

    classes = {}
    for name in VENUE_CLASSES:
        base = f"class.{name}"
        section = r.typed(base, dict, "a table")
        notice = r.duration(f"{base}.notice") if "notice" in section else timedelta(0)
        nwd = float(r.typed(f"{base}.notice_working_days", (int, float), "a number")) \
            if "notice_working_days" in section else 0.0
        if notice < timedelta(0) or nwd < 0:
            raise r.fail(f"{base}.notice", "notice cannot be negative")
        classes[name] = VenueClass(name, r.typed(f"{base}.max_seats", int, "a whole number"),
                                   notice, nwd, r.typed(f"{base}.approval", bool, "true or false"))
    for name in r.typed("class", dict, "a table"):
        if name not in VENUE_CLASSES:
            raise r.fail(f"class.{name}", "venue classes are A, B and C")

    schedules = {}
    for k in r.typed("refill_schedule", dict, "a table"):
        values = r.typed(f"refill_schedule.{k}", list, "a list of durations")
        try:
            schedules[k] = tuple(parse_duration(v) for v in values)
        except (ValueError, AttributeError) as exc:
            reason = str(exc) if all(isinstance(v, str) for v in values) else \
                "must be a list of duration strings such as [\"10m\", \"15m\"]"
            raise r.fail(f"refill_schedule.{k}", reason) from None
    kinds = {}
    for name, section in r.typed("kind", dict, "a table").items():
        seats = r.typed(f"kind.{name}.seats", list, "[min, max]")
        if len(seats) != 2 or not all(isinstance(s, int) for s in seats):
            raise r.fail(f"kind.{name}.seats", "must be [min, max] whole numbers")
        schedule: tuple[timedelta, ...] = ()
        if "refill_schedule" in section:
            label = r.typed(f"kind.{name}.refill_schedule", str, "a schedule name")
            if label not in schedules:
                raise r.fail(f"kind.{name}.refill_schedule",
                             f"no such schedule {label!r}; known: {', '.join(schedules)}")
            schedule = schedules[label]
        kinds[name] = VenueKind(name, (seats[0], seats[1]),
                                r.duration(f"kind.{name}.refill_every"), schedule)

    tasks = []
    seen: set[str] = set()
    for item in r.typed("task", list, "an array of [[task]] tables"):
        code = item["code"]
        key = f"task.{code}"
        for k in item:
            if k not in _TASK_KEYS:
                raise r.fail(key, f"unknown task key {k!r}; known: {', '.join(sorted(_TASK_KEYS))}",
                             k)
        if code in seen:
            raise r.fail(key, "duplicate task code")
        seen.add(code)
        dept = item.get("dept")
        if dept not in DEPARTMENTS:
            raise r.fail(key, f"dept {dept!r} is not one of {', '.join(DEPARTMENTS)}", "dept")
        at = item.get("at")
        if at not in ANCHORS:
            raise r.fail(key, f"at {at!r} must be one of {', '.join(ANCHORS)}", "at")
        for k in ("kinds", "classes", "services"):
            if not isinstance(item.get(k, []), list):
                raise r.fail(key, f"{k} must be a list", k)
        for k in item.get("kinds", []):
            if k not in kinds:
                raise r.fail(key, f"unknown venue kind {k!r}", "kinds")
        for k in item.get("classes", []):
            if k not in VENUE_CLASSES:
                raise r.fail(key, f"unknown venue class {k!r}", "classes")
        for k in item.get("services", []):
            if k not in SERVICES:
                raise r.fail(key, f"unknown service {k!r}; known: {', '.join(SERVICES)}", "services")
        offset = _task_duration(r, key, item, "offset", "0m")
        window = _task_duration(r, key, item, "window", data["flags"]["window"])
        asap = _task_duration(r, key, item, "asap", "0m") if "asap" in item else None
        if not isinstance(item.get("title"), str) or not item["title"].strip():
            raise r.fail(key, "title is required", "title")
        tasks.append(TaskTemplate(code, dept, item["title"], item.get("title_zh", item["title"]),
                                  at, offset, window, tuple(item.get("kinds", [])),
                                  tuple(item.get("classes", [])), tuple(item.get("services", [])),
                                  bool(item.get("verify", False)), asap))

    households = r.typed("site.households", int, "a whole number")
    if households <= 0:
        raise r.fail("site.households", "must be positive (it divides the complaint rate)")
    first = r.duration("tickets.first_follow_up")
    if first <= timedelta(0):
        raise r.fail("tickets.first_follow_up", "must be positive")
    ticket_procedures = _ticket_procedures(r)
    signoff_role = r.typed("oversight.signoff_role", str, "a role")
    if signoff_role not in ROLES:
        raise r.fail("oversight.signoff_role", f"unknown role {signoff_role!r}")
    return Rulebook(
        site_name=r.typed("site.name", str, "text"),
        site_name_zh=str(data["site"].get("name_zh", data["site"]["name"])),
        calendar=calendar, households=households, classes=classes, kinds=kinds,
        tasks=tuple(tasks), min_gap=r.duration("booking.min_gap"),
        department_notice=r.duration("booking.department_notice"),
        due_soon=r.duration("flags.due_soon"), verify_by=r.duration("flags.verify_by"),
        first_follow_up=first, ticket_due_soon=r.duration("tickets.due_soon"),
        emergency_escalate=r.duration("tickets.emergency_escalate"),
        notify_emergency=r.roles("tickets.notify_emergency"),
        major_approvers=r.roles("closing.major_approvers"),
        unresolvable_approvers=r.roles("closing.unresolvable_approvers"),
        repair_needs_signature=r.typed("closing.repair_needs_signature", bool, "true or false"),
        signoff_role=signoff_role,
        complaint_rate_target=float(r.typed("oversight.complaint_rate_target", (int, float),
                                            "a fraction such as 0.05")),
        sources=sources, **ticket_procedures,
    )


def _ticket_procedures(r: _Reader) -> dict[str, Any]:
    """The case-procedure settings (domain §5): who hears of an urgent case, the daily chase
    of an escalated one, the callback's time, the quarterly review window."""
    out: dict[str, Any] = {"notify_urgent": r.roles("tickets.notify_urgent")}
    for key, name in (("tickets.escalated_follow_up_working_days", "escalated_follow_up_working_days"),
                      ("tickets.callback_within_working_days", "callback_within_working_days")):
        value = r.typed(key, int, "a whole number of working days")
        if value < 0:
            raise r.fail(key, "cannot be negative")
        out[name] = value
    months = r.typed("closing.unresolvable_review_months", list, "a list of months 1-12")
    if not months or any(not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= 12
                         for m in months):
        raise r.fail("closing.unresolvable_review_months", "months are numbers 1 to 12")
    days = r.typed("closing.unresolvable_review_days", list, "[first, last] day of the month")
    if len(days) != 2 or any(not isinstance(d, int) or isinstance(d, bool) for d in days) \
            or not 1 <= days[0] <= days[1] <= 31:
        raise r.fail("closing.unresolvable_review_days",
                     "must be [first, last] with 1 <= first <= last <= 31 (cut at the month's end)")
    out["unresolvable_review_months"] = tuple(sorted(set(months)))
    out["unresolvable_review_days"] = (days[0], days[1])
    return out
