"""A small, realistic workspace for the dashboard's tests, screenshots and demos.

It fills the store directly (no runner): scenes with tiny synthetic GeoTIFFs, measurement series
with a "not observed" gap and a spike, anomalies, reports (one carrying markup meant to run),
claims with their spans, graded sources, shipments with evidence for and against, screening hits.
Every text here was written for this file. Run `python -m armstrack.web.sample DIR` to make one.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from pyproj import Transformer
from rasterio.transform import Affine
from shapely.geometry import shape

from armstrack.model import content_hash
from armstrack.pipeline.workspace import Workspace, init_workspace
from armstrack.store import upsert
from armstrack.store.schema import (
    AnomalyRow,
    Base,
    ClaimRow,
    EvidenceLinkRow,
    MeasurementRow,
    ReportRow,
    SceneRow,
    ScreeningHitRow,
    ShipmentRow,
    SiteRow,
    SourceRow,
)
from armstrack.web.sample_texts import HITS, REPORTS, SOURCES

SIDE = 160  # pixels of each synthetic scene
GSD_M = 0.5
CAR = (9, 3)  # a rail car or container in pixels (width, height)
START = datetime(2023, 7, 3, 2, 10)
# (site, quantity, weekly values: None = not observed under cloud); the spikes are the transfers
SERIES: list[tuple[str, str, list[float | None]]] = [
    ("tumangang", "rail_cars", [9, 12, 8, 11, 14, 10, None, None, 13, 16, 12, 15, 44, 73, 38, 17, 12, 14]),
    ("khasan", "rail_cars", [15, 18, 14, 16, 19, 17, None, 18, 20, 17, 21, 19, 35, 52, 30, 22, 18, 20]),
    ("rajin", "containers_teu", [60, 72, 58, 66, 70, 64, 68, 190, 300, 120, 71, None, 66, 74, 69, 70, 62, 65]),
]


@dataclass
class Sample:
    """Ids of the rows a test or a screenshot wants to point at."""

    workspace: Workspace
    script_report: str
    shipment: str
    manual_measurement: str
    chip_measurement: str
    hit: str
    source: str


def build_sample(workspace: Workspace) -> Sample:
    """Fill the workspace's store with the sample rows (idempotent: a second run adds nothing)."""
    folder = workspace.cache("imagery")
    with workspace.store.transaction() as db:
        sites = {row.id: row for row in db.query(SiteRow)}
        scenes, measurements, anomalies = _imagery(folder, sites, workspace.root)
        reports, claims = _reports()
        shipments, links = _shipments(measurements, anomalies, claims)
        tables: list[tuple[type[Base], list[dict[str, Any]]]] = [
            (SceneRow, scenes), (MeasurementRow, measurements), (AnomalyRow, anomalies), (ReportRow, reports),
            (SourceRow, _sources()), (ClaimRow, claims), (ShipmentRow, shipments), (EvidenceLinkRow, links),
            (ScreeningHitRow, _hits())]
        for row_type, rows in tables:
            upsert(db, row_type, rows)
    manual = next(m["id"] for m in measurements if m["scene_id"] is None)
    chip = next(a["measurement_id"] for a in anomalies if a["unprecedented"])
    return Sample(workspace, script_report=reports[-1]["id"], shipment=shipments[0]["id"],
                  manual_measurement=manual, chip_measurement=chip, hit=_hits()[0]["id"],
                  source=_sources()[0]["id"])


def sample_workspace(folder: Path) -> Sample:
    """A new workspace in `folder` (default corridor) holding the sample."""
    workspace, _created = init_workspace(folder)
    return build_sample(workspace)


# --- imagery -------------------------------------------------------------------------------------


def _imagery(folder: Path, sites: dict[str, SiteRow], root: Path
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    scenes, measurements, anomalies = [], [], []
    for site_id, quantity, values in SERIES:
        observed = [v for v in values if v is not None]
        median = float(np.median(observed[:6]))
        high = median + 3 * 1.4826 * float(np.median(np.abs(np.array(observed[:6]) - median)))
        for week, value in enumerate(values):
            acquired = START + timedelta(days=7 * week, minutes=17 * week)
            scene = _scene(folder, sites[site_id], acquired, int(value or 0), cloudy=value is None, root=root)
            scenes.append(scene)
            row = _measurement(site_id, quantity, acquired, value, scene)
            measurements.append(row)
            if value is not None and value > high:
                before = [v for v in values[:week] if v is not None]
                anomalies.append(_anomaly(row, median, high, value >= 1.5 * max(before)))
    measurements.append(_manual_measurement())
    return scenes, measurements, anomalies


def _scene(folder: Path, site: SiteRow, acquired: datetime, count: int, cloudy: bool, root: Path) -> dict[str, Any]:
    centre = shape(site.geometry).centroid
    zone = int((centre.x + 180) // 6) + 1
    crs = f"EPSG:{32600 + zone}"
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(centre.x, centre.y)
    scene_id = content_hash("sample-scene", site.id, acquired)
    path = folder / f"{scene_id}.tif"
    if not path.exists():
        pixels = _pixels(count, cloudy, seed=int(scene_id[:8], 16))
        half = SIDE * GSD_M / 2
        with rasterio.open(path, "w", driver="GTiff", width=SIDE, height=SIDE, count=3, dtype="uint8", crs=crs,
                           transform=Affine(GSD_M, 0, x - half, 0, -GSD_M, y + half), compress="deflate") as dst:
            dst.write(pixels)
    return {"id": scene_id, "path": str(path.relative_to(root)), "sensor": "synthetic-rgb", "acquired": acquired,
            "gsd_m": GSD_M, "crs": crs, "footprint": site.geometry, "bands": {"red": 1, "green": 2, "blue": 3},
            "site_ids": [site.id], "cloud_fraction": {site.id: 0.9 if cloudy else 0.02},
            "properties": {"synthetic": True}, "ingested_at": acquired + timedelta(hours=6)}


def _pixels(count: int, cloudy: bool, seed: int) -> np.ndarray:
    """Ground, a yard of rows, and `count` bright cars on it (or a cloud)."""
    rng = np.random.default_rng(seed)
    image = rng.normal(92, 8, size=(3, SIDE, SIDE)).clip(0, 255)
    image[:, 20:140, 20:140] -= 25  # the yard's ballast
    for col, row in _car_boxes(count):
        image[:, row:row + CAR[1], col:col + CAR[0]] = [[[214]], [[205]], [[182]]]
    if cloudy:
        yy, xx = np.mgrid[0:SIDE, 0:SIDE]
        cloud = np.exp(-((xx - 80) ** 2 + (yy - 70) ** 2) / 3000.0)
        image = image * (1 - cloud) + 245 * cloud
    return image.astype(np.uint8)


def _car_boxes(count: int) -> list[tuple[int, int]]:
    """Top-left pixels of `count` cars on parallel tracks inside the yard window (20..140)."""
    per_track = 116 // (CAR[0] + 1)
    return [(22 + (i % per_track) * (CAR[0] + 1), 24 + (i // per_track) * (CAR[1] + 1)) for i in range(count)]


def _measurement(site_id: str, quantity: str, acquired: datetime, value: float | None,
                 scene: dict[str, Any]) -> dict[str, Any]:
    spread = 0.0 if value is None else max(1.0, round(value * 0.08))
    detections = [] if value is None else [
        [c - 20, r - 20, c - 20 + CAR[0], r - 20 + CAR[1]] for c, r in _car_boxes(int(value))]
    return {"id": content_hash("sample-measurement", site_id, quantity, acquired), "site_id": site_id,
            "quantity": quantity, "acquired": acquired, "value": value,
            "low": None if value is None else value - spread, "high": None if value is None else value + spread,
            "method": "sample-counter", "scene_id": scene["id"], "window": [20, 20, 120, 120],
            "coverage": 1.0, "cloud_fraction": scene["cloud_fraction"][site_id],
            "flags": ["cloud"] if value is None else [], "parameters": {"detections": detections}, "source": None}


def _manual_measurement() -> dict[str, Any]:
    acquired = datetime(2023, 10, 5, 2, 0)
    return {"id": content_hash("sample-manual", acquired), "site_id": "tumangang", "quantity": "rail_cars",
            "acquired": acquired, "value": 73.0, "low": 68.0, "high": 78.0, "method": "manual", "scene_id": None,
            "window": None, "coverage": 1.0, "cloud_fraction": 0.0, "flags": ["entered by hand"],
            "parameters": {}, "source": "count published by an imagery analysis group (sample)"}


def _anomaly(measurement: dict[str, Any], median: float, high: float, unprecedented: bool) -> dict[str, Any]:
    value = float(measurement["value"])
    return {"id": content_hash("sample-anomaly", measurement["id"]), "site_id": measurement["site_id"],
            "quantity": measurement["quantity"], "acquired": measurement["acquired"], "value": value,
            "baseline_median": median, "baseline_high": high,
            "score": round((value - median) / max(high - median, 1), 2),
            "unprecedented": unprecedented, "measurement_id": measurement["id"]}


# --- reports, sources, claims --------------------------------------------------------------------


def _reports() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    reports, claims = [], []
    for spec in REPORTS:
        report_id = content_hash("sample-report", spec["url"])
        reports.append({"id": report_id, "url": spec["url"], "publisher": spec["publisher"], "title": spec["title"],
                        "author": None, "published": date.fromisoformat(spec["published"]), "text": spec["text"],
                        "story_id": None, "raw_path": None, "properties": {"sample": True},
                        "ingested_at": datetime(2024, 1, 8, 9, 0), "extracted_at": datetime(2024, 1, 8, 9, 1)})
        for claim in spec["claims"]:
            claims.append(_claim(report_id, spec["text"], claim))
    return reports, claims


def _claim(report_id: str, text: str, spec: dict[str, Any]) -> dict[str, Any]:
    start = text.index(spec["quote"])
    attribution = spec["attribution"]
    return {"id": content_hash("sample-claim", report_id, start), "report_id": report_id,
            "supplier": spec.get("supplier", "North Korea"), "recipient": spec.get("recipient", "Russia"),
            "materiel": spec["materiel"], "mode": spec["mode"], "places": spec["places"],
            "period_start": spec["period"][0], "period_end": spec["period"][1], "quantity": spec.get("quantity"),
            "status": spec["status"], "attribution": attribution, "origin": attribution[-1] if attribution else None,
            "hedge": spec.get("hedge"), "probability": spec.get("probability"),
            "evidence_type": spec["evidence_type"], "quote": spec["quote"], "span_start": start,
            "span_end": start + len(spec["quote"]), "properties": {}}


def _sources() -> list[dict[str, Any]]:
    return [{"id": content_hash(name.casefold()), "name": name, "kind": kind, "reliability": grade,
             "reason": reason, "edited": False} for name, kind, grade, reason in SOURCES]


def _hits() -> list[dict[str, Any]]:
    return [{"id": content_hash(query.casefold(), list_name, entry), "query": query, "entity_type": kind,
             "list_name": list_name, "entry_id": entry, "name": name, "score": score, "explanation": why,
             "decision": None, "decided_at": None} for query, kind, list_name, entry, name, score, why in HITS]


# --- shipments -----------------------------------------------------------------------------------


def _shipments(measurements: list[dict[str, Any]], anomalies: list[dict[str, Any]], claims: list[dict[str, Any]]
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    def anomaly_at(site: str) -> str:
        return max((a for a in anomalies if a["site_id"] == site), key=lambda a: a["value"])["id"]

    def claim_with(word: str) -> str:
        return next(c["id"] for c in claims if word in c["quote"])

    specs = [
        ("tumangang->khasan:rail", "rail", (2023, 9, 25), (2023, 10, 10), 0.82, "very likely", "accepted",
         {"rail_cars": (58.0, 41.0, 73.0), "shells": (410_000.0, 180_000.0, 760_000.0)},
         [("anomaly", anomaly_at("tumangang"), True, 0.9, "rail cars at Tumangang 5x the baseline, unprecedented"),
          ("anomaly", anomaly_at("khasan"), True, 0.7, "rail cars at Khasan above the baseline in the same week"),
          ("claim", claim_with("flatcars"), True, 0.8, "a usually reliable monitor (B) reports loaded flatcars"),
          ("claim", claim_with("denied"), False, 0.2, "an official denial (D): weighs little against imagery")]),
        ("rajin->dunai:sea", "sea", (2023, 9, 1), (2023, 9, 20), 0.71, "likely", "proposed",
         {"containers_teu": (230.0, 150.0, 310.0)},
         [("anomaly", anomaly_at("rajin"), True, 0.8, "containers staged at Rajin 4x the baseline"),
          ("claim", claim_with("containers"), True, 0.6, "a fairly reliable outlet (C) reports containers loaded")]),
        ("rajin->vostochny-port:sea", "sea", (2023, 12, 10), (2024, 1, 5), 0.34, "unlikely", "proposed",
         {"containers_teu": (40.0, 0.0, 120.0)},
         [("claim", claim_with("Vostochny"), True, 0.3, "one unconfirmed channel (E), no imagery yet")]),
        ("khasan->tikhoretsk:rail", "rail", (2023, 10, 8), (2023, 10, 30), 0.55, "likely", "rejected",
         {"rail_cars": (40.0, 20.0, 60.0)},
         [("claim", claim_with("Tikhoretsk"), True, 0.5, "an official assessment (B) names the depot")]),
    ]
    shipments, links = [], []
    for route, mode, start, end, confidence, likelihood, status, volume, evidence in specs:
        shipment_id = content_hash(route, datetime(*start), datetime(*end))
        shipments.append({"id": shipment_id, "route_id": route, "mode": mode, "window_start": datetime(*start),
                          "window_end": datetime(*end), "confidence": confidence, "likelihood": likelihood,
                          "reasoning": [e[4] for e in evidence], "status": status, "note": None,
                          "volume": {k: {"value": v, "low": lo, "high": hi} for k, (v, lo, hi) in volume.items()}})
        for kind, ref, supports, weight, why in evidence:
            links.append({"id": content_hash(shipment_id, kind, ref), "shipment_id": shipment_id, "kind": kind,
                          "ref_id": ref, "supports": supports, "weight": weight, "explanation": why})
    return shipments, links


if __name__ == "__main__":
    made = sample_workspace(Path(sys.argv[1] if len(sys.argv) > 1 else "sample-workspace"))
    print(f"sample workspace {made.workspace.root} ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")
