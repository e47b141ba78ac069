"""Who verifies readiness, per venue (domain §2): at the conference building the departments
report to the fire-control centre, whose duty officer verifies (000 篇2 §5.2.2e, §5.3.1(4));
at the administration centre they report to the service desk, which verifies (篇1 §6.2(4),
§6.3(4), §6.4(4)). The rulebook's ``[verification]`` names the verifying department by venue
name, else by the venue's building, else its default."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERIFIERS = ("fcc", "desk")  # the two departments the procedures let verify readiness


@dataclass(frozen=True)
class Verification:
    default: str = "fcc"
    buildings: dict[str, str] = field(default_factory=dict)
    venues: dict[str, str] = field(default_factory=dict)

    def verifier(self, venue: str, building: str = "") -> str:
        """The department that verifies readiness items of meetings in this venue."""
        return self.venues.get(venue) or self.buildings.get(building) or self.default


def verification_settings(r: Any, data: dict[str, Any]) -> Verification:
    """``[verification]`` of the merged rulebook (``r``: the checker's reader)."""
    section = data.get("verification", {})
    if not isinstance(section, dict):
        raise r.fail("verification", "must be a table")
    known = {"default", "buildings", "venues"}
    for key in section:
        if key not in known:
            raise r.fail(f"verification.{key}", f"unknown key; known: {', '.join(sorted(known))}")
    default = section.get("default", "fcc")
    _check(r, "verification.default", default)
    maps: dict[str, dict[str, str]] = {}
    for name in ("buildings", "venues"):
        table = section.get(name, {})
        if not isinstance(table, dict):
            raise r.fail(f"verification.{name}", "must be a table of name = department")
        for key, value in table.items():
            _check(r, f"verification.{name}.{key}", value)
        maps[name] = dict(table)
    return Verification(default, maps["buildings"], maps["venues"])


def _check(r: Any, key: str, value: Any) -> None:
    if value not in VERIFIERS:
        raise r.fail(key, f"the verifying department is {' or '.join(VERIFIERS)}, not {value!r}")
