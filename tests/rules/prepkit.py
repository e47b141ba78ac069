"""Helpers shared by the preparation tests: a booking at local times, due times by code."""

from __future__ import annotations

from dutyboard.rules import Booking, TaskSpec, parse_instant

TZ = "Asia/Shanghai"


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, TZ)


def local(instant) -> str:  # noqa: ANN001
    return instant.to(TZ).format("YYYY-MM-DD HH:mm")


def booking(start: str, end: str, booked: str, cls: str = "C", kind: str = "main-hall",
            services: tuple[str, ...] = ("water", "microphones")) -> Booking:
    return Booking("Main Hall", cls, kind, 1200, at(start), at(end), 300, at(booked),
                   frozenset(services), "ADM-1" if cls == "C" else None)


def by_code(specs: list[TaskSpec]) -> dict[str, TaskSpec]:
    return {s.code: s for s in specs}


def dues(specs: list[TaskSpec]) -> dict[str, str]:
    return {s.code: local(s.due) for s in specs}


def sized(attendees: int, size: str = "", services: tuple[str, ...] = ()) -> Booking:
    """A class-A meeting room tomorrow 14:00-15:00 for ``attendees``, of ``size`` ('' = default)."""
    return Booking("Room 101", "A", "meeting-room", 40, at("2026-11-24 14:00"), at("2026-11-24 15:00"),
                   attendees, at("2026-11-20 10:00"), frozenset(services), None, size)
