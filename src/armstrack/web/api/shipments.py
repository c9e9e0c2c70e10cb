"""/api/shipments: shipment hypotheses with confidence, volume intervals and the evidence for and against."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import select

from armstrack.model import Mode
from armstrack.store.schema import (
    AnomalyRow,
    ClaimRow,
    EvidenceLinkRow,
    MeasurementRow,
    NoteRow,
    ReportRow,
    ShipmentRow,
)
from armstrack.web.api.measurements import measurement_shape
from armstrack.web.api.sources import sources_named
from armstrack.web.auth import require_write
from armstrack.web.query import DB, Paged, Windowed, listing, one

router = APIRouter(tags=["shipments"])

ShipmentStatus = Literal["proposed", "accepted", "rejected"]


@router.get("/shipments")
def list_shipments(db: DB, paged: Paged, time: Windowed, mode: Annotated[Mode | None, Query()] = None,
                   status_: Annotated[ShipmentStatus | None, Query(alias="status")] = None,
                   min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
                   site: Annotated[str | None, Query(description="routes from or to this site")] = None,
                   route: Annotated[str | None, Query(description="route id")] = None) -> dict[str, Any]:
    """Shipments whose window overlaps from/to, most confident first."""
    where = time.overlaps(ShipmentRow.window_start, ShipmentRow.window_end)
    if mode is not None:
        where.append(ShipmentRow.mode == mode.value)
    if status_ is not None:
        where.append(ShipmentRow.status == status_)
    if min_confidence is not None:
        where.append(ShipmentRow.confidence >= min_confidence)
    if site is not None:
        where.append(ShipmentRow.route_id.startswith(f"{site}->") | ShipmentRow.route_id.contains(f"->{site}:"))
    if route is not None:
        where.append(ShipmentRow.route_id == route)
    return listing(db, ShipmentRow, where, [ShipmentRow.confidence.desc(), ShipmentRow.id.desc()], paged)


@router.get("/shipments/{shipment_id}")
def get_shipment(db: DB, shipment_id: str) -> dict[str, Any]:
    """One shipment with each piece of evidence resolved (claim with quote link and source grades,
    anomaly or measurement with chip link), and the analysts' notes on it."""
    shipment = one(db, ShipmentRow, shipment_id, "shipment")
    links = db.execute(select(EvidenceLinkRow.__table__).where(EvidenceLinkRow.shipment_id == shipment_id)
                       .order_by(EvidenceLinkRow.supports.desc(), EvidenceLinkRow.weight.desc())).mappings()
    shipment["evidence"] = [{**link, "item": _evidence_item(db, link["kind"], link["ref_id"])} for link in links]
    shipment["notes"] = [dict(n) for n in db.execute(select(NoteRow.__table__).where(
        NoteRow.target_kind == "shipment", NoteRow.target_id == shipment_id).order_by(NoteRow.created_at)).mappings()]
    return shipment


def _evidence_item(db: DB, kind: str, ref_id: str) -> dict[str, Any] | None:
    """What a link points to, shaped for the shipment page; None when it is no longer stored."""
    resolver = EVIDENCE_RESOLVERS.get(kind)
    return None if resolver is None else resolver(db, ref_id)


def _claim_item(db: DB, claim_id: str) -> dict[str, Any] | None:
    row = db.execute(select(ClaimRow.__table__, ReportRow.title.label("report_title"),
                            ReportRow.publisher.label("report_publisher"), ReportRow.published)
                     .join(ReportRow, ReportRow.id == ClaimRow.report_id)
                     .where(ClaimRow.id == claim_id)).mappings().first()
    if row is None:
        return None
    return {**row, "sources": sources_named(db, row["attribution"]), "quote_url": f"/api/claims/{claim_id}/quote"}


def _anomaly_item(db: DB, anomaly_id: str) -> dict[str, Any] | None:
    row = db.execute(select(AnomalyRow.__table__).where(AnomalyRow.id == anomaly_id)).mappings().first()
    if row is None:
        return None
    item = dict(row)
    measurement = _measurement_item(db, row["measurement_id"]) if row["measurement_id"] else None
    item["measurement"] = measurement
    item["chip"] = measurement["chip"] if measurement else None
    return item


def _measurement_item(db: DB, measurement_id: str) -> dict[str, Any] | None:
    row = db.execute(select(MeasurementRow.__table__).where(MeasurementRow.id == measurement_id)).mappings().first()
    return None if row is None else measurement_shape(row)


EVIDENCE_RESOLVERS = {"claim": _claim_item, "anomaly": _anomaly_item, "measurement": _measurement_item}


class Decision(BaseModel):
    status: ShipmentStatus
    note: str | None = Field(default=None, max_length=4000, description="why, kept on the shipment")


@router.put("/shipments/{shipment_id}/status", dependencies=[Depends(require_write)])
def decide_shipment(request: Request, shipment_id: str, decision: Decision) -> dict[str, Any]:
    """Accept or reject a shipment hypothesis (or put it back to proposed)."""
    with request.app.state.workspace.store.transaction() as db:
        row = db.get(ShipmentRow, shipment_id)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no shipment with id {shipment_id!r}")
        row.status = decision.status
        if decision.note is not None:
            row.note = decision.note
        return {"id": shipment_id, "status": row.status, "note": row.note}
