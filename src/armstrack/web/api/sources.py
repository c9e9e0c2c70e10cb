"""/api/sources: named origins of information with their Admiralty grade; an analyst may regrade one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, select

from armstrack.model import Reliability, content_hash
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
def grade_source(request: Request, source_id: str, grade: Grade) -> dict[str, Any]:
    """Set a source's grade by hand; `edited` keeps it through re-runs of extraction."""
    with request.app.state.store.transaction() as db:
        row = db.get(SourceRow, source_id)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no source with id {source_id!r}")
        row.reliability, row.reason, row.edited = grade.reliability.value, grade.reason, True
        db.flush()
        return source_shape({c.name: getattr(row, c.name) for c in SourceRow.__table__.c})


def sources_named(db: DB, names: Sequence[str]) -> list[dict[str, Any]]:
    """The stored sources among `names` (an attribution chain), in the chain's order."""
    wanted = [n for n in names if isinstance(n, str)]
    if not wanted:
        return []
    ids = {content_hash(n.casefold()): n for n in wanted}
    rows = db.execute(select(SourceRow.__table__).where(SourceRow.id.in_(ids) | SourceRow.name.in_(wanted)))
    found = {row["name"].casefold(): source_shape(row) for row in rows.mappings()}
    return [found[n.casefold()] for n in wanted if n.casefold() in found]
