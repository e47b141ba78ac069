"""Who verifies readiness follows the building (domain §2): the rulebook's [verification]."""

from __future__ import annotations

import pytest
from dutyboard.rules import RulebookError, load_rulebook


def test_default_the_conference_building_reports_to_the_fire_control_centre() -> None:
    v = load_rulebook().verification
    assert v.default == "fcc"
    assert v.verifier("大礼堂 Main hall", "Conference building") == "fcc"
    assert v.verifier("New room", "") == "fcc"


def test_default_the_administration_centre_reports_to_the_service_desk() -> None:
    v = load_rulebook().verification
    assert v.verifier("第一会议室 Room 201", "Office block") == "desk"
    assert v.verifier("Room 9", "Administration centre") == "desk"


def test_a_venue_setting_wins_over_its_building_and_overrides_merge() -> None:
    text = ('[verification]\nvenues = { "Room 9" = "fcc" }\n'
            'buildings = { "Annex" = "desk" }\n')
    v = load_rulebook(texts=(("site.toml", text),)).verification
    assert v.verifier("Room 9", "Office block") == "fcc"
    assert v.verifier("Room 10", "Office block") == "desk"     # the default's building kept
    assert v.verifier("Hall", "Annex") == "desk"


@pytest.mark.parametrize(("text", "key"), [
    ('[verification]\ndefault = "eng"\n', "verification.default"),
    ('[verification]\nbuildings = { "Annex" = "sec" }\n', "verification.buildings.Annex"),
    ('[verification]\nvenues = "desk"\n', "verification.venues"),
    ('[verification]\nwho = "desk"\n', "verification.who"),
])
def test_only_the_fire_control_centre_or_the_desk_verifies(text: str, key: str) -> None:
    with pytest.raises(RulebookError) as err:
        load_rulebook(texts=(("site.toml", text),))
    assert err.value.key == key
