"""/api/screening-hits: names matched to sanctions-list entries; an analyst confirms or dismisses each."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import ColumnElement

from armstrack.pipeline.screening import decide
from armstrack.store.schema import ScreeningHitRow
from armstrack.web.auth import require_write
from armstrack.web.query import DB, Paged, listing, one

router = APIRouter(tags=["screening hits"])


@router.get("/screening-hits")
def list_hits(db: DB, paged: Paged,
              decision: Annotated[Literal["open", "confirmed", "dismissed"] | None, Query()] = None,
              list_name: Annotated[str | None, Query(alias="list")] = None,
              entity_type: Annotated[str | None, Query()] = None,
              min_score: Annotated[float | None, Query(ge=0, le=1)] = None) -> dict[str, Any]:
    """Hits, best score first, by decision (open = not decided yet), list, entity type and score."""
    where: list[ColumnElement[bool]] = []
    if decision == "open":
        where.append(ScreeningHitRow.decision.is_(None))
    elif decision is not None:
        where.append(ScreeningHitRow.decision == decision)
    if list_name is not None:
        where.append(ScreeningHitRow.list_name == list_name)
    if entity_type is not None:
        where.append(ScreeningHitRow.entity_type == entity_type)
    if min_score is not None:
        where.append(ScreeningHitRow.score >= min_score)
    return listing(db, ScreeningHitRow, where, [ScreeningHitRow.score.desc(), ScreeningHitRow.id.desc()], paged)


@router.get("/screening-hits/{hit_id}")
def get_hit(db: DB, hit_id: str) -> dict[str, Any]:
    """One screening hit with the matcher's explanation."""
    return one(db, ScreeningHitRow, hit_id, "screening hit")


class HitDecision(BaseModel):
    decision: Literal["confirmed", "dismissed"]


@router.put("/screening-hits/{hit_id}/decision", dependencies=[Depends(require_write)])
def decide_hit(request: Request, db: DB, hit_id: str, body: HitDecision) -> dict[str, Any]:
    """Confirm or dismiss a hit (the screening runner records it with its time; re-screening keeps it)."""
    one(db, ScreeningHitRow, hit_id, "screening hit")
    decide(request.app.state.workspace, hit_id, body.decision)
    db.expire_all()
    return one(db, ScreeningHitRow, hit_id, "screening hit")
