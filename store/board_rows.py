"""The board's meetings and department lists read as the driver hands them: plain tuples, no
model nor named row per row and no Peewee per-field conversion (issue 13: today's 1,500
meetings and their counts were the largest part of the large site's full read). Each
distinct timestamp of one read becomes one Arrow (the day's meetings share a few hundred
start and end times, as facts.task_facts found for the tasks; Arrow is immutable, so the
rows may share one). The rows are the ones the named-row read made;
tests/store/test_store_board_rows.py checks it on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import peewee as pw

from .facts import MASK
from .snapshot import MeetingRow, TaskRow
from .timeutil import Instants


def rows_of(query: pw.BaseQuery) -> Any:
    """The query's rows as the driver's tuples, in its selection's order."""
    return query.model._meta.database.execute(query)  # type: ignore[attr-defined]


def meeting_rows(query: pw.BaseQuery, cleared: bool, instants: Instants) -> dict[int, MeetingRow]:
    """``query`` selects id, venue name, venue class, venue kind, title, confidential, start,
    end, status (in this order); the title masked for a viewer not ``cleared``."""
    out: dict[int, MeetingRow] = {}
    at = instants   # NOT NULL columns: never None
    for ident, venue, venue_class, kind, title, confidential, start_at, end_at, status \
            in rows_of(query):
        out[ident] = MeetingRow(ident, venue, venue_class, kind,
                                MASK if confidential and not cleared else title,
                                at[start_at], at[end_at], status)
    return out


def add_counts(out: dict[int, MeetingRow], rows: Iterable[Sequence[Any]],
               instants: Instants) -> None:
    """``rows``: meeting id, total, done, verified, pre_pending, next_due, prep_from,
    prep_due (in this order: meeting_counts.py's); sets them on ``out``'s rows."""
    for meeting_id, total, done, verified, pre_pending, next_due, prep_from, prep_due in rows:
        row = out.get(meeting_id)
        if row is not None:
            row.total, row.done, row.verified = total or 0, done or 0, verified or 0
            row.pre_pending = pre_pending or 0
            row.next_due = instants[next_due or None]
            row.prep_from = instants[prep_from or None]
            row.prep_due = instants[prep_due or None]


def task_rows(query: pw.BaseQuery, cleared: bool, instants: Instants,
              verifier: Callable[[str, str], str]) -> list[TaskRow]:
    """``query`` selects board.py's ``_dept_tasks`` columns (id, meeting id, venue, dept,
    code, title, title_zh, due, earliest, state, verify, version, meeting start, meeting
    title, confidential, building, in this order)."""
    at = instants   # NOT NULL columns: never None
    out = []
    for (ident, meeting_id, venue, dept, code, title, title_zh, due_at, earliest_at, state,
         verify, version, meeting_start, meeting_title, confidential, building) in rows_of(query):
        out.append(TaskRow(ident, meeting_id, venue, dept, code, title, title_zh, at[due_at],
                           at[earliest_at], state, bool(verify), version, at[meeting_start],
                           MASK if confidential and not cleared else meeting_title,
                           verifier(venue, building or "")))
    return out
