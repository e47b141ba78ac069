"""The command line's side of issue 9: bookings and readiness as the procedures say."""

from __future__ import annotations

import pytest
from clikit import seeded_cli


@pytest.fixture
def cli(tmp_path, capsys):  # noqa: ANN001, ANN201
    return seeded_cli(tmp_path, capsys)


# -- the working calendar ---------------------------------------------------------------

@pytest.mark.parametrize(("now", "says"), [
    ("2026-11-23T10:00", ["official calendar for 2026", "no official calendar for 2027"]),
    ("2025-06-02T10:00", ["official calendar for 2025", "official calendar for 2026"]),
])
def test_rulebook_check_says_which_years_have_no_official_calendar(cli, tmp_path, now, says):
    site = tmp_path / "site.toml"
    site.write_text('[calendar]\nholidays = ["2027-02-08"]\n', encoding="utf-8")
    r = cli("rulebook", "check", str(site), now=now, json=True)
    out = r.json()
    assert out["ok"] is True
    for part in says:
        assert part in out["calendar"]
    assert ("no official" in out["calendar"]) is now.startswith("2026")
    text = cli("rulebook", "check", str(site), now=now)
    assert text.rc == 0 and f"calendar: {says[0]}" in text.out


def test_rulebook_check_with_the_official_calendar_off(cli, tmp_path):
    site = tmp_path / "site.toml"
    site.write_text("[calendar]\nofficial = false\n", encoding="utf-8")
    out = cli("rulebook", "check", str(site), json=True).json()
    assert "official calendar switched off" in out["calendar"]
