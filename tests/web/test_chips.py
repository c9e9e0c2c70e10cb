"""Image chips: PNGs from the scene window, and a clear 404 when there are no pixels to show."""

from __future__ import annotations

import io

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import update

from armstrack.imagery.measure.registry import counter_names
from armstrack.store.schema import MeasurementRow, SceneRow
from armstrack.web.chips import MIN_SIDE, render_chip
from armstrack.web.sample import Sample


def test_chip_is_a_png_of_the_window(client: TestClient, sample: Sample) -> None:
    response = client.get(f"/api/measurements/{sample.chip_measurement}/chip.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert max(image.size) >= MIN_SIDE
    colours = {tuple(int(c) for c in px) for px in np.asarray(image).reshape(-1, 3)}
    assert (255, 64, 64) in colours and (255, 214, 0) in colours  # detections and the window are drawn


def test_hand_entered_measurement_has_no_chip(client: TestClient, sample: Sample) -> None:
    response = client.get(f"/api/measurements/{sample.manual_measurement}/chip.png")
    assert response.status_code == 404 and "entered by hand" in response.json()["detail"]
    assert client.get(f"/api/measurements/{sample.manual_measurement}").json()["chip"] is None


def test_missing_scene_file_is_404(client: TestClient, sample: Sample) -> None:
    scene_id = client.get(f"/api/measurements/{sample.chip_measurement}").json()["scene_id"]
    (sample.workspace.root / client.get(f"/api/scenes/{scene_id}").json()["path"]).unlink()
    response = client.get(f"/api/measurements/{sample.chip_measurement}/chip.png")
    assert response.status_code == 404 and "is gone" in response.json()["detail"]


def test_unreadable_scene_file_is_404(client: TestClient, sample: Sample) -> None:
    scene_id = client.get(f"/api/measurements/{sample.chip_measurement}").json()["scene_id"]
    path = sample.workspace.root / client.get(f"/api/scenes/{scene_id}").json()["path"]
    path.write_bytes(b"not a tiff")
    response = client.get(f"/api/measurements/{sample.chip_measurement}/chip.png")
    assert response.status_code == 404 and "cannot be read" in response.json()["detail"]


def test_window_outside_the_scene_is_404(client: TestClient, sample: Sample) -> None:
    with sample.workspace.store.transaction() as db:
        db.execute(update(MeasurementRow).where(MeasurementRow.id == sample.chip_measurement)
                   .values(window=[5000, 5000, 10, 10]))
    response = client.get(f"/api/measurements/{sample.chip_measurement}/chip.png")
    assert response.status_code == 404


def test_render_chip_single_band(sample: Sample) -> None:
    with sample.workspace.store.session() as db:
        scene = db.query(SceneRow).first()
        assert scene is not None
        png = render_chip(sample.workspace.root / scene.path, [10, 10, 40, 20], {},
                          [[1, 1, 5, 5], {"box": [6, 6, 9, 9]}])
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGB" and image.size[0] >= MIN_SIDE
    assert (255, 64, 64) in {tuple(int(c) for c in px) for px in np.asarray(image).reshape(-1, 3)}


def test_core_counters_get_the_imagery_cores_chip(client: TestClient, sample: Sample,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def core_chip(_workspace: object, measurement_id: str) -> bytes:
        calls.append(measurement_id)
        return b"\x89PNG core"

    monkeypatch.setattr("armstrack.web.api.measurements.measurement_chip", core_chip)
    quantity = client.get(f"/api/measurements/{sample.chip_measurement}").json()["quantity"]
    with sample.workspace.store.transaction() as db:
        db.execute(update(MeasurementRow).where(MeasurementRow.id == sample.chip_measurement)
                   .values(method=counter_names(quantity)[0]))
    response = client.get(f"/api/measurements/{sample.chip_measurement}/chip.png")
    assert response.content == b"\x89PNG core" and calls == [sample.chip_measurement]
