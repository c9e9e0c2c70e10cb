"""/api/routes: the corridor's routes (from site, to site, mode, transit bounds, line geometry)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import ColumnElement

from armstrack.model import Mode
from armstrack.store.schema import RouteRow
from armstrack.web.query import DB, Paged, listing

router = APIRouter(tags=["routes"])


@router.get("/routes")
def list_routes(db: DB, paged: Paged, mode: Annotated[Mode | None, Query()] = None,
                site: Annotated[str | None, Query(description="routes from or to this site")] = None
                ) -> dict[str, Any]:
    """The corridor's routes, optionally of one mode or touching one site."""
    where: list[ColumnElement[bool]] = []
    if mode is not None:
        where.append(RouteRow.mode == mode.value)
    if site is not None:
        where.append((RouteRow.from_site == site) | (RouteRow.to_site == site))
    return listing(db, RouteRow, where, [RouteRow.id], paged)
