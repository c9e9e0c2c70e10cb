"""Locomotives at the head of a rake are told from freight cars and left out of the car count."""

from __future__ import annotations

import numpy as np
import pytest
from measure_synth import draw_locomotive, track_scene

from armstrack.imagery.measure import count_rail_cars
from armstrack.imagery.measure.locomotives import LocoParams, coarse_locomotives, score_vehicle


def _runs(count: object) -> list[dict]:
    tracks = count.parameters["tracks"]  # type: ignore[attr-defined]
    return [run for track in tracks.values() for run in track["runs"]]


@pytest.mark.parametrize("gsd", [0.5, 1.0])
def test_locomotive_at_the_head_is_not_counted(gsd: float) -> None:
    for seed in range(3):
        raster, tracks, truth = track_scene(seed, 8 + 4 * seed, gsd=gsd, locomotive=True)
        count = count_rail_cars(raster, tracks)
        assert count.value is not None and count.value.contains(truth)
        assert count.value.value == truth
        assert sum(run["locomotives"] for run in _runs(count)) == 1
        assert [d.label for d in count.detections].count("locomotive") == 1


@pytest.mark.parametrize("gsd", [0.5, 1.0])
def test_freight_cars_alone_are_never_taken_for_locomotives(gsd: float) -> None:
    for seed in range(4):
        raster, tracks, truth = track_scene(seed, 10 + 3 * seed, gsd=gsd)
        count = count_rail_cars(raster, tracks)
        assert count.value is not None and count.value.contains(truth)
        assert sum(run["locomotives"] for run in _runs(count)) == 0
        assert "locomotive" not in {d.label for d in count.detections}


def test_a_short_run_is_no_rake_and_keeps_its_vehicles() -> None:
    raster, tracks, truth = track_scene(1, 1, gsd=0.5, locomotive=True)
    count = count_rail_cars(raster, tracks)
    assert count.value is not None and count.value.value == truth + 1  # a light engine is not a rake


def test_vehicle_score_needs_the_hatch_rhythm() -> None:
    image = np.zeros((4, 40, 120), dtype=np.float32)
    draw_locomotive(image, 0.0, 20.0, 0.25)
    loco = image[:, 19:21, :73].mean(axis=1)  # the centre strip at 0.25 m stations
    plain = np.repeat(loco[:, 3:4], 73, axis=1)
    assert score_vehicle(loco, 0.25, LocoParams()).locomotive
    assert not score_vehicle(plain, 0.25, LocoParams()).locomotive


def test_coarse_share_brackets_the_expected_locomotives() -> None:
    value, fewest, most = coarse_locomotives(50.0, LocoParams())
    assert fewest == 0.0 and 0.0 < value < most <= 5.0
