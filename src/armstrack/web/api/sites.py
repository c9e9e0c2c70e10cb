"""/api/sites: sites with their features, one site with its routes, and a site's measurement series."""

from __future__ import annotations

import statistics
from collections import defaultdict
from itertools import pairwise
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query
from sqlalchemy import ColumnElement, Text, select, type_coerce

from armstrack.model import Quantity, SiteKind
from armstrack.store.schema import AnomalyRow, MeasurementRow, RouteRow, SiteFeatureRow, SiteRow
from armstrack.web.api.measurements import measurement_shape
from armstrack.web.query import DB, Paged, Windowed, listing, one

router = APIRouter(tags=["sites"])

MAD_TO_SIGMA = 1.4826
DEFAULT_SERIES_POINTS = 2000
MAX_SERIES_POINTS = 20_000
SERIES_JSON = ("window", "flags")


@router.get("/sites")
def list_sites(db: DB, paged: Paged, kind: Annotated[SiteKind | None, Query()] = None,
               country: Annotated[str | None, Query(max_length=16)] = None) -> dict[str, Any]:
    """The corridor's sites, each with its features (tracks, berths, yards)."""
    where: list[ColumnElement[bool]] = []
    if kind is not None:
        where.append(SiteRow.kind == kind.value)
    if country is not None:
        where.append(SiteRow.country.contains(country.upper()))
    result = listing(db, SiteRow, where, [SiteRow.id], paged)
    features = _features(db, [site["id"] for site in result["items"]])
    for site in result["items"]:
        site["features"] = features.get(site["id"], [])
    return result


@router.get("/sites/{site_id}")
def get_site(db: DB, site_id: str) -> dict[str, Any]:
    """One site with its features, its routes and the quantities measured there."""
    site = one(db, SiteRow, site_id, "site")
    site["features"] = _features(db, [site_id]).get(site_id, [])
    routes = db.execute(select(RouteRow.__table__).where(
        (RouteRow.from_site == site_id) | (RouteRow.to_site == site_id)).order_by(RouteRow.id))
    site["routes"] = [dict(r) for r in routes.mappings()]
    site["quantities"] = sorted(db.scalars(select(MeasurementRow.quantity).where(
        MeasurementRow.site_id == site_id).distinct()))
    return site


@router.get("/sites/{site_id}/series")
def site_series(db: DB, site_id: str, quantity: Annotated[Quantity, Query()], time: Windowed,
                max_points: Annotated[int, Query(ge=10, le=MAX_SERIES_POINTS, description=(
                    "longer series are thinned to this many points, each the highest of its run"))]
                = DEFAULT_SERIES_POINTS) -> dict[str, Any]:
    """A site's measurement series of one quantity, oldest first: observed points with intervals,
    "not observed" points (value null) that the chart shows as gaps, anomalies and the baseline band.
    Past `max_points` the points are thinned (`downsampled` says how); the band uses them all."""
    one(db, SiteRow, site_id, "site")
    where = [MeasurementRow.site_id == site_id, MeasurementRow.quantity == quantity.value,
             *time.overlaps(MeasurementRow.acquired, MeasurementRow.acquired)]
    points = _points(db, where)
    anomalies = [dict(r) for r in db.execute(select(AnomalyRow.__table__).where(
        AnomalyRow.site_id == site_id, AnomalyRow.quantity == quantity.value,
        *time.overlaps(AnomalyRow.acquired, AnomalyRow.acquired)).order_by(AnomalyRow.acquired)).mappings()]
    kept = thin(points, max_points)
    return {"site_id": site_id, "quantity": quantity.value, "points": kept, "anomalies": anomalies,
            "baseline": baseline_band(points, anomalies),
            "downsampled": None if len(kept) == len(points) else {
                "points": len(points), "kept": len(kept),
                "method": f"{max_points} runs of consecutive points; each run keeps its highest observed point "
                          "(or its first, when none was observed)"}}


def _points(db: DB, where: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
    """The series' measurements, shaped; the JSON columns are read as text and decoded by orjson (a few
    times faster than the generic JSON type on thousands of rows), detections (parameters) left out."""
    columns = [type_coerce(c, Text).label(c.name) if c.name in SERIES_JSON else c
               for c in MeasurementRow.__table__.c if c.name != "parameters"]
    names = [c.name for c in columns]
    rows = [dict(zip(names, row, strict=True)) for row in db.execute(
        select(*columns).where(*where).order_by(MeasurementRow.acquired)).tuples()]
    return [measurement_shape({**row, "window": _json(row["window"]), "flags": _json(row["flags"]),
                               "parameters": None}) for row in rows]


def _json(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)


def thin(points: list[dict[str, Any]], max_points: int) -> list[dict[str, Any]]:
    """At most `max_points` points, oldest first: consecutive runs of equal length, each represented by its
    highest observed point (peaks survive thinning), or by its first point when none was observed (gaps too)."""
    if len(points) <= max_points:
        return points
    bounds = [len(points) * i // max_points for i in range(max_points + 1)]
    return [_peak(points[start:end]) for start, end in pairwise(bounds) if end > start]


def _peak(run: list[dict[str, Any]]) -> dict[str, Any]:
    observed = [p for p in run if p["value"] is not None]
    return max(observed, key=lambda p: p["value"]["value"]) if observed else run[0]


def baseline_band(points: list[dict[str, Any]], anomalies: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The band the chart shades: the anomaly detector's baseline when it ran, else a robust band
    (median, median + 3 scaled MADs) over the observed points shown."""
    if anomalies:
        return {"median": statistics.median(a["baseline_median"] for a in anomalies),
                "high": statistics.median(a["baseline_high"] for a in anomalies),
                "method": "baseline of the anomaly detector (median over the anomalies shown)"}
    values = [p["value"]["value"] for p in points if p["value"] is not None]
    if len(values) < 3:
        return None
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values) * MAD_TO_SIGMA
    return {"median": median, "high": median + 3 * mad,
            "method": f"median + 3 scaled MAD of the {len(values)} observed points shown"}


def _features(db: DB, site_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not site_ids:
        return {}
    rows = db.execute(select(SiteFeatureRow.__table__).where(SiteFeatureRow.site_id.in_(site_ids))
                      .order_by(SiteFeatureRow.id)).mappings()
    by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_site[row["site_id"]].append(dict(row))
    return by_site

