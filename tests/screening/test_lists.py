"""Each list loader on its format's structure, and malformed files failing with one clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armstrack.model import ArmstrackError
from armstrack.screening.lists import FORMATS, load_list
from armstrack.screening.query import entity_imos
from tests.screening.conftest import LIST_FILES


def test_every_format_is_registered() -> None:
    assert set(FORMATS) == set(LIST_FILES)


def test_ofac_xml(lists_dir: Path) -> None:
    loaded = load_list(lists_dir / "sdn.xml", "ofac-xml", name="ofac-sdn")
    assert loaded.info.name == "ofac-sdn"
    assert loaded.info.version == "2024-03-15"  # from Publish_Date 03/15/2024
    assert loaded.entry_ids == ["101", "102", "103", "104"]
    uac, lady_r, person, _ = loaded.entities
    assert uac.schema.name == "Organization"
    assert "PAO OAK" in uac.get("alias")
    assert uac.get("program") == ["RUSSIA-EO14024"]
    assert lady_r.schema.name == "Vessel" and entity_imos(lady_r) == {"9161003"}
    assert lady_r.get("flag") == ["ru"]
    assert person.schema.name == "Person" and person.get("weakAlias") == ["RI Song-chol"]
    assert person.get("country") == ["kp"]


def test_ofac_csv_joins_alt_names(lists_dir: Path) -> None:
    loaded = load_list(lists_dir / "sdn.csv", "ofac-csv")
    assert loaded.info.version is None  # the CSV files carry no publish date
    by_id = {str(e.id): e for e in loaded.entities}
    assert set(by_id) == {"201", "202", "203", "204"}
    assert set(by_id["201"].get("alias")) == {"KOMID", "CHANGGWANG SINYONG CORPORATION"}
    assert by_id["202"].schema.name == "Person"
    assert by_id["202"].get("program") == ["DPRK3", "DPRK4"]
    assert by_id["203"].schema.name == "Vessel" and entity_imos(by_id["203"]) == {"9179842"}
    assert by_id["203"].get("mmsi") == ["273359440"]
    assert by_id["201"].get("notes") == ["Pyongyang, Korea, North."]
    assert by_id["202"].get("alias") == ["KIM Jong-un"]  # "-0-" fields are left empty


def test_un_xml(lists_dir: Path) -> None:
    loaded = load_list(lists_dir / "un_consolidated.xml", "un-xml")
    assert loaded.info.version == "2024-03-01"
    person, org, vessel = loaded.entities
    assert person.schema.name == "Person" and "최선희" in person.get("name")
    assert person.get("programId") == ["KPi.901"] and person.get("program") == ["DPRK"]
    assert org.schema.name == "Organization" and org.get("weakAlias") == ["Lyongaksan General Trading Corporation"]
    assert vessel.schema.name == "Vessel" and entity_imos(vessel) == {"9591480"}


def test_eu_xml(lists_dir: Path) -> None:
    loaded = load_list(lists_dir / "eu_fsf.xml", "eu-xml")
    assert loaded.info.version == "2024-03-05"
    company, person = loaded.entities
    assert company.id == "401" and company.schema.name == "Organization"
    assert company.get("alias") == ["Акционерное общество Рособоронэкспорт"]
    assert company.get("program") == ["UKR"]
    assert person.schema.name == "Person" and person.get("nationality") == ["ru"]


def test_ftm_keeps_screenable_entities(lists_dir: Path) -> None:
    loaded = load_list(lists_dir / "opensanctions.ftm.json", "ftm")
    assert loaded.entry_ids == ["os-vostok", "os-kim", "os-dalnevostok", "os-omega"]  # the Sanction is skipped
    assert loaded.info.version == "2024-03-02"  # the latest last_change
    assert entity_imos(loaded.entities[3]) == {"9036777"}


def _truncated(source: Path, target: Path) -> Path:
    text = source.read_text(encoding="utf-8")
    target.write_text(text[: len(text) // 2], encoding="utf-8")
    return target


@pytest.mark.parametrize("fmt", ["ofac-xml", "un-xml", "eu-xml"])
def test_truncated_xml_is_one_clear_error(lists_dir: Path, tmp_path: Path, fmt: str) -> None:
    broken = _truncated(lists_dir / LIST_FILES[fmt], tmp_path / "broken.xml")
    with pytest.raises(ArmstrackError, match=r"broken\.xml: line \d+: not well-formed XML"):
        load_list(broken, fmt)


def test_wrong_loader_names_the_root(lists_dir: Path) -> None:
    with pytest.raises(ArmstrackError, match=r"sdn\.xml: line 2: root element is <sdnList>, expected <export>"):
        load_list(lists_dir / "sdn.xml", "eu-xml")


def test_missing_uid_names_the_element(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text("<sdnList>\n<sdnEntry><lastName>X</lastName></sdnEntry>\n</sdnList>", encoding="utf-8")
    with pytest.raises(ArmstrackError, match=r"line 2: <sdnEntry> has no <uid>"):
        load_list(path, "ofac-xml")


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", r"line 3: not JSON"),
    (json.dumps({"schema": "Person", "properties": {}}), r"line 3: not a FollowTheMoney entity"),
    (json.dumps({"id": "x", "schema": "Spaceship", "properties": {}}), r"line 3: not a FollowTheMoney entity"),
    (json.dumps(["a", "list"]), r"line 3: not a FollowTheMoney entity"),
])
def test_bad_ftm_line(lists_dir: Path, tmp_path: Path, line: str, message: str) -> None:
    lines = (lists_dir / "opensanctions.ftm.json").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "bad.ftm.json"
    path.write_text("\n".join([*lines[:2], line, *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(ArmstrackError, match=message):
        load_list(path, "ftm")


def test_xml_given_to_the_ftm_loader(lists_dir: Path) -> None:
    with pytest.raises(ArmstrackError, match=r"sdn\.xml: line 1: not JSON"):
        load_list(lists_dir / "sdn.xml", "ftm")


def test_csv_record_of_the_wrong_width(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_text('1,"A","-0- "\r\n', encoding="utf-8")
    with pytest.raises(ArmstrackError, match=r"sdn\.csv: line 1: 3 fields, expected 12"):
        load_list(path, "ofac-csv")


def test_unknown_format_and_missing_file(lists_dir: Path) -> None:
    with pytest.raises(ArmstrackError, match=r"unknown list format 'ofac'; known: eu-xml, ftm"):
        load_list(lists_dir / "sdn.xml", "ofac")
    with pytest.raises(ArmstrackError, match="no such list file"):
        load_list(lists_dir / "nothing.xml", "ofac-xml")


def test_committed_test_lists_are_what_the_generator_writes(lists_dir: Path) -> None:
    committed = Path(__file__).parent / "data"
    for name in [*LIST_FILES.values(), "alt.csv"]:
        assert (committed / name).read_bytes() == (lists_dir / name).read_bytes(), name
