"""The rail counter's batched paths give, exactly, what the per-track computations they replace give.

Each batched step (every track sampled in one call, every pair of tracks compared in one pass, the
sunlit bed's stretches from a sorted layout, pooled and own local modes in one pass) is run beside
the plain per-track or per-pair loop it replaced, on tiny random yards, and the arrays must be equal
bit for bit: counts must not move when the speed work changes.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from shapely.geometry import LineString

from armstrack.imagery.measure.coarse import edge_stations, suppress_crosstalk, suppress_neighbour_shadows
from armstrack.imagery.measure.neighbours import near_pairs
from armstrack.imagery.measure.profile import sample, sample_along, stations
from armstrack.imagery.measure.rail import RailParams, suppress_shared_bed
from armstrack.imagery.measure.reference import (
    MODE_RADIUS,
    along_axis,
    lit_level,
    local_modes,
    own_local_modes,
    pooled_and_own_modes,
)
from armstrack.imagery.measure.shade import _reaches, without_caster


def _yard(seed: int, n_tracks: int = 4, n: int = 120, gsd: float = 3.0) -> list[Any]:
    """Parallel tracks 4.8 m apart (a little bent), with random spectra, contrast and what was seen."""
    rng = np.random.default_rng(seed)
    xs = np.arange(n, dtype=float) * 1.0 / gsd
    out = []
    for k in range(n_tracks):
        m = n - 7 * k  # tracks of different lengths
        xy = np.column_stack([xs[:m] + 0.3 * k, k * 4.8 / gsd + 0.02 * xs[:m] + rng.normal(0, 0.05, m)])
        centre = np.round(rng.normal(0.2, 0.02, (4, m)) / 0.01).astype(np.float32) * np.float32(0.01)
        out.append(SimpleNamespace(xy=xy, centre=centre, contrast=rng.random(m) * 0.1, seen=rng.random(m) > 0.2,
                                   sun_azimuth_deg=150.0))
    return out


def test_sampling_every_track_at_once_matches_one_track_at_a_time() -> None:
    rng = np.random.default_rng(21)
    image = rng.random((4, 50, 80), dtype=np.float32)
    lines = [LineString([(-1.0, 5.2), (70.3, 9.9)]), LineString([(3.0, 20.1), (85.0, 30.4)]),
             LineString([(10.0, 40.0), (40.0, 44.0), (60.0, 49.5)])]
    offset_sets = [np.array([-1.0, -0.5, 0.0, 0.5, 1.0]), np.array([-2.4, 2.4]), np.array([-1.5, 0.0, 0.75])]
    every = [stations(line, 0.8) for line in lines]
    starts = np.cumsum([0] + [len(st) for st in every])
    for _ in range(3):  # first through ndimage, then through cached weights: each path against itself
        together = sample_along(image, every, offset_sets)
        for offsets, got in zip(offset_sets, together, strict=True):
            alone = np.concatenate([sample(image, st, offsets) for st in every], axis=1)
            assert got.dtype == alone.dtype and np.array_equal(got, alone)
            assert got.shape == (4, starts[-1], len(offsets))


def _shared_bed_per_pair(profiles: list[Any], gsd_m: float, params: RailParams) -> None:
    shared = [np.ones(len(p.xy), dtype=bool) for p in profiles]
    any_near = [np.zeros(len(p.xy), dtype=bool) for p in profiles]
    for pair in near_pairs([p.xy for p in profiles], params.shared_bed_m / gsd_m):
        mine, other = profiles[pair.i].centre[:, pair.rows], profiles[pair.j].centre[:, pair.index]
        shared[pair.i][pair.rows] &= np.linalg.norm(mine - other, axis=0) < MODE_RADIUS
        any_near[pair.i][pair.rows] = True
    for p, same, near in zip(profiles, shared, any_near, strict=True):
        p.contrast = np.where(same & near, 0.0, p.contrast)


def _crosstalk_per_pair(profiles: list[Any], gsd_m: float, params: RailParams, registered: bool) -> None:
    keep = params.crosstalk_keep[1 if registered else 0]
    strongest = [p.contrast.copy() for p in profiles]
    for pair in near_pairs([p.xy for p in profiles], max(1.2 * gsd_m, params.neighbour_m) / gsd_m):
        strongest[pair.i][pair.rows] = np.maximum(strongest[pair.i][pair.rows], profiles[pair.j].contrast[pair.index])
    for p, top in zip(profiles, strongest, strict=True):
        p.contrast = np.where(p.contrast >= keep * top, p.contrast, 0.0)


def _neighbour_shadows_per_pair(profiles: list[Any], shaded: list[np.ndarray], gsd_m: float,
                                params: RailParams) -> None:
    beside_car = [np.zeros(len(p.xy), dtype=bool) for p in profiles]
    for pair in near_pairs([p.xy for p in profiles], params.neighbour_m / gsd_m):
        mine, other = profiles[pair.i], profiles[pair.j]
        azimuth = np.radians(mine.sun_azimuth_deg)
        sunward = (other.xy[pair.index] - mine.xy[pair.rows]) @ np.array([np.sin(azimuth), -np.cos(azimuth)]) > 0
        beside_car[pair.i][pair.rows] |= sunward & (other.contrast[pair.index] > params.min_contrast)
    for p, shade, beside in zip(profiles, shaded, beside_car, strict=True):
        p.contrast = np.where(shade & beside, 0.0, p.contrast)


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_passes_over_all_track_pairs_match_per_pair_loops(seed: int) -> None:
    params, gsd = RailParams(), 3.0
    yard = _yard(seed)
    for p in yard[::2]:  # some stations the same as the next track's: shared bed
        p.centre[:, 20:40] = yard[1].centre[:, 20:40]
    checks = [(suppress_shared_bed, _shared_bed_per_pair, (gsd, params)),
              (suppress_crosstalk, _crosstalk_per_pair, (gsd, params, True)),
              (suppress_neighbour_shadows, _neighbour_shadows_per_pair,
               ([np.random.default_rng(seed).random(len(p.xy)) > 0.5 for p in yard], gsd, params))]
    for batched, plain, args in checks:
        a, b = copy.deepcopy(yard), copy.deepcopy(yard)
        batched(a, *args)
        plain(b, *args)
        assert all(np.array_equal(x.contrast, y.contrast) for x, y in zip(a, b, strict=True))
        assert any((x.contrast == 0).any() for x in a)
    beside = [np.zeros(len(p.xy), dtype=int) for p in yard]
    for pair in near_pairs([p.xy for p in yard], params.neighbour_m / gsd):
        beside[pair.i][pair.rows] += 1
    edges = edge_stations(yard, gsd, params)
    assert all(np.array_equal(e, n < 2) for e, n in zip(edges, beside, strict=True))


def _lit_level_masked(brightness: list[np.ndarray], seen: list[np.ndarray], xy_m: list[np.ndarray],
                      window_m: float, step_m: float = 100.0, quantile: float = 0.8) -> list[np.ndarray]:
    along = along_axis(np.concatenate(xy_m))
    values = np.concatenate(brightness)
    ok = np.concatenate(seen) & np.isfinite(values)
    fallback = float(np.quantile(values[ok], quantile)) if ok.any() else 0.0
    centres = np.arange(along.min(), along.max() + step_m, step_m)
    level = np.full(len(centres), fallback)
    for k, centre in enumerate(centres):
        near = ok & (np.abs(along - centre) <= window_m / 2)
        if near.sum() >= 20:
            level[k] = float(np.quantile(values[near], quantile))
    index = np.clip(np.round((along - along.min()) / step_m).astype(int), 0, len(centres) - 1)
    return list(np.split(level[index], np.cumsum([len(b) for b in brightness])[:-1]))


def test_sunlit_bed_levels_from_the_sorted_layout_match_a_mask_per_stretch() -> None:
    rng = np.random.default_rng(9)
    yard = _yard(9, n_tracks=5, n=900, gsd=1.0)
    brightness = [rng.random(len(p.xy)) for p in yard]
    brightness[2][::17] = np.nan
    xy_m = [p.xy * 1.0 for p in yard]
    for window_m in (50.0, 400.0):
        got = lit_level(brightness, [p.seen for p in yard], xy_m, window_m=window_m)
        expected = _lit_level_masked(brightness, [p.seen for p in yard], xy_m, window_m)
        assert all(np.array_equal(g, e) for g, e in zip(got, expected, strict=True))


def test_pooled_and_own_modes_in_one_pass_match_the_two_calls() -> None:
    yard = _yard(12, n_tracks=4, n=400, gsd=1.0)
    yard[3].seen[:] = False  # a track never seen falls back to zeros
    args = ([p.centre for p in yard], [p.seen for p in yard], [p.xy * 3.0 for p in yard])
    pooled, own = pooled_and_own_modes(*args, window_m=400.0)
    assert all(np.array_equal(a, b) for a, b in zip(pooled, local_modes(*args, window_m=400.0), strict=True))
    assert all(np.array_equal(a, b) for a, b in zip(own, own_local_modes(*args, window_m=400.0), strict=True))


def _without_caster_per_pair(profiles: list[Any], shades: list[np.ndarray], gsd_m: float, params: RailParams,
                             bar: float, sun: tuple[float, float]) -> list[np.ndarray]:
    towards = np.array([np.sin(np.radians(sun[1])), -np.cos(np.radians(sun[1]))])
    out = []
    for i, (p, shade) in enumerate(zip(profiles, shades, strict=True)):
        beside, casts = np.zeros(len(shade), dtype=bool), np.zeros(len(shade), dtype=bool)
        for pair in near_pairs([q.xy for q in profiles], params.caster_reach_m / gsd_m):
            if pair.i != i:
                continue
            other = profiles[pair.j]
            offset = other.xy[pair.index] - p.xy[pair.rows]
            sunward = offset @ towards > 0
            beside[pair.rows[sunward]] = True
            found = (other.contrast > bar) | other.own_shadow
            casts[pair.rows[sunward & found[pair.index] & _reaches(offset * gsd_m, towards, sun[0], params)]] = True
        out.append(shade & (~beside | casts))
    return out


@pytest.mark.parametrize("azimuth", [20.0, 150.0, 260.0])
def test_shade_casters_over_all_track_pairs_match_the_per_track_loop(azimuth: float) -> None:
    params, gsd = RailParams(), 0.5
    yard = _yard(31, n_tracks=4, n=600, gsd=gsd)
    rng = np.random.default_rng(32)
    for p in yard:
        p.own_shadow = rng.random(len(p.xy)) > 0.9
    shades = [rng.random(len(p.xy)) > 0.5 for p in yard]
    got = without_caster(yard, shades, gsd, params, 0.05, (40.0, azimuth))
    expected = _without_caster_per_pair(yard, shades, gsd, params, 0.05, (40.0, azimuth))
    assert all(np.array_equal(g, e) for g, e in zip(got, expected, strict=True))
    assert sum(int(g.sum()) for g in got) < sum(int(s.sum()) for s in shades)  # some shade is a car
