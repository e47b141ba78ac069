"""The quarterly report as the command line prints it: a JSON object, Markdown, CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from dutyboard.rules.reports import percent
from dutyboard.store.quarterly import QuarterlyReport
from dutyboard.store.reports import UNDISPATCHED, CaseRow
from dutyboard.store.timeutil import iso


def _case(c: CaseRow, tz: str) -> dict[str, Any]:
    return {"id": c.id, "kind": c.kind, "nature": c.nature, "dept": c.dept, "state": c.state,
            "location": c.location, "content": c.content, "opened_at": iso(c.opened_at, tz),
            "closed_at": iso(c.closed_at, tz), "stalled_at": iso(c.stalled_at, tz),
            "reason": c.stall_reason or c.close_reason, "approved_by": c.approved_by}


def quarterly_dict(r: QuarterlyReport) -> dict[str, Any]:
    cb = r.callbacks
    return {
        "report": "quarterly", "site": r.site, "tz": r.tz, "quarter": r.quarter,
        "start": r.start.isoformat(), "end": r.end.isoformat(), "due": r.due.isoformat(),
        "as_of": iso(r.as_of, r.tz), "households": r.households,
        "households_from": r.households_from, "target_percent": percent(r.target),
        "months": [{"month": m.month, "valid_complaints": m.valid_complaints,
                    "complaint_rate_percent": percent(m.rate), "below_target": m.below_target}
                   for m in r.months],
        "registered": r.registered, "closed": r.closed, "valid_complaints": r.valid_complaints,
        "over_target": list(r.over_target), "corrective_note_needed": bool(r.over_target),
        "stalled": [_case(c, r.tz) for c in r.stalled],
        "unresolvable": [_case(c, r.tz) for c in r.unresolvable],
        "callbacks": {"made": cb.made, "satisfied": cb.satisfied, "manner_asked": cb.manner_asked,
                      "manner_satisfied": cb.manner_satisfied, "owed": cb.owed,
                      "satisfaction_percent": None if cb.satisfaction is None
                      else percent(cb.satisfaction)},
        "signatures": [{"role": s.role, "by": s.by, "at": iso(s.at, r.tz), "comment": s.comment,
                        "corrective": s.corrective} for s in r.signatures],
    }


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|") or "-"


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |",
            *("| " + " | ".join(_cell(v) for v in row) + " |" for row in rows)]


def quarterly_markdown(r: QuarterlyReport) -> str:
    d = quarterly_dict(r)
    cb = d["callbacks"]
    lines = [
        f"# Quarterly report {r.quarter}", "",
        f"{r.site}. {r.start.isoformat()} to {r.end.isoformat()}, local time ({r.tz}); "
        f"as of {d['as_of']}; due by {d['due']}.", "",
        "## Complaint rate by month", "",
        *_table(("month", "valid complaints", "rate %", f"below {d['target_percent']} %"),
                [(m["month"], m["valid_complaints"], m["complaint_rate_percent"],
                  "yes" if m["below_target"] else "NO") for m in d["months"]]),
        "",
        *_table(("figure", "value"), [
            ("households", f"{r.households} ({r.households_from})"),
            ("cases registered", r.registered), ("closed", r.closed),
            ("valid complaints", r.valid_complaints),
            ("callbacks made", cb["made"]), ("satisfied with the result", cb["satisfied"]),
            ("satisfied with the manner", f"{cb['manner_satisfied']} of {cb['manner_asked']}"),
            ("satisfaction %", cb["satisfaction_percent"] or "-"),
            ("repairs still owed a callback", cb["owed"])]),
        "",
    ]
    if r.over_target:
        lines += [f"Over the target in {', '.join(r.over_target)}: a written analysis with "
                  "corrective steps is needed before the quarter is signed.", ""]
    for title, rows in (("Stalled (open, unresolvable for now)", d["stalled"]),
                        ("Closed as unresolvable in the quarter", d["unresolvable"])):
        lines += [f"## {title}", ""]
        lines += _table(("id", "kind", "dept", "opened", "location", "reason"),
                        [(c["id"], c["kind"], c["dept"] or UNDISPATCHED, c["opened_at"],
                          c["location"], c["reason"]) for c in rows]) if rows else ["None."]
        lines.append("")
    lines += ["## Signatures", ""]
    lines += _table(("role", "by", "at", "comment", "corrective steps"),
                    [(s["role"], s["by"], s["at"], s["comment"], s["corrective"])
                     for s in d["signatures"]]) if d["signatures"] else ["Not signed yet."]
    return "\n".join(lines) + "\n"


def quarterly_csv(r: QuarterlyReport) -> str:
    """``metric,key,value`` rows: each month's figures, the totals, the callbacks."""
    d = quarterly_dict(r)
    rows: list[tuple[Any, ...]] = [("metric", "key", "value"), ("quarter", "", r.quarter),
                                   ("due", "", d["due"]), ("households", "", r.households)]
    for m in d["months"]:
        rows += [("valid_complaints", m["month"], m["valid_complaints"]),
                 ("complaint_rate_percent", m["month"], m["complaint_rate_percent"]),
                 ("below_target", m["month"], "yes" if m["below_target"] else "no")]
    rows += [("registered", "", r.registered), ("closed", "", r.closed),
             ("valid_complaints", "quarter", r.valid_complaints),
             ("stalled", "", len(r.stalled)), ("unresolvable", "", len(r.unresolvable))]
    rows += [(f"callbacks_{k}", "", "" if v is None else v) for k, v in d["callbacks"].items()]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
