"""The fusion runner: idempotent rewrites, analyst decisions and grades kept, claims from the store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from armstrack.fusion.grading import ClaimEvidence
from armstrack.pipeline.fusion import add_manual_measurement, fuse_workspace, grade_source, shipment_rows
from armstrack.pipeline.workspace import Workspace
from armstrack.store import upsert
from armstrack.store.schema import AnomalyRow, ClaimRow, EvidenceLinkRow, ReportRow, ShipmentRow, SourceRow

from .worlds import claim, rail_world


def load_world(workspace: Workspace, claims: list[ClaimEvidence] = ()) -> None:  # type: ignore[assignment]
    ms, _ = rail_world([(14, 60), (35, 45)], days=60)
    for m in ms:
        assert m.value is not None
        add_manual_measurement(workspace, m.site_id, m.acquired, m.quantity.value, m.value.value, m.value.low,
                               m.value.high, source="test world")
    reports, rows = [], []
    for item in claims:
        c = item.claim
        reports.append({"id": c.report_id, "publisher": item.publisher, "text": "text written for the test",
                        "story_id": item.story_id, "properties": {}, "ingested_at": datetime(2023, 9, 1)})
        rows.append({"id": c.id, "report_id": c.report_id, "supplier": c.supplier, "recipient": c.recipient,
                     "materiel": c.materiel, "mode": c.mode.value, "places": c.places,
                     "period_start": c.period_start, "period_end": c.period_end, "quantity": None,
                     "status": c.status.value, "attribution": c.attribution, "origin": c.origin, "hedge": None,
                     "probability": None, "evidence_type": ["media"], "quote": c.quote, "span_start": c.span[0],
                     "span_end": c.span[1], "properties": {}})
    with workspace.store.transaction() as session:
        upsert(session, ReportRow, reports)
        upsert(session, ClaimRow, rows)


def _snapshot(workspace: Workspace) -> dict[str, list[tuple[object, ...]]]:
    with workspace.store.session() as session:
        return {
            "anomalies": sorted((r.id, r.score) for r in session.scalars(select(AnomalyRow))),
            "shipments": sorted((r.id, r.confidence, r.status) for r in session.scalars(select(ShipmentRow))),
            "links": sorted((r.id, r.weight) for r in session.scalars(select(EvidenceLinkRow))),
            "sources": sorted((r.name, r.reliability) for r in session.scalars(select(SourceRow))),
        }


def test_fusion_rewrites_the_same_rows_on_a_rerun(workspace: Workspace) -> None:
    load_world(workspace, [claim(["Yonhap", "South Korean defense sources"], report="r1")])
    first = fuse_workspace(workspace)
    before = _snapshot(workspace)
    second = fuse_workspace(workspace)
    assert _snapshot(workspace) == before
    assert first.shipments == second.shipments >= 2 and first.anomalies == second.anomalies
    assert before["sources"] and before["links"]


def test_analyst_decisions_and_grades_survive_a_rerun(workspace: Workspace) -> None:
    load_world(workspace, [claim(["KCNA"], status="denied", mode="unknown", places=(), report="r9")])
    fuse_workspace(workspace)
    target = next(r for r in shipment_rows(workspace) if r["route"] == "tumangang->khasan:rail")
    with workspace.store.transaction() as session:
        session.execute(update(ShipmentRow).where(ShipmentRow.id == target["id"])
                        .values(status="accepted", note="matches the ROK briefing"))
    grade_source(workspace, "KCNA", "E", "supplier state media")
    report = fuse_workspace(workspace)
    assert report.kept_decisions == 1
    again = next(r for r in shipment_rows(workspace) if r["id"] == target["id"])
    assert (again["status"], again["note"]) == ("accepted", "matches the ROK briefing")
    with workspace.store.session() as session:
        kcna = session.scalars(select(SourceRow).where(SourceRow.name == "KCNA")).one()
    assert (kcna.reliability, kcna.edited, kcna.reason) == ("E", True, "supplier state media")


def test_claims_from_the_store_link_with_their_reports(workspace: Workspace) -> None:
    original = claim(["Reuters", "United States"], report="ra", story="s1", period=("2023-08", "2023-09"))
    repost = claim(["Reuters", "United States"], report="rb", story="s1", publisher="Yahoo News",
                   period=("2023-08", "2023-09"))
    load_world(workspace, [original, repost])
    fuse_workspace(workspace)
    rail = [r for r in shipment_rows(workspace) if r["route"] == "tumangang->khasan:rail"]
    assert len(rail) == 2
    for shipment in rail:
        claims = [e for e in shipment["evidence"] if e["kind"] == "claim"]
        assert {e["id"] for e in claims} >= {original.id, repost.id}
        assert any("counted once" in line for line in shipment["reasoning"])
        assert shipment["confidence"] > 0.9
