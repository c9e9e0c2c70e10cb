"""/api/sources: named origins of information with their Admiralty grade; an analyst may regrade one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, select

from armstrack.model import Reliability, content_hash
from armstrack.pipeline.fusion import grade_source
from armstrack.store.schema import SourceRow
from armstrack.web.auth import require_write
from armstrack.web.query import DB, Paged, listing, one

router = APIRouter(tags=["sources"])


def source_shape(row: Any) -> dict[str, Any]:
    """A source with its grade's meaning spelled out ("B": "usually reliable")."""
    source = dict(row)
    try:
        source["label"] = Reliability(source["reliability"]).label
    except ValueError:
        source["label"] = None
    return source


@router.get("/sources")
def list_sources(db: DB, paged: Paged, reliability: Annotated[Reliability | None, Query()] = None,
                 kind: Annotated[str | None, Query()] = None,
                 edited: Annotated[bool | None, Query(description="graded by an analyst")] = None) -> dict[str, Any]:
    """Sources by name, filtered by grade, kind and whether an analyst set the grade."""
    where: list[ColumnElement[bool]] = []
    if reliability is not None:
        where.append(SourceRow.reliability == reliability.value)
    if kind is not None:
        where.append(SourceRow.kind == kind)
    if edited is not None:
        where.append(SourceRow.edited.is_(edited))
    return listing(db, SourceRow, where, [SourceRow.name], paged, source_shape)


@router.get("/sources/{source_id}")
def get_source(db: DB, source_id: str) -> dict[str, Any]:
    """One source with its grade and the reason for it."""
    return source_shape(one(db, SourceRow, source_id, "source"))


class Grade(BaseModel):
    reliability: Reliability
    reason: str = Field(min_length=3, max_length=2000, description="why the analyst gives this grade")


@router.put("/sources/{source_id}/grade", dependencies=[Depends(require_write)])
def regrade_source(request: Request, db: DB, source_id: str, grade: Grade) -> dict[str, Any]:
    """Set a source's grade by hand (through the fusion runner: `edited` keeps it on later runs)."""
    name = one(db, SourceRow, source_id, "source")["name"]
    graded = grade_source(request.app.state.workspace, name, grade.reliability.value, grade.reason)
    db.expire_all()
    row = db.execute(select(SourceRow.__table__).where(SourceRow.name == graded["name"])).mappings().one()
    return source_shape(row)


def sources_named(db: DB, names: Sequence[str]) -> list[dict[str, Any]]:
    """The stored sources among `names` (an attribution chain), in the chain's order."""
    wanted = [n for n in names if isinstance(n, str)]
    if not wanted:
        return []
    ids = {content_hash(n.casefold()): n for n in wanted}
    rows = db.execute(select(SourceRow.__table__).where(SourceRow.id.in_(ids) | SourceRow.name.in_(wanted)))
    found = {row["name"].casefold(): source_shape(row) for row in rows.mappings()}
    return [found[n.casefold()] for n in wanted if n.casefold() in found]
