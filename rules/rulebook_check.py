"""Validating a merged rulebook and building the :class:`Rulebook` from it.

Every value is checked before anything uses it, so a stored rulebook can never make a later
command loop, overflow or crash: durations are bounded, a refill step has a minimum, at least
one weekday is a working day, and a meeting has a maximum length.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from .calendar import WorkCalendar
from .durations import parse_duration
from .rulebook import (
    ANCHORS,
    DEPARTMENTS,
    PURCHASES,
    ROLES,
    SERVICES,
    SIZES,
    VENUE_CLASSES,
    Rulebook,
    RulebookError,
    TaskTemplate,
    VenueClass,
    VenueKind,
    line_of,
)
from .ticket_settings import ticket_procedures
from .verification import verification_settings

MAX_DURATION = timedelta(days=366)        # no rulebook duration is longer than a year
MIN_REFILL_STEP = timedelta(minutes=5)    # tea refills: a smaller step floods the task list
DEFAULT_MAX_MEETING = timedelta(hours=24)
MAX_MEETING_LIMIT = timedelta(days=31)    # booking.max_duration itself is bounded


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
        return RulebookError(name, key, reason, line_of(text, key, field) if text else None)

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
            return bounded(parse_duration(value))
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
              "tickets", "closing", "oversight", "task", "lost", "verification"}
_TASK_KEYS = {"code", "dept", "title", "title_zh", "at", "offset", "window", "kinds",
              "classes", "services", "verify", "asap", "enabled", "sizes", "purchases", "after"}


def bounded(delta: timedelta) -> timedelta:
    """``delta`` if it is within a year either way; else ValueError (an absurd duration)."""
    if abs(delta) > MAX_DURATION:
        raise ValueError(f"{delta.days} days is out of range (at most {MAX_DURATION.days} days)")
    return delta


def _task_duration(r: _Reader, key: str, item: dict[str, Any], k: str, fallback: str) -> timedelta:
    value = item.get(k, fallback)
    if not isinstance(value, str):
        raise r.fail(key, f"{k} must be a duration string such as \"30m\", not {value!r}", k)
    try:
        return bounded(parse_duration(value))
    except ValueError as exc:
        raise r.fail(key, f"{k}: {exc}", k) from None


def build(data: dict[str, Any], origin: dict[str, tuple[str, str]],
          sources: tuple[str, ...]) -> Rulebook:
    """The Rulebook for the merged ``data``; RulebookError naming file, key and reason."""
    try:
        return _build(data, origin, sources)
    except RulebookError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError, OverflowError) as exc:
        # a shape the checks above did not foresee: still one clear refusal, not a crash
        source = sources[-1] if sources else "defaults"
        raise RulebookError(source, "(structure)", f"unusable value ({type(exc).__name__}: {exc})") from None


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
    if len(set(weekend)) == 7:
        raise r.fail("calendar.weekend", "every day is a weekend: leave at least one working day")
    calendar = WorkCalendar(
        tz=tz, work_start=r.clock("calendar.work_start"), work_end=r.clock("calendar.work_end"),
        weekend=frozenset(weekend), holidays=r.dates("calendar.holidays"),
        extra_workdays=r.dates("calendar.extra_workdays"),
        official=r.typed("calendar.official", bool, "true or false")
        if "official" in data["calendar"] else True,
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
        if not nwd <= MAX_DURATION.days:  # also refuses nan and inf
            raise r.fail(f"{base}.notice_working_days", f"must be 0 to {MAX_DURATION.days}")
        classes[name] = VenueClass(name, r.typed(f"{base}.max_seats", int, "a whole number"),
                                   notice, nwd, r.typed(f"{base}.approval", bool, "true or false"))
    for name in r.typed("class", dict, "a table"):
        if name not in VENUE_CLASSES:
            raise r.fail(f"class.{name}", "venue classes are A, B and C")

    schedules = {}
    for k in r.typed("refill_schedule", dict, "a table"):
        values = r.typed(f"refill_schedule.{k}", list, "a list of durations")
        try:
            schedules[k] = tuple(bounded(parse_duration(v)) for v in values)
        except (ValueError, AttributeError) as exc:
            reason = str(exc) if all(isinstance(v, str) for v in values) else \
                "must be a list of duration strings such as [\"10m\", \"15m\"]"
            raise r.fail(f"refill_schedule.{k}", reason) from None
        if any(step < MIN_REFILL_STEP for step in schedules[k]):
            raise r.fail(f"refill_schedule.{k}", f"every step must be at least "
                                                  f"{_minutes(MIN_REFILL_STEP)}")
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
        refill = r.duration(f"kind.{name}.refill_every")
        if refill != timedelta(0) and refill < MIN_REFILL_STEP:
            raise r.fail(f"kind.{name}.refill_every", f"must be 0 (no refills) or at least "
                                                       f"{_minutes(MIN_REFILL_STEP)}")
        margins = [r.duration(f"kind.{name}.{k}") if k in section else timedelta(0)
                   for k in ("prep", "cleardown")]
        if any(m < timedelta(0) for m in margins):
            raise r.fail(f"kind.{name}", "prep and cleardown cannot be negative")
        min_size = r.typed(f"kind.{name}.min_size", str, "a size") if "min_size" in section else "small"
        if min_size not in SIZES:
            raise r.fail(f"kind.{name}.min_size", f"sizes are {', '.join(SIZES)}")
        approval = r.typed(f"kind.{name}.approval", bool, "true or false") \
            if "approval" in section else False
        kinds[name] = VenueKind(name, (seats[0], seats[1]), refill, schedule, prep=margins[0],
                                cleardown=margins[1], min_size=min_size, approval=approval)

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
        for k in ("kinds", "classes", "services", "sizes", "purchases"):
            if not isinstance(item.get(k, []), list):
                raise r.fail(key, f"{k} must be a list", k)
        for k in item.get("kinds", []):
            if k not in kinds:
                raise r.fail(key, f"unknown venue kind {k!r}", "kinds")
        for k in item.get("classes", []):
            if k not in VENUE_CLASSES:
                raise r.fail(key, f"unknown venue class {k!r}", "classes")
        for k in item.get("sizes", []):
            if k not in SIZES:
                raise r.fail(key, f"unknown size {k!r}; sizes are {', '.join(SIZES)}", "sizes")
        for k in item.get("services", []):
            if k not in SERVICES:
                raise r.fail(key, f"unknown service {k!r}; known: {', '.join(SERVICES)}", "services")
        for k in item.get("purchases", []):
            if k not in PURCHASES:
                raise r.fail(key, f"unknown purchase {k!r}; known: {', '.join(PURCHASES)}",
                             "purchases")
        after = item.get("after")
        if after is not None and not isinstance(after, str):
            raise r.fail(key, f"after must be a task code, not {after!r}", "after")
        offset = _task_duration(r, key, item, "offset", "0m")
        window = _task_duration(r, key, item, "window", data["flags"]["window"])
        asap = _task_duration(r, key, item, "asap", "0m") if "asap" in item else None
        if not isinstance(item.get("title"), str) or not item["title"].strip():
            raise r.fail(key, "title is required", "title")
        tasks.append(TaskTemplate(code, dept, item["title"], item.get("title_zh", item["title"]),
                                  at, offset, window, tuple(item.get("kinds", [])),
                                  tuple(item.get("classes", [])), tuple(item.get("services", [])),
                                  bool(item.get("verify", False)), asap, tuple(item.get("sizes", [])),
                                  tuple(item.get("purchases", [])), after))
    codes = {t.code: t for t in tasks}
    for t in tasks:
        if t.after is not None:
            prior = codes.get(t.after)
            if prior is None:
                raise r.fail(f"task.{t.code}", f"after names no task: {t.after!r}", "after")
            if prior.purchases != t.purchases:
                raise r.fail(f"task.{t.code}", f"after {t.after!r}: both items must name the same "
                                               "purchases", "after")

    households = r.typed("site.households", int, "a whole number")
    if households <= 0:
        raise r.fail("site.households", "must be positive (it divides the complaint rate)")
    first = r.duration("tickets.first_follow_up")
    if first <= timedelta(0):
        raise r.fail("tickets.first_follow_up", "must be positive")
    max_meeting = DEFAULT_MAX_MEETING
    if "max_duration" in r.typed("booking", dict, "a table"):
        max_meeting = r.duration("booking.max_duration")
        if not timedelta(0) < max_meeting <= MAX_MEETING_LIMIT:
            raise r.fail("booking.max_duration", f"must be more than 0 and at most "
                                                 f"{MAX_MEETING_LIMIT.days} days")
    target = r.typed("oversight.complaint_rate_target", (int, float), "a fraction such as 0.05")
    if not 0 <= target <= 1:  # also refuses nan
        raise r.fail("oversight.complaint_rate_target", "must be a fraction from 0 to 1")
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
        complaint_rate_target=float(target), sources=sources, max_meeting=max_meeting,
        asap=r.duration("booking.asap") if "asap" in data["booking"] else timedelta(minutes=30),
        size_from=_size_from(r, data["booking"]),
        lost_flag_after=_positive(r, "lost.flag_after") if "lost" in data else timedelta(days=7),
        verification=verification_settings(r, data),
        **ticket_procedures(r),
    )


def _positive(r: _Reader, key: str) -> timedelta:
    value = r.duration(key)
    if value <= timedelta(0):
        raise r.fail(key, "must be positive")
    return value


def _size_from(r: _Reader, booking: dict[str, Any]) -> tuple[int, int]:
    """[booking] medium_from, large_from: the attendee counts from which a meeting is medium or
    large by default (the desk sets --size for the organizer's or the leader's rank)."""
    medium = r.typed("booking.medium_from", int, "a whole number") if "medium_from" in booking else 41
    large = r.typed("booking.large_from", int, "a whole number") if "large_from" in booking else 151
    if not 1 < medium < large:
        raise r.fail("booking.large_from", f"need 1 < medium_from < large_from (got {medium}, {large})")
    return medium, large


def _minutes(delta: timedelta) -> str:
    return f"{int(delta.total_seconds() // 60)}m"
