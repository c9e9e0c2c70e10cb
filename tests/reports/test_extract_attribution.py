"""Attribution chains run from the author inward, whatever the reporting frame."""

from __future__ import annotations

from datetime import date

import pytest

from armstrack.model import Claim
from armstrack.reports.extract import extract_claims
from armstrack.reports.extract.attribution import same_source
from armstrack.reports.extract.byline import author_of
from armstrack.reports.extract.lexicon import default_lexicon

PUBLISHED = date(2023, 11, 2)


def only_claim(text: str, publisher: str = "The Daily", **kwargs: object) -> Claim:
    claims = extract_claims(text, published=PUBLISHED, publisher=publisher, **kwargs)  # type: ignore[arg-type]
    assert len(claims) == 1, [c.as_dict() for c in claims]
    return claims[0]


@pytest.mark.parametrize(("text", "chain"), [
    ("The Dong-a Ilbo newspaper, citing South Korean defense sources, reported that North Korea had shipped "
     "rockets to Russia.", ["The Daily", "Dong-a Ilbo", "South Korean defense sources"]),
    ("But one source quoted by Dong-a Ilbo said that North Korean arms had been supplied to Russia.",
     ["The Daily", "Dong-a Ilbo", "unnamed source"]),
    ('"North Korea has sent shells to Russia," a South Korean official told Yonhap News on Thursday.',
     ["The Daily", "Yonhap News", "South Korean official"]),
    ("North Korea delivered 20 missiles to Russia in 2023, according to the U.S. Treasury Department.",
     ["The Daily", "U.S. Treasury Department"]),
    ("Kim Yo Jong, the sister of the leader, denied arms exports to Russia, state media KCNA reported on Friday.",
     ["The Daily", "KCNA", "Kim Yo Jong"]),
    ("North Korea has shipped artillery shells to Russia, the National Intelligence Service (NIS) said Wednesday.",
     ["The Daily", "National Intelligence Service"]),
    ("North Korea shipped shells to Russia by rail.", ["The Daily"]),
])
def test_chains(text: str, chain: list[str]) -> None:
    assert only_claim(text).attribution == chain


def test_wire_byline_is_the_author_and_a_republisher_is_not() -> None:
    text = "By Jane Doe | AP\n\nSEOUL (AP) — North Korea has sent shells to Russia, officials said."
    claim = only_claim(text, publisher="Channel 9 Eastside")
    assert claim.attribution == ["AP", "unnamed officials"]
    assert claim.quote.startswith("North Korea has sent")


def test_author_from_publisher_notes() -> None:
    lexicon = default_lexicon()
    assert author_of("text", "LBC Group (Reuters wire)", None, lexicon) == "Reuters"
    assert author_of("text", "RUSI (Royal United Services Institute), republished by WiredGov", None, lexicon) == "RUSI"
    assert author_of("text", "Some Outlet", "Jane Doe", lexicon) == "Jane Doe"
    assert author_of("text\nReuters\n", "LBC Group", None, lexicon) == "Reuters"
    assert author_of("text", None, None, lexicon) is None


def test_pronoun_speakers_resolve_to_the_previous_source() -> None:
    text = ("North Korea has sent shells to Russia, South Korean military officials said. "
            "Pyongyang could eventually deploy as many as 10,000 troops, they added.")
    claims = extract_claims(text, published=PUBLISHED, publisher="The Daily")
    assert [c.origin for c in claims] == ["South Korean military officials"] * 2


def test_a_vague_lede_takes_the_sourcing_of_its_elaboration() -> None:
    text = ("South Korea has tracked trainloads of North Korean arms crossing into Russia, local media reported. "
            "The Hankook Daily, citing defense sources, reported that satellite imagery had identified shipments of "
            "North Korean rockets to Russia.")
    claims = extract_claims(text, published=PUBLISHED, publisher="The Daily")
    assert len(claims) == 1
    assert claims[0].attribution == ["The Daily", "Hankook Daily", "unnamed defense sources"]
    assert claims[0].quote.startswith("South Korea has tracked")
    assert claims[0].materiel == ["rockets"] and claims[0].mode.value == "rail"


def test_same_source() -> None:
    assert same_source("OSC", "Open Source Centre")
    assert same_source("state media KCNA", "KCNA")
    assert not same_source("Reuters", "KCNA")


@pytest.mark.parametrize(("text", "wire"), [
    ("Story.\nCopyright 2023 The Associated Press. All rights reserved.", "AP"),
    ("Story.\n(Reporting by Jane Doe in Seoul; Editing by John Roe)", "Reuters"),
    ("By KIM MIN-JI and LEE SOO-AH, Associated Press\n\nSEOUL (AP) — Story.", "AP"),
    ("TOKYO (Kyodo) -- Story.", "Kyodo"),
    ("A story that mentions AP and Reuters in passing.", None),
])
def test_wire_bylines(text: str, wire: str | None) -> None:
    assert author_of(text, "Local Site", None, default_lexicon()) == (wire or "Local Site")
