"""/api/sites: sites with their features, one site with its routes, and a site's measurement series."""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import ColumnElement, select

from armstrack.model import Quantity, SiteKind
from armstrack.store.schema import AnomalyRow, MeasurementRow, RouteRow, SiteFeatureRow, SiteRow
from armstrack.web.api.measurements import measurement_shape
from armstrack.web.query import DB, Paged, Windowed, listing, one

router = APIRouter(tags=["sites"])

MAD_TO_SIGMA = 1.4826


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
def site_series(db: DB, site_id: str, quantity: Annotated[Quantity, Query()], time: Windowed) -> dict[str, Any]:
    """A site's measurement series of one quantity, oldest first: observed points with intervals,
    "not observed" points (value null) that the chart shows as gaps, anomalies and the baseline band."""
    one(db, SiteRow, site_id, "site")
    where = [MeasurementRow.site_id == site_id, MeasurementRow.quantity == quantity.value,
             *time.overlaps(MeasurementRow.acquired, MeasurementRow.acquired)]
    columns = [c for c in MeasurementRow.__table__.c if c.name != "parameters"]  # detections: see the chip
    rows = db.execute(select(*columns).where(*where).order_by(MeasurementRow.acquired)).mappings()
    points = [measurement_shape(row) for row in rows]
    anomalies = [dict(r) for r in db.execute(select(AnomalyRow.__table__).where(
        AnomalyRow.site_id == site_id, AnomalyRow.quantity == quantity.value,
        *time.overlaps(AnomalyRow.acquired, AnomalyRow.acquired)).order_by(AnomalyRow.acquired)).mappings()]
    return {"site_id": site_id, "quantity": quantity.value, "points": points, "anomalies": anomalies,
            "baseline": baseline_band(points, anomalies)}


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

