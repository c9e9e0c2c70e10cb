"""/api/anomalies: measurements that depart from their site's baseline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from armstrack.model import Quantity
from armstrack.store.schema import AnomalyRow
from armstrack.web.query import DB, Paged, Windowed, listing, one

router = APIRouter(tags=["anomalies"])


@router.get("/anomalies")
def list_anomalies(db: DB, paged: Paged, time: Windowed, site: Annotated[str | None, Query()] = None,
                   quantity: Annotated[Quantity | None, Query()] = None,
                   min_score: Annotated[float | None, Query()] = None,
                   unprecedented: Annotated[bool | None, Query()] = None) -> dict[str, Any]:
    """Anomalies, newest first, by site, quantity, time, score and whether unprecedented."""
    where = time.overlaps(AnomalyRow.acquired, AnomalyRow.acquired)
    if site is not None:
        where.append(AnomalyRow.site_id == site)
    if quantity is not None:
        where.append(AnomalyRow.quantity == quantity.value)
    if min_score is not None:
        where.append(AnomalyRow.score >= min_score)
    if unprecedented is not None:
        where.append(AnomalyRow.unprecedented.is_(unprecedented))
    return listing(db, AnomalyRow, where, [AnomalyRow.acquired.desc(), AnomalyRow.id.desc()], paged)


@router.get("/anomalies/{anomaly_id}")
def get_anomaly(db: DB, anomaly_id: str) -> dict[str, Any]:
    """One anomaly."""
    return one(db, AnomalyRow, anomaly_id, "anomaly")
