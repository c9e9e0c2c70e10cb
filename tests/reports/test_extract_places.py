"""Places, modes and suppliers through the corridor gazetteer and the project's own place list."""

from __future__ import annotations

from datetime import date

import pytest

from armstrack.model import Mode
from armstrack.reports.extract import extract_claims

PUBLISHED = date(2023, 10, 30)


def claim(text: str) -> dict[str, object]:
    claims = extract_claims(text, published=PUBLISHED, publisher="The Daily")
    assert len(claims) == 1, [c.as_dict() for c in claims]
    return claims[0].as_dict()


@pytest.mark.parametrize(("text", "places", "mode"), [
    ("Freight trains loaded with ammunition crossed from Tuman-gang to Hasan.", ["Tumangang", "Khasan"], Mode.RAIL),
    ("The Angara delivered 2,000 containers of munitions from Rason to the port of Dunay.", ["Rajin", "Dunai"],
     Mode.SEA),
    ("Shells left Najin and were unloaded at Vostochny port.", ["Rajin", "Vostochny"], Mode.SEA),
    ("North Korea sent 3,000 soldiers to the Kursk region by air.", ["Kursk"], Mode.AIR),
    ("The missiles were carried by rail from the port of Rason through Tumangang to Russia.", ["Rajin", "Tumangang"],
     Mode.RAIL),
])
def test_places_and_modes(text: str, places: list[str], mode: Mode) -> None:
    found = claim(text)
    assert found["places"] == places
    assert found["mode"] == mode.value
    assert (found["supplier"], found["recipient"]) == ("North Korea", "Russia")


def test_the_cosmodrome_is_not_the_port() -> None:
    found = claim("North Korea sent shells to Russia before Kim visited the Vostochny cosmodrome.")
    assert found["places"] == []


def test_places_inside_the_outlet_name_are_not_claim_places() -> None:
    text = "North Korea shipped shells to Russia by rail, residents told the Primorye Observer."
    claims = extract_claims(text, published=PUBLISHED, publisher="Primorye Observer")
    assert claims[0].places == []


@pytest.mark.parametrize(("text", "supplier", "recipient"), [
    ("Iran has shipped Shahed drones to Russia across the Caspian Sea.", "Iran", "Russia"),
    ("Russia has provided North Korea with air defence missiles, officials said.", "Russia", "North Korea"),
    ("The DPRK supplied artillery shells to the Russian army.", "North Korea", "Russia"),
    ("Weapons provided by Pyongyang were used by Moscow in Ukraine.", "North Korea", "Russia"),
    ("North Korea provided Russia with rockets for use by the Wagner Group.", "North Korea", "Wagner Group"),
    ("Half of the shells fired by Russian troops are of North Korean origin.", "North Korea", "Russia"),
    ("Russian railcars travelled to North Korea to load the weapons.", "North Korea", "Russia"),
    ("The missiles, identified by Ukrainian investigators as North Korean KN-23s, were fired by Russia.",
     "North Korea", "Russia"),
    ("The Maia-1 left Najin with containers and arrived at Vostochny two days later.", "North Korea", "Russia"),
    ("Russian-flagged ships collect containers at Rajin and sail north to Dunai.", "North Korea", "Russia"),
    ("Soldiers keep finding North Korean-made rounds left by Russian units.", "North Korea", "Russia"),
])
def test_suppliers_and_recipients(text: str, supplier: str, recipient: str) -> None:
    found = claim(text)
    assert (found["supplier"], found["recipient"]) == (supplier, recipient)


def test_a_two_way_trade_gives_two_flows() -> None:
    text = ("Officials warned that Kim and Putin are planning to trade North Korean ammunition for Russian "
            "military technology.")
    flows = {(c.supplier, c.recipient, tuple(c.materiel), c.status.value)
             for c in extract_claims(text, published=PUBLISHED, publisher="The Daily")}
    assert flows == {("North Korea", "Russia", ("ammunition",), "planned"),
                     ("Russia", "North Korea", ("military technology",), "planned")}
