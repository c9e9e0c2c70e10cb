"""/api/measurements: measurements with their intervals and provenance, and each one's image chip."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import Response
from rasterio.errors import RasterioError

from armstrack.imagery.measure.registry import counter_names
from armstrack.model import ArmstrackError, Quantity
from armstrack.pipeline.measure import measurement_chip
from armstrack.pipeline.workspace import Workspace
from armstrack.store.schema import MeasurementRow, SceneRow
from armstrack.web.chips import render_chip
from armstrack.web.query import DB, Paged, Windowed, listing, one

router = APIRouter(tags=["measurements"])


def measurement_shape(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A measurement as the API shows it: the value with its interval (null: not observed)."""
    observed = row["value"] is not None
    return {
        "id": row["id"], "site_id": row["site_id"], "quantity": row["quantity"], "acquired": row["acquired"],
        "observed": observed,
        "value": {"value": row["value"], "low": row["low"], "high": row["high"]} if observed else None,
        "method": row["method"], "scene_id": row["scene_id"], "window": row["window"],
        "coverage": row["coverage"], "cloud_fraction": row["cloud_fraction"], "flags": row["flags"],
        "parameters": row["parameters"], "source": row["source"],
        "chip": f"/api/measurements/{row['id']}/chip.png" if row["scene_id"] and row["window"] else None,
    }


@router.get("/measurements")
def list_measurements(db: DB, paged: Paged, time: Windowed,
                      site: Annotated[str | None, Query()] = None,
                      quantity: Annotated[Quantity | None, Query()] = None,
                      scene: Annotated[str | None, Query(description="scene id")] = None,
                      observed: Annotated[bool | None, Query(description="false: only 'not observed'")] = None,
                      ) -> dict[str, Any]:
    """Measurements, newest first, filtered by site, quantity, scene, time and whether observed."""
    where = time.overlaps(MeasurementRow.acquired, MeasurementRow.acquired)
    if site is not None:
        where.append(MeasurementRow.site_id == site)
    if quantity is not None:
        where.append(MeasurementRow.quantity == quantity.value)
    if scene is not None:
        where.append(MeasurementRow.scene_id == scene)
    if observed is not None:
        where.append(MeasurementRow.value.is_not(None) if observed else MeasurementRow.value.is_(None))
    return listing(db, MeasurementRow, where, [MeasurementRow.acquired.desc(), MeasurementRow.id.desc()], paged,
                   measurement_shape)


@router.get("/measurements/{measurement_id}")
def get_measurement(db: DB, measurement_id: str) -> dict[str, Any]:
    """One measurement."""
    return measurement_shape(one(db, MeasurementRow, measurement_id, "measurement"))


@router.get("/measurements/{measurement_id}/chip.png", response_class=Response,
            responses={200: {"content": {"image/png": {}}}, 404: {"description": "no pixels to show"}})
def get_chip(request: Request, db: DB, measurement_id: str) -> Response:
    """The measurement's image chip: its scene window with the detections drawn (PNG)."""
    row = one(db, MeasurementRow, measurement_id, "measurement")
    if not row["scene_id"] or not row["window"]:
        raise HTTPException(status.HTTP_404_NOT_FOUND,
                            f"measurement {measurement_id} was entered by hand: it has no scene window to show")
    scene = db.get(SceneRow, row["scene_id"])
    if scene is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"scene {row['scene_id']} is not in the store")
    try:
        png = _chip(request.app.state.workspace, row, scene)
    except (ArmstrackError, RasterioError) as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"measurement {measurement_id}: {exc}") from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _chip(workspace: Workspace, row: Mapping[Any, Any], scene: SceneRow) -> bytes:
    """The imagery core's chip (the window re-measured by the same counter) for its own methods; for
    others (imported counts, other tools) the stored window cropped with the stored detections."""
    if row["method"] in counter_names(row["quantity"]):
        return measurement_chip(workspace, row["id"])
    path = Path(workspace.settings.path(scene.path))
    return render_chip(path, row["window"], scene.bands, (row["parameters"] or {}).get("detections", []))
