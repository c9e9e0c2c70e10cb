"""Per-type rules on top of logic-v2: family names, substituted given names, generic company words."""

from __future__ import annotations

import pytest
from followthemoney import model

from armstrack.screening import EntityType, ListIndex, Query, Screener
from armstrack.screening.lists import ListInfo, SanctionList
from armstrack.screening.rules import agrees, distinctive

THRESHOLD = 0.7
PEOPLE = ["KO Un Bok", "HONG Man Su", "KIM Jong Un", "Sergei Ivanovich Petrov", "Sergei Olegovich Volkov",
          "Sergei Pavlovich Orlov", "Ivan Sergeevich Sokolov", "Timur Vladimirovich Smirnov"]
COMPANIES = ["Halelgor Trading Co., Ltd.", "Rovalis Trading Co., Ltd.", "Kantexmir Trading LLC",
             "Norvelis Shipping LLC", "Zantoria Shipping Ltd", "Pacific Dormaris Shipping Company Limited"]


@pytest.fixture(scope="module")
def screener() -> Screener:
    entities = []
    for i, name in enumerate(PEOPLE + COMPANIES):
        entity = model.make_entity("Person" if name in PEOPLE else "Company")
        entity.id = f"r{i}"
        entity.add("name", name)
        entities.append(entity)
    vessel = model.make_entity("Vessel")
    vessel.id = "lady-r"
    vessel.add("name", "LADY R")
    vessel.add("imoNumber", "IMO9161003")
    entities.append(vessel)
    info = ListInfo(id="r" * 24, name="rules", format="ftm", version=None, entries=len(entities), path="-")
    return Screener([ListIndex.build(SanctionList(info, entities))])


def names(screener: Screener, name: str, kind: EntityType = EntityType.ENTITY, imo: str | None = None) -> list[str]:
    return [m.name for m in screener.screen(Query(name, kind, imo=imo), THRESHOLD)]


@pytest.mark.parametrize(("query", "expected"), [
    ("Un Bok Ko", "KO Un Bok"),  # reordered, the family name agrees
    ("고운복", "KO Un Bok"),  # Hangul
    ("Ко Ун Бок", "KO Un Bok"),  # Cyrillic
    ("Ko Un-bok", "KO Un Bok"),
    ("김정은", "KIM Jong Un"),
    ("Ким Чен Ын", "KIM Jong Un"),
    ("Сергей Иванович Петров", "Sergei Ivanovich Petrov"),
    ("Petrov, Sergei", "Sergei Ivanovich Petrov"),  # a patronymic the query lacks is no contradiction
    ("Timur Vladimirovich Smirnof", "Timur Vladimirovich Smirnov"),  # one typo in the family name
    ("Halelgor Trading Company Limited", "Halelgor Trading Co., Ltd."),
    ("Halelgor Trading", "Halelgor Trading Co., Ltd."),
    ("Pacific Dormaris Shipping", "Pacific Dormaris Shipping Company Limited"),
])
def test_variants_still_match(screener: Screener, query: str, expected: str) -> None:
    assert expected in names(screener, query)


@pytest.mark.parametrize(("query", "kind"), [
    ("Sergei Ivanovich Kuznetsov", EntityType.PERSON),  # a shared given name and patronymic alone
    ("Sergei Olegovich Petrov", EntityType.PERSON),  # a different patronymic: another person
    ("KO Hun Bok", EntityType.PERSON),  # the same family name, a different given name
    ("HONG Un Bok", EntityType.PERSON),  # the same given name, a different family name
    ("KANG Man Su", EntityType.PERSON),
    ("Tallygor Trading Co., Ltd.", EntityType.COMPANY),  # a shared generic word ("Trading", "Co., Ltd.")
    ("Velmoris Shipping LLC", EntityType.COMPANY),
])
def test_different_people_and_companies_do_not_match(screener: Screener, query: str, kind: EntityType) -> None:
    assert names(screener, query, kind) == []


def test_without_the_rules_logic_v2_alone_hits_them(screener: Screener) -> None:
    plain = Screener(screener.indexes, rules=False)
    assert "KO Un Bok" in names(plain, "KO Hun Bok", EntityType.PERSON)
    assert "HONG Man Su" in names(plain, "KANG Man Su", EntityType.PERSON)  # rigour: one name symbol
    assert "Halelgor Trading Co., Ltd." in names(plain, "Tallygor Trading Co., Ltd.", EntityType.COMPANY)


def test_vetoes_are_explained(screener: Screener) -> None:
    matches = screener.screen(Query("HONG Un Bok", EntityType.PERSON), 0.0)
    vetoed = next(m for m in matches if m.name == "KO Un Bok")
    assert vetoed.score == 0.5
    assert "family_name_mismatch" in vetoed.explanation and "'ko'" in vetoed.explanation
    substituted = next(m for m in screener.screen(Query("KO Hun Bok", EntityType.PERSON), 0.0)
                       if m.name == "KO Un Bok")
    assert "given_name_mismatch" in substituted.explanation and "'un'" in substituted.explanation


def test_vessels_are_decided_by_imo(screener: Screener) -> None:
    assert names(screener, "Lady R", EntityType.VESSEL, imo="9161003") == ["LADY R"]
    assert names(screener, "Lady Maria", EntityType.VESSEL, imo="8500070") == []
    assert names(screener, "Sparta IV", EntityType.VESSEL, imo="9161003") == ["LADY R"]


def test_agreement_and_distinctive_parts() -> None:
    assert agrees("smirnov", {"smirnof"}) and agrees("songchol", {"songchol"})
    assert not agrees("jong", {"jang"})  # short parts must be equal
    assert not agrees("smirnov", {"sokolov"}) and not agrees("smirnov", {"smirnovich"})
    counts = {"trading": 40, "halelgor": 1, "pacific": 3, "dormaris": 2}
    assert distinctive(("halelgor", "trading"), lambda p: counts.get(p, 0)) == ("halelgor",)
    assert distinctive(("pacific", "dormaris", "trading"), lambda p: counts.get(p, 0)) == ("pacific", "dormaris")
