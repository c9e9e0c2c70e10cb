"""/api/notes: analysts' notes on any item (a site, a shipment, a claim, ...)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement

from armstrack.model import content_hash
from armstrack.store.schema import (
    AnomalyRow,
    Base,
    ClaimRow,
    MeasurementRow,
    NoteRow,
    ReportRow,
    RouteRow,
    SceneRow,
    ScreeningHitRow,
    ShipmentRow,
    SiteRow,
    SourceRow,
)
from armstrack.web.auth import require_write
from armstrack.web.query import DB, Paged, listing

router = APIRouter(tags=["notes"])

TARGETS: dict[str, type[Base]] = {
    "site": SiteRow, "route": RouteRow, "scene": SceneRow, "measurement": MeasurementRow,
    "anomaly": AnomalyRow, "report": ReportRow, "claim": ClaimRow, "source": SourceRow,
    "shipment": ShipmentRow, "screening_hit": ScreeningHitRow,
}
TargetKind = Literal["site", "route", "scene", "measurement", "anomaly", "report", "claim", "source", "shipment",
                     "screening_hit"]


@router.get("/notes")
def list_notes(db: DB, paged: Paged, target_kind: Annotated[TargetKind | None, Query()] = None,
               target_id: Annotated[str | None, Query()] = None) -> dict[str, Any]:
    """Notes, oldest first, on one kind of item or one item."""
    where: list[ColumnElement[bool]] = []
    if target_kind is not None:
        where.append(NoteRow.target_kind == target_kind)
    if target_id is not None:
        where.append(NoteRow.target_id == target_id)
    return listing(db, NoteRow, where, [NoteRow.created_at, NoteRow.id], paged)


class NewNote(BaseModel):
    target_kind: TargetKind
    target_id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=10_000)


@router.post("/notes", status_code=status.HTTP_201_CREATED, dependencies=[Depends(require_write)])
def add_note(request: Request, note: NewNote) -> dict[str, Any]:
    """Add a note to an item that exists."""
    created = datetime.now(UTC).replace(tzinfo=None)
    row = {"id": content_hash(note.target_kind, note.target_id, note.text, created), "created_at": created,
           "target_kind": note.target_kind, "target_id": note.target_id, "text": note.text}
    with request.app.state.workspace.store.transaction() as db:
        if db.get(TARGETS[note.target_kind], note.target_id) is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no {note.target_kind} with id {note.target_id!r}")
        db.add(NoteRow(**row))
    return row
