"""Series past `max_points`: thinned to runs that keep their peaks (and gaps), said so in the answer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from armstrack.web.api.sites import MAX_SERIES_POINTS, thin
from armstrack.web.sample import SERIES


def point(i: int, value: float | None) -> dict[str, Any]:
    return {"id": str(i), "value": None if value is None else {"value": value, "low": value, "high": value}}


def test_thin_keeps_each_runs_peak_and_all_gaps_runs() -> None:
    values: list[float | None] = [1, 9, 2, None, None, None, 3, 4, 50, 5, 6, 7]
    kept = thin([point(i, v) for i, v in enumerate(values)], 4)
    assert [p["id"] for p in kept] == ["1", "3", "8", "11"]  # runs of 3: peak 9, all gaps, peak 50, peak 7


def test_thin_leaves_short_series_alone_and_keeps_order() -> None:
    points = [point(i, float(i % 7)) for i in range(25)]
    assert thin(points, 25) is points
    kept = thin(points, 10)
    assert len(kept) == 10 and [int(p["id"]) for p in kept] == sorted(int(p["id"]) for p in kept)


def test_series_max_points(client: TestClient) -> None:
    site, quantity, values = SERIES[0]
    full = client.get(f"/api/sites/{site}/series", params={"quantity": quantity}).json()
    assert full["downsampled"] is None and len(full["points"]) >= len(values) > 10
    thinned = client.get(f"/api/sites/{site}/series", params={"quantity": quantity, "max_points": 10}).json()
    assert len(thinned["points"]) == 10
    assert thinned["downsampled"]["points"] == len(full["points"]) and thinned["downsampled"]["kept"] == 10
    peak = max(p["value"]["value"] for p in full["points"] if p["observed"])
    assert max(p["value"]["value"] for p in thinned["points"] if p["observed"]) == peak
    assert thinned["baseline"] == full["baseline"] and thinned["anomalies"] == full["anomalies"]


@pytest.mark.parametrize("max_points", [9, MAX_SERIES_POINTS + 1, "many"])
def test_series_max_points_bounds(client: TestClient, max_points: object) -> None:
    response = client.get("/api/sites/tumangang/series", params={"quantity": "rail_cars", "max_points": max_points})
    assert response.status_code == 422 and "max_points" in response.text
