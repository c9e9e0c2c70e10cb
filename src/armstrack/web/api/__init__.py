"""One router per vocabulary item; the app mounts every router of `ROUTERS` under /api."""

from __future__ import annotations

from fastapi import APIRouter

from armstrack.web.api import (
    anomalies,
    claims,
    measurements,
    meta,
    notes,
    reports,
    routes,
    scenes,
    screening,
    shipments,
    sites,
    sources,
)

ROUTERS: dict[str, APIRouter] = {
    "meta": meta.router,
    "sites": sites.router,
    "routes": routes.router,
    "scenes": scenes.router,
    "measurements": measurements.router,
    "anomalies": anomalies.router,
    "reports": reports.router,
    "claims": claims.router,
    "sources": sources.router,
    "shipments": shipments.router,
    "screening_hits": screening.router,
    "notes": notes.router,
}
