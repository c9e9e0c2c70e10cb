"""Partly clouded scenes: a cloud's soft edge beyond the mask is not counted as cars or boxes.

A cloud's opacity falls off over tens of metres; the masks cut it where it is opaque, so the ground
just outside carries a faint veil that reads like paint. What is found there goes into the upper
bound only (`Masks.fringe`), the value counts what is seen clearly.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from measure_synth import track_scene, yard_scene

from armstrack.imagery.measure import count_containers, count_rail_cars
from armstrack.imagery.measure.base import SKY_FRINGE_M, Masks, SiteRaster
from armstrack.imagery.measure.fringe import veiled

CLOUD = np.array([0.7, 0.71, 0.74, 0.68], dtype=np.float32)


def _veil(raster: SiteRaster, edge_col: int, width_m: float = 45.0, peak: float = 0.35, slant: float = 1.5) -> None:
    """Brighten the ground east of a slanting cloud edge (at `edge_col` on the middle row, `slant`
    columns per row) towards cloud white, fading over `width_m`; the cloud west of it is masked
    (in place, before any counter has stacked the bands)."""
    rows, cols = np.mgrid[0:raster.shape[0], 0:raster.shape[1]]
    edge = edge_col + slant * (rows - raster.shape[0] / 2)
    distance_m = (cols - edge) * raster.gsd_m
    raster.masks.cloud[:] = distance_m < 0
    raster.masks.__dict__.pop("clear", None)
    raster.masks.__dict__.pop("hidden", None)
    alpha = np.where(distance_m >= 0, peak * np.clip(1 - distance_m / width_m, 0, 1), 0.0).astype(np.float32)
    for i, name in enumerate(("red", "green", "blue", "nir")):
        band = raster.bands[name]
        band[:] = np.where(distance_m < 0, CLOUD[i], band * (1 - alpha) + CLOUD[i] * alpha)


def test_fringe_is_the_clear_ground_within_reach_of_a_cloud() -> None:
    shape = (60, 200)
    cloud = np.zeros(shape, dtype=bool)
    cloud[:, :50] = True
    masks = Masks(valid=np.ones(shape, bool), cloud=cloud, shadow=np.zeros(shape, bool), snow=np.zeros(shape, bool))
    fringe = masks.fringe(1.0)
    assert not (fringe & cloud).any()
    assert fringe[:, 50:50 + int(SKY_FRINGE_M) - 10].all()
    assert not fringe[:, 50 + int(SKY_FRINGE_M) + 10:].any()
    clear = Masks(valid=np.ones(shape, bool), cloud=np.zeros(shape, bool), shadow=np.zeros(shape, bool),
                  snow=np.zeros(shape, bool))
    assert not clear.fringe(1.0).any()


def test_cloud_edge_veil_is_not_counted_as_cars() -> None:
    for gsd in (1.0, 3.0):
        raster, tracks, _ = track_scene(5, 0, gsd=gsd, length_m=600, cloud_cols=(0, int(150 / gsd)))
        _veil(raster, int(150 / gsd))
        value = count_rail_cars(raster, tracks).value
        assert value is not None
        assert value.value <= 1 and value.low == 0
        assert value.high >= 3  # the veiled stretch may hold cars: the upper bound says so


def test_cars_clear_of_the_cloud_edge_are_still_counted() -> None:
    raster, tracks, truth = track_scene(2, 8, gsd=1.0, length_m=800, cloud_cols=(int(700 / 1.0), 800))
    value = count_rail_cars(raster, tracks).value
    assert value is not None and value.contains(truth)
    assert abs(value.value - truth) <= 1


def test_cloud_edge_veil_is_not_counted_as_containers() -> None:
    raster, yard, _ = yard_scene(3, blocks=0, gsd=1.0)
    _veil(raster, 60, width_m=40.0, slant=0.0)
    value = count_containers(raster, [yard]).value
    assert value is not None
    assert value.value <= 10 and value.high > value.value


def test_a_car_in_the_fringe_differs_from_its_bed_a_veil_does_not() -> None:
    rng = np.random.default_rng(0)
    n = 60
    bed = np.array([0.17, 0.16, 0.15, 0.20])[:, None] + rng.normal(0, 0.003, (4, n))
    centre = bed + 0.01
    flanks = np.stack([bed, bed], axis=2)
    fringe = np.zeros(n, dtype=bool)
    fringe[40:] = True
    veil = np.array([0.08, 0.08, 0.09, 0.07])[:, None]
    centre[:, 40:50] += veil  # veil over centre and bed alike
    flanks[:, 40:50, :] += veil[:, :, None]
    centre[:, 50:] = np.array([0.05, 0.05, 0.052, 0.065])[:, None]  # a dark car on bare bed
    profile = SimpleNamespace(centre=centre, flanks=flanks, seen=np.ones(n, dtype=bool), fringe=fringe,
                              contrast=np.where(np.arange(n) >= 40, 0.1, 0.0))
    found = veiled(profile, 0.035, fine=True)
    assert found[40:50].all() and not found[50:].any() and not found[:40].any()
    assert veiled(profile, 0.035, fine=False)[40:].all()  # coarse: the flanks are other tracks
