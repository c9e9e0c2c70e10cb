"""/api/scenes: the images measured, with sensor, time, GSD, footprint and cloud per site."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import String, cast

from armstrack.store.schema import SceneRow
from armstrack.web.query import DB, Paged, Windowed, listing, one

router = APIRouter(tags=["scenes"])


@router.get("/scenes")
def list_scenes(db: DB, paged: Paged, time: Windowed,
                site: Annotated[str | None, Query(description="scenes covering this site")] = None,
                sensor: Annotated[str | None, Query()] = None) -> dict[str, Any]:
    """Scenes, newest first, by time, site covered and sensor."""
    where = time.overlaps(SceneRow.acquired, SceneRow.acquired)
    if site is not None:
        where.append(cast(SceneRow.site_ids, String).contains(f'"{site}"'))
    if sensor is not None:
        where.append(SceneRow.sensor == sensor)
    return listing(db, SceneRow, where, [SceneRow.acquired.desc(), SceneRow.id.desc()], paged)


@router.get("/scenes/{scene_id}")
def get_scene(db: DB, scene_id: str) -> dict[str, Any]:
    """One scene."""
    return one(db, SceneRow, scene_id, "scene")
