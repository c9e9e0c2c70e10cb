"""The counters on tiny synthetic rasters drawn in numpy (see measure_synth.py): counts, intervals, cloud."""

from __future__ import annotations

import numpy as np
import pytest
from measure_synth import quay_scene, track_scene, yard_scene

from armstrack.imagery.measure import count_containers, count_rail_cars, count_vessels, counter_names, get_counter
from armstrack.imagery.measure.base import FeatureCount, combine
from armstrack.imagery.measure.masks import spectral_masks
from armstrack.imagery.measure.registry import register_counter
from armstrack.model import ArmstrackError, Quantity


@pytest.mark.parametrize("gsd", [0.5, 1.0])
def test_rail_cars_resolved_one_by_one_at_fine_gsd(gsd: float) -> None:
    errors = []
    for seed in range(6):
        raster, track, truth = track_scene(seed, 4 + 3 * seed, gsd=gsd)
        value = count_rail_cars(raster, track).value
        assert value is not None and value.contains(truth)
        errors.append(abs(value.value - truth))
    assert sum(errors) <= 1


def test_rail_cars_from_length_at_3m_stay_within_their_interval() -> None:
    for seed in range(6):
        raster, track, truth = track_scene(seed, 6 + 2 * seed, gsd=3.0)
        value = count_rail_cars(raster, track).value
        assert value is not None and value.contains(truth)
        assert abs(value.value - truth) <= max(1, 0.35 * truth)


def test_empty_track_counts_zero_cars() -> None:
    raster, track, _ = track_scene(3, 0, gsd=0.5)
    value = count_rail_cars(raster, track).value
    assert value is not None and value.value == 0


def test_track_under_cloud_is_not_observed_never_zero() -> None:
    raster, track, _ = track_scene(1, 10, gsd=1.0, length_m=400, cloud_cols=(0, 300))
    count = count_rail_cars(raster, track, max_cloud=0.5)
    assert count.value is None
    assert count.cloud_fraction > 0.5
    assert "not_observed" in count.flags


def test_partly_clouded_track_widens_the_interval_upward() -> None:
    clear, track, truth = track_scene(2, 12, gsd=1.0, length_m=400)
    partly, track2, _ = track_scene(2, 12, gsd=1.0, length_m=400, cloud_cols=(300, 400))
    a, b = count_rail_cars(clear, track).value, count_rail_cars(partly, track2).value
    assert a is not None and b is not None
    assert b.high > a.high and b.contains(truth)


def test_containers_teu_interval_holds_the_truth() -> None:
    raster, yard, teu = yard_scene(4, blocks=5, gsd=0.5, stack=2)
    value = count_containers(raster, [yard]).value
    assert value is not None and value.contains(teu)
    assert value.low < value.value < value.high


def test_vessels_at_berth_and_at_anchor() -> None:
    raster, features, truth = quay_scene(5, [120.0, 180.0, 95.0])
    count = count_vessels(raster, features)
    assert count.value is not None and count.value.value == truth
    lengths = sorted(count.parameters["lengths_m"])
    assert lengths == pytest.approx([95, 100, 120, 180], abs=6)


def test_spectral_masks_find_a_cloud_but_not_white_objects() -> None:
    size = 300
    bands = {n: np.full((size, size), v, dtype=np.float32) for n, v in zip(("red", "green", "blue", "nir"),
                                                                           (0.12, 0.11, 0.09, 0.25), strict=True)}
    for n, v in zip(("red", "green", "blue", "nir"), (0.7, 0.71, 0.74, 0.68), strict=True):
        bands[n][:, :150] = v  # a cloud over the west half
        bands[n][200:206, 200:212] = v * 0.9  # a white box the size of a rail car
    masks = spectral_masks(bands, np.ones((size, size), dtype=bool), gsd_m=1.0)
    assert masks.cloud[:, :140].mean() > 0.95
    assert not masks.cloud[180:230, 180:240].any()


def test_combine_refuses_a_partial_total() -> None:
    parts = [FeatureCount("a", 10, 9, 11, seen=1.0, cloud=0.0), FeatureCount("b", 0, 0, 0, seen=0.2, cloud=0.8)]
    interval, coverage, cloud = combine(parts, max_cloud=0.5)
    assert interval is None and coverage == pytest.approx(0.6) and cloud == pytest.approx(0.4)


def test_registry_names_counters_and_refuses_duplicates() -> None:
    assert counter_names(Quantity.RAIL_CARS)[0] == "rail-profile-v1"
    assert get_counter("vessels")[0] == "berth-water-v2"
    with pytest.raises(ArmstrackError, match="unknown counter"):
        get_counter("rail_cars", "nope")
    with pytest.raises(ArmstrackError, match="already registered"):
        register_counter(Quantity.RAIL_CARS, "rail-profile-v1")(count_rail_cars)
