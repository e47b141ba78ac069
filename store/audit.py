"""The append-only audit log: every write records who, when, what, and from what."""

from __future__ import annotations

import datetime
import json
from typing import Any

import arrow

from .models import Audit
from .timeutil import to_db


def _plain(value: Any) -> Any:
    if isinstance(value, arrow.Arrow):
        return value.to("UTC").isoformat()
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


def snapshot(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a model row, JSON-ready (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = row._meta.fields[name]
        value = getattr(row, field.column_name if hasattr(field, "rel_model") else name)
        out[name] = _plain(value)
    return out


def record(now: arrow.Arrow, actor: str, action: str, entity: str, entity_id: int | None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           note: str = "") -> Audit:
    return Audit.create(
        at=to_db(now), actor=actor, action=action, entity=entity, entity_id=entity_id,
        before=json.dumps(before, ensure_ascii=False, sort_keys=True) if before else "",
        after=json.dumps(after, ensure_ascii=False, sort_keys=True) if after else "",
        note=note,
    )
