"""Coarse-GSD rail helpers on tiny synthetic arrays: co-registration across the tracks, edge tracks."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from armstrack.imagery.measure.coarse import edge_stations, suppress_neighbour_shadows
from armstrack.imagery.measure.coregister import CROSS_OFFSETS_PX, at_offset, coregister, cross_shifts
from armstrack.imagery.measure.rail import RailParams, widen
from armstrack.model import Interval


def _bed(rng: np.random.Generator, stations: int) -> tuple[np.ndarray, np.ndarray]:
    """Per band and station, the amplitudes of the own track's stripe and of its neighbours'."""
    return rng.uniform(0.02, 0.08, (4, stations)), rng.uniform(0.02, 0.08, (4, stations))


def _scene(own: np.ndarray, beside: np.ndarray, shift_px: float, rng: np.random.Generator,
           car: slice | None = None) -> dict[str, list[SimpleNamespace]]:
    """One scene's cross strips: the bed moved `shift_px` across the track, noise, maybe a car."""
    x = CROSS_OFFSETS_PX[None, None, :] - shift_px
    cross = (0.12 + own[..., None] * np.exp(-x**2 / 0.5) + beside[..., None] * np.exp(-(np.abs(x) - 1.6)**2 / 0.5)
             + rng.normal(0, 0.003, (4, own.shape[1], len(CROSS_OFFSETS_PX))))
    if car is not None:
        cross[:, car, :] += 0.15
    seen = np.ones(own.shape[1], dtype=bool)
    profile = SimpleNamespace(cross=cross.astype(np.float32), seen=seen, centre=cross[..., 3].astype(float),
                              cross_shift_px=0.0)
    return {"track-1": [profile]}


def test_cross_shifts_recover_each_scenes_misregistration() -> None:
    rng = np.random.default_rng(7)
    own, beside = _bed(rng, 300)
    true = np.array([-0.8, -0.4, 0.0, 0.3, 0.7, 0.8, -0.6])
    scenes = [_scene(own, beside, s, rng, car=slice(40, 160) if k == 2 else None) for k, s in enumerate(true)]
    found = np.array(cross_shifts(scenes))
    errors = np.abs(found - (true - np.median(true)))
    # three rounds from a blurred first median: the largest shifts are found up to 0.2 px short
    assert errors.max() <= 0.25 and np.median(errors) <= 0.05


def test_too_few_scenes_are_left_where_they_are() -> None:
    rng = np.random.default_rng(8)
    own, beside = _bed(rng, 100)
    scenes = [_scene(own, beside, s, rng) for s in (-0.8, 0.8, 0.0)]
    assert cross_shifts(scenes) == [0.0, 0.0, 0.0]


def test_coregister_reads_the_centre_strip_at_the_found_shift() -> None:
    rng = np.random.default_rng(9)
    own, beside = _bed(rng, 200)
    scenes = [_scene(own, beside, s, rng) for s in (-0.5, 0.0, 0.5, 0.2)]
    crosses = [scene["track-1"][0].cross for scene in scenes]
    shifts = coregister(scenes)
    for scene, shift, cross in zip(scenes, shifts, crosses, strict=True):
        p = scene["track-1"][0]
        assert p.cross_shift_px == shift and p.cross is None  # read once, then dropped
        assert np.allclose(p.centre, at_offset(cross, shift))
    assert shifts[0] < shifts[1] < shifts[2]


def test_at_offset_interpolates_between_stored_offsets() -> None:
    cross = np.broadcast_to(CROSS_OFFSETS_PX, (1, 2, len(CROSS_OFFSETS_PX)))
    assert np.allclose(at_offset(cross, 0.25), 0.25)
    assert np.allclose(at_offset(cross, -9.0), CROSS_OFFSETS_PX[0])


def test_edge_stations_are_the_outer_tracks_of_a_yard() -> None:
    gsd = 3.0
    xs = np.arange(0.0, 300.0, 1.0) / gsd
    profiles = [SimpleNamespace(xy=np.column_stack([xs, np.full_like(xs, k * 4.8 / gsd)])) for k in range(4)]
    edges = edge_stations(profiles, gsd, RailParams())  # type: ignore[arg-type]
    assert edges[0].all() and edges[3].all()
    assert not edges[1].any() and not edges[2].any()


def test_a_shadow_beside_a_car_is_no_car_but_a_car_beside_a_car_stays() -> None:
    gsd = 3.0
    xs = np.arange(0.0, 60.0, 1.0) / gsd
    profiles = [SimpleNamespace(xy=np.column_stack([xs, np.full_like(xs, k * 4.8 / gsd)]),
                                contrast=np.zeros(len(xs)), sun_azimuth_deg=None) for k in range(3)]
    profiles[0].contrast[10:40] = 0.08  # a car on track 1
    profiles[1].contrast[10:40] = 0.10  # its shadow on track 2 (and, further on, a car of its own)
    profiles[1].contrast[45:55] = 0.09
    shaded = [np.zeros(len(xs), dtype=bool), np.zeros(len(xs), dtype=bool), np.zeros(len(xs), dtype=bool)]
    shaded[1][10:40] = True
    suppress_neighbour_shadows(profiles, shaded, gsd, RailParams())  # type: ignore[arg-type]
    assert (profiles[0].contrast[10:40] == 0.08).all()
    assert (profiles[1].contrast[10:40] == 0).all() and (profiles[1].contrast[45:55] == 0.09).all()


def test_a_lone_coarse_scene_gets_the_wider_calibrated_spread_and_fine_scenes_do_not() -> None:
    params = RailParams()
    counted = Interval(value=20.0, low=17.0, high=24.0)
    archive, lone = widen(counted, 3.0, params), widen(counted, 3.0, params, lone=True)
    assert archive is not None and lone is not None
    assert lone.low <= archive.low and lone.high > archive.high and lone.contains(20.0)
    assert widen(counted, 0.5, params, lone=True) == widen(counted, 0.5, params)
    assert widen(counted, 10.0, params, lone=True) == widen(counted, 10.0, params)


def test_only_a_track_on_the_sun_side_can_shade_another() -> None:
    gsd = 3.0
    xs = np.arange(0.0, 60.0, 1.0) / gsd
    # east-west tracks, track k lies 4.8 m south of track k-1 (rows grow southward); sun in the south
    profiles = [SimpleNamespace(xy=np.column_stack([xs, np.full_like(xs, k * 4.8 / gsd)]),
                                contrast=np.full(len(xs), 0.08), sun_azimuth_deg=180.0) for k in range(2)]
    shaded = [np.ones(len(xs), dtype=bool), np.ones(len(xs), dtype=bool)]
    suppress_neighbour_shadows(profiles, shaded, gsd, RailParams())  # type: ignore[arg-type]
    assert (profiles[0].contrast == 0).all()  # north track: in the shadow of the southern one
    assert (profiles[1].contrast == 0.08).all()  # south track: nothing between it and the sun
