"""Matching across scripts, name orders, company forms and aliases; IMO numbers decisive both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney import model

from armstrack.model import ArmstrackError
from armstrack.screening import EntityType, ListIndex, Query, Screener, load_list, normalize_imo, score_pair
from armstrack.screening.lists import ListInfo, SanctionList
from armstrack.screening.matching import ALGORITHM
from armstrack.screening.query import hangul_splits

THRESHOLD = 0.7


@pytest.fixture(scope="module")
def screener(all_lists: list[tuple[Path, str]]) -> Screener:
    return Screener([ListIndex.build(load_list(path, fmt, name=fmt)) for path, fmt in all_lists])


Found = dict[tuple[str, str], float]


def hits(screener: Screener, name: str, kind: str | None = None, imo: str | None = None) -> Found:
    return {(m.list_name, m.entry_id): m.score
            for m in screener.screen(Query(name, EntityType.parse(kind), imo=imo), THRESHOLD)}


@pytest.mark.parametrize(("name", "kind", "expected"), [
    # Latin, Cyrillic and Hangul spellings of the same names
    ("Ким Чен Ын", None, ("ofac-csv", "202")),
    ("김정은", "person", ("ofac-csv", "202")),  # a Latin-only entry
    ("최선희", None, ("un-xml", "6908601")),
    ("Шойгу Сергей Кужугетович", None, ("eu-xml", "402")),
    ("Sergei Shoigu", "person", ("eu-xml", "402")),
    ("Рособоронэкспорт", "company", ("eu-xml", "401")),
    ("Vostok Logistika LLC", "company", ("ftm", "os-vostok")),  # a Cyrillic-only entry
    ("ООО Восток Логистика", None, ("ofac-csv", "204")),  # a transliterated company form
    # name order
    ("Jong Un Kim", None, ("ofac-csv", "202")),
    ("Ri Song Chol", "person", ("ofac-xml", "103")),
    ("Son Hui Choe", None, ("un-xml", "6908601")),
    # company forms
    ("United Aircraft Corp", None, ("ofac-xml", "101")),
    ("Far East Maritime Trading Company Limited", "company", ("ofac-xml", "104")),
    ("Korea Mining Development Trading Co.", None, ("ofac-csv", "201")),
    ("Dalnevostochnaya Transportnaya Kompaniya", "company", ("ftm", "os-dalnevostok")),
    # aliases
    ("KOMID", None, ("ofac-csv", "201")),
    ("PAO OAK", None, ("ofac-xml", "101")),
    ("Korea Yonbong General Corporation", None, ("un-xml", "6908602")),
    # vessels by name
    ("Angara", "vessel", ("ofac-csv", "203")),
    ("Maia 1", None, ("un-xml", "6908603")),
])
def test_variants_match(screener: Screener, name: str, kind: str | None, expected: tuple[str, str]) -> None:
    found = hits(screener, name, kind)
    assert expected in found, found


@pytest.mark.parametrize(("name", "kind"), [
    ("Pak Jong Chol", "person"),
    ("Ivan Petrov", None),
    ("Tumangang", None),
    ("Korea Kwangson Banking Corporation", "company"),
    ("Maia-2", "vessel"),  # a different number in a ship's name
])
def test_unrelated_names_do_not_match(screener: Screener, name: str, kind: str | None) -> None:
    assert hits(screener, name, kind) == {}


def test_same_imo_matches_under_another_name(screener: Screener) -> None:
    found = hits(screener, "Sparta IV", "vessel", imo="IMO 9161003")
    assert list(found) == [("ofac-xml", "102")]
    assert found[("ofac-xml", "102")] >= 0.95


def test_different_imo_never_matches_even_with_the_same_name(screener: Screener) -> None:
    assert hits(screener, "Lady R", "vessel", imo="9161003") == {("ofac-xml", "102"): 1.0}
    assert hits(screener, "Lady R", "vessel", imo="8500070") == {}
    assert hits(screener, "Lady Maria", "vessel", imo="8500070") == {}
    assert hits(screener, "Lady Maria", "vessel") == {}


def test_imo_mismatch_is_explained() -> None:
    query, entry = model.make_entity("Vessel"), model.make_entity("Vessel")
    query.id, entry.id = "q-imo", "e-imo"
    query.add("name", "LADY R")
    query.add("imoNumber", "IMO8500070")
    entry.add("name", "LADY R")
    entry.add("imoNumber", "IMO9161003")
    score, features = score_pair(query, entry, ALGORITHM.default_config())
    assert score == 0.0
    assert "IMO 8500070 is not the entry's IMO 9161003" in features[0].detail


def test_explanations_say_which_names_matched_how(screener: Screener) -> None:
    match = screener.screen(Query("Ким Чен Ын"), THRESHOLD)[0]
    assert match.explanation.startswith("name_match=")
    assert "'Ким Чен Ын'" in match.explanation
    vessel = screener.screen(Query("Sparta IV", EntityType.VESSEL, imo="9161003"), THRESHOLD)[0]
    assert "Matched IMO: IMO9161003" in vessel.explanation
    assert vessel.hit().id == vessel.hit().id and vessel.hit().list_name == "ofac-xml"


def test_hits_are_sorted_best_first(screener: Screener) -> None:
    scores = [m.score for m in screener.screen(Query("Kim Jong Un"), 0.3)]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 2


def test_invalid_imo_and_empty_name_are_errors() -> None:
    with pytest.raises(ArmstrackError, match="IMO number '9161004' is not valid"):
        Query("Lady R", EntityType.VESSEL, imo="9161004")
    with pytest.raises(ArmstrackError, match="name is empty"):
        Query("  ")
    with pytest.raises(ArmstrackError, match="entity type 'ship' is not known"):
        EntityType.parse("ship")
    assert normalize_imo("IMO 9161003") == "9161003"


def test_hangul_names_split_into_family_and_given() -> None:
    spellings = hangul_splits(["김정은", "Kim Jong Un", "조선광업개발무역회사"])
    assert spellings == ["김 정은", "Kim Chongun", "Kim Chong Un", "Kim Jong Un"]  # McCune-Reischauer, then DPRK
    assert hangul_splits(["리성철"])[1:] == ["Ri Songchol", "Ri Song Chol"]  # a North Korean initial r
    assert hangul_splits(["태영호"])[-1] == "Thae Yong Ho"  # aspirated t written th


def test_blocking_compares_a_few_candidates_not_the_list() -> None:
    entities = []
    for i in range(600):
        entity = model.make_entity("Company")
        entity.id = f"c{i}"
        entity.add("name", f"Trading Company Number{i:04d} {['Alpha', 'Beta', 'Gamma'][i % 3]} Holdings")
        entities.append(entity)
    target = model.make_entity("Company")
    target.id = "target"
    target.add("name", "Vostochny Port Logistics")
    entities.append(target)
    info = ListInfo(id="b" * 24, name="generated", format="ftm", version=None, entries=len(entities), path="-")
    index = ListIndex.build(SanctionList(info, entities))
    query = Query("Vostochny Port Logistics LLC", EntityType.COMPANY).entity("Company")
    from armstrack.screening.index import blocking_keys

    candidates = index.candidates(blocking_keys(query), limit=20)
    assert len(candidates) <= 20
    assert index.entry_ids[candidates[0]] == "target"
