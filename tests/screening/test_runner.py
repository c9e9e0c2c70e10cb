"""The screening runner: lists kept in the workspace, workspace screening, decisions, FtM export."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from followthemoney import model
from sqlalchemy import select

from armstrack.model import ArmstrackError
from armstrack.pipeline.screening import (
    add_list,
    decide,
    export_ftm,
    list_infos,
    load_indexes,
    screen_workspace,
    stored_hits,
    workspace_subjects,
)
from armstrack.pipeline.workspace import Workspace
from armstrack.screening import EntityType
from armstrack.store.schema import ClaimRow, NoteRow, ReportRow, SanctionListRow, ScreeningHitRow


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add_material(workspace: Workspace) -> None:
    """A report with one claim naming a company and a vessel, and an analyst's note on a ship."""
    with workspace.store.transaction() as session:
        session.add(ReportRow(id="r1", text="...", published=date(2023, 10, 1), properties={}, ingested_at=_now()))
        session.flush()  # the claim's report first
        session.add(ClaimRow(
            id="c1", report_id="r1", supplier="Korea Mining Development Trading Corp", recipient="Russia",
            materiel=["shells"], mode="sea", places=["Rajin"], status="alleged", attribution=["Test Wire"],
            evidence_type=["imagery"], quote="The cargo ship Angara (IMO 9179842) left Rajin.", span_start=0,
            span_end=10, properties={"vessels": [{"name": "Lady Maria", "imo": "8500070"}],
                                     "organizations": ["Rosoboronexport JSC"]}))
        session.add(NoteRow(id="n1", target_kind="site", target_id="rajin", created_at=_now(),
                            text="Vessel Sparta IV, IMO 9161003, berthed at the north quay."))


@pytest.fixture
def screened(workspace: Workspace, all_lists: list[tuple[Path, str]]) -> Workspace:
    for path, fmt in all_lists:
        add_list(workspace, path, fmt, name=fmt)
    add_material(workspace)
    return workspace


def test_add_list_records_it_and_keeps_a_copy_and_index(workspace: Workspace, lists_dir: Path) -> None:
    info = add_list(workspace, lists_dir / "sdn.csv", "ofac-csv", name="ofac")
    assert (info.name, info.entries) == ("ofac", 4)
    again = add_list(workspace, lists_dir / "sdn.csv", "ofac-csv")
    assert again.id == info.id
    assert [(i.name, i.entries) for i in list_infos(workspace)] == [("ofac", 4)]  # same file: no new row
    cached = sorted(p.name for p in workspace.cache("lists").iterdir())
    assert cached == sorted([f"{info.id}-alt.csv", f"{info.id}-sdn.csv", f"{info.id}.index.json"])
    (workspace.cache("lists") / f"{info.id}.index.json").unlink()
    rebuilt = load_indexes(workspace)  # the index is rebuilt from the kept copy, aliases included
    assert rebuilt[0].list_name == "ofac" and "KOMID" in rebuilt[0].entities[0].get("alias")


def test_a_new_version_under_the_same_name_replaces_the_old(workspace: Workspace, lists_dir: Path,
                                                             tmp_path: Path) -> None:
    old = add_list(workspace, lists_dir / "sdn.xml", "ofac-xml", name="ofac")
    newer = tmp_path / "sdn.xml"
    newer.write_text((lists_dir / "sdn.xml").read_text(encoding="utf-8").replace("03/15/2024", "04/02/2024"),
                     encoding="utf-8")
    new = add_list(workspace, newer, "ofac-xml", name="ofac")
    assert new.id != old.id
    assert [(i.name, i.version) for i in list_infos(workspace)] == [("ofac", "2024-04-02")]
    assert not any(p.name.startswith(old.id) for p in workspace.cache("lists").iterdir())


def test_a_malformed_list_leaves_nothing_behind(workspace: Workspace, lists_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "sdn.xml"
    text = (lists_dir / "sdn.xml").read_text(encoding="utf-8")
    broken.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    with pytest.raises(ArmstrackError, match="not well-formed XML"):
        add_list(workspace, broken, "ofac-xml")
    with workspace.store.session() as session:
        assert session.scalars(select(SanctionListRow)).all() == []
    assert list(workspace.cache("lists").iterdir()) == []


def test_workspace_subjects_come_from_claims_sites_and_notes(screened: Workspace) -> None:
    subjects = {(q.name, q.type, q.imo): q.origins for q in workspace_subjects(screened)}
    assert subjects[("Korea Mining Development Trading Corp", EntityType.ENTITY, None)] == ("claim:c1",)
    assert ("Angara", EntityType.VESSEL, "9179842") in subjects
    assert ("Lady Maria", EntityType.VESSEL, "8500070") in subjects
    assert ("Rosoboronexport JSC", EntityType.COMPANY, None) in subjects
    assert subjects[("Sparta IV", EntityType.VESSEL, "9161003")] == ("note:n1",)
    assert any(origin.startswith("site:") for origins in subjects.values() for origin in origins)


def test_screen_workspace_stores_hits(screened: Workspace) -> None:
    report = screen_workspace(screened)
    hits = {(h["query"], h["list"], h["entry_id"]) for h in stored_hits(screened)}
    assert ("Korea Mining Development Trading Corp", "ofac-csv", "201") in hits
    assert ("Angara", "ofac-csv", "203") in hits
    assert ("Sparta IV", "ofac-xml", "102") in hits  # same IMO as the Lady R
    assert ("Rosoboronexport JSC", "eu-xml", "401") in hits
    assert not any(query == "Lady Maria" for query, _, _ in hits)
    assert report.hits == len(hits) and report.new_hits == len(hits) and report.lists == 5


def test_decisions_survive_rescreening(screened: Workspace) -> None:
    screen_workspace(screened)
    by_key = {(h["query"], h["entry_id"]): h["id"] for h in stored_hits(screened)}
    confirmed = decide(screened, by_key[("Angara", "203")], "confirmed")
    assert confirmed.decision == "confirmed"
    decide(screened, by_key[("Sparta IV", "102")], "dismissed")
    report = screen_workspace(screened)
    assert report.new_hits == 0 and report.decided == 2
    decisions = {h["id"]: h["decision"] for h in stored_hits(screened)}
    assert decisions[by_key[("Angara", "203")]] == "confirmed"
    assert decisions[by_key[("Sparta IV", "102")]] == "dismissed"
    with screened.store.session() as session:
        row = session.get(ScreeningHitRow, by_key[("Angara", "203")])
        assert row is not None and row.decided_at is not None


def test_decide_rejects_unknown_hits_and_decisions(screened: Workspace) -> None:
    with pytest.raises(ArmstrackError, match="no screening hit with id 'nope'"):
        decide(screened, "nope", "confirmed")
    with pytest.raises(ArmstrackError, match="decision 'maybe' is not known"):
        decide(screened, "nope", "maybe")


def test_ftm_export_parses_back(screened: Workspace, tmp_path: Path) -> None:
    screen_workspace(screened)
    angara = next(h for h in stored_hits(screened) if h["query"] == "Angara")
    decide(screened, str(angara["id"]), "confirmed")
    target = tmp_path / "case.ftm.json"
    count = export_ftm(screened, target)
    entities = [model.get_proxy(json.loads(line)) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(entities) == count
    ids = {e.id for e in entities}
    links = [e for e in entities if e.schema.name == "Similar"]
    assert links and all(set(link.get("candidate")) | set(link.get("match")) <= ids for link in links)
    angara_link = next(link for link in links if link.get("match")[0].endswith(".203"))
    assert angara_link.get("criteria")[0].startswith("analyst decision: confirmed")
    assert any(e.schema.name == "Sanction" for e in entities)
    assert any(e.schema.name == "Vessel" and "Angara" in e.get("name") for e in entities)
