"""Co-registration of coarse scenes of one site across the tracks, from their own pixels.

At coarse GSD (> 1.5 m) a scene is misregistered by up to a pixel, and tracks lie 4.5-5.3 m
apart: a 3 m scene read on the map's centreline can sample the neighbouring track, so its cars
are counted on the wrong track (and suppressed there as crosstalk) or missed. Each coarse track
profile keeps its centre strip read at a few offsets across the track (`cross`, in pixels); when
several scenes of a site on one grid are measured together, each scene is moved across the track
to the offset where its strips best match the median of the others (cars come and go, rails,
bed and the yard's edges stay), the median rebuilt from the moved scenes, twice more. The
archive's mean position is kept (a relative registration: its absolute error is the scatter of
the scenes' own errors over the square root of their number).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

CROSS_OFFSETS_PX = np.arange(-1.5, 1.5 + 1e-9, 0.5)  # where a coarse centre strip is read across the track
COMPARE_PX = (-0.5, 0.0, 0.5)  # offsets compared with the median, around a candidate shift
SEARCH_PX = np.round(np.arange(-1.0, 1.0 + 1e-9, 0.1), 3)  # candidate shifts: scenes are off by up to a pixel
ROUNDS = 3
REFERENCE_SCENES = 24  # the median across the tracks is built from at most this many scenes


def at_offset(cross: np.ndarray, offset_px: float) -> np.ndarray:
    """The (band, station) strip at `offset_px` across the track, linear between the stored offsets."""
    step = float(CROSS_OFFSETS_PX[1] - CROSS_OFFSETS_PX[0])
    x = float(np.clip((offset_px - CROSS_OFFSETS_PX[0]) / step, 0.0, len(CROSS_OFFSETS_PX) - 1))
    i = min(int(np.floor(x)), len(CROSS_OFFSETS_PX) - 2)
    f = x - i
    return np.asarray(cross[..., i] * (1.0 - f) + cross[..., i + 1] * f, dtype=float)


def _distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distance between two (band, station) arrays, per station."""
    d = a - b
    return np.asarray(np.sqrt(np.einsum("bs,bs->s", d, d)))


def _scene_cross(profiles: dict[str, list[Any]], order: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """One scene's cross strips of every track end to end (band, station, offset) and what was seen."""
    lines = [p for fid in order for p in profiles.get(fid, [])]
    if not lines or any(getattr(p, "cross", None) is None for p in lines):
        return None
    return np.concatenate([p.cross for p in lines], axis=1), np.concatenate([p.seen for p in lines])


def _median_at(cubes: list[np.ndarray], seen: list[np.ndarray], shifts: np.ndarray, offset: float) -> np.ndarray:
    stack = np.stack([np.where(s[None, :], at_offset(c, float(d) + offset), np.nan)
                      for c, s, d in zip(cubes, seen, shifts, strict=True)])
    with np.errstate(all="ignore"):
        return np.asarray(np.nanmedian(stack, axis=0))


def _best_shift(cube: np.ndarray, seen: np.ndarray, references: dict[float, np.ndarray]) -> float:
    """The candidate shift whose strips differ least from the references: the median over seen
    stations of the summed distances (the stations where this scene has a car and the others not are
    outvoted). The strips at every offset a candidate needs are read once."""
    steps = np.round(np.arange(SEARCH_PX[0] + min(COMPARE_PX), SEARCH_PX[-1] + max(COMPARE_PX) + 1e-9, 0.1), 3)
    strips = {float(x): at_offset(cube, float(x)).astype(np.float32) for x in steps}
    refs = {o: ref.astype(np.float32) for o, ref in references.items()}
    costs = []
    for shift in SEARCH_PX:
        total = sum(_distance(strips[round(float(shift) + o, 3)], ref) for o, ref in refs.items())
        values = np.asarray(total)[seen & np.isfinite(total)]
        costs.append(float(np.median(values)) if values.size else np.inf)
    return float(SEARCH_PX[int(np.argmin(costs))]) if np.isfinite(min(costs)) else 0.0


def _spread_subset(n: int, most: int) -> np.ndarray:
    """At most `most` indexes spread evenly over n scenes (the ones the median is built from)."""
    return np.unique(np.linspace(0, n - 1, min(n, most)).round().astype(int))


def cross_shifts(profile_sets: Sequence[dict[str, list[Any]]], min_scenes: int = 4) -> list[float]:
    """Each scene's shift across the tracks (pixels, along each track's normal) that registers it
    with the others; zeros when there are too few scenes or no cross strips. The median is refined
    over a subset of at most `REFERENCE_SCENES` scenes, then every scene is registered against it
    once (a year of daily scenes costs a few seconds a site)."""
    if len(profile_sets) < min_scenes:
        return [0.0] * len(profile_sets)
    order = sorted(profile_sets[0])
    parts = [_scene_cross(ps, order) for ps in profile_sets]
    if any(p is None for p in parts) or len({p[0].shape for p in parts if p is not None}) != 1:
        return [0.0] * len(profile_sets)
    cubes = [p[0] for p in parts if p is not None]
    seen = [p[1] for p in parts if p is not None]
    subset = _spread_subset(len(cubes), REFERENCE_SCENES)
    shifts = np.zeros(len(cubes))
    for last in [False] * (ROUNDS - 1) + [True]:
        references = {o: _median_at([cubes[i] for i in subset], [seen[i] for i in subset], shifts[subset], o)
                      for o in COMPARE_PX}
        moved = range(len(cubes)) if last else subset
        shifts[moved] = [_best_shift(cubes[i], seen[i], references) for i in moved]
        shifts -= float(np.median(shifts[moved]))  # keep the archive where it was on average
    return [round(float(v), 3) for v in shifts]


def coregister(profile_sets: Sequence[dict[str, list[Any]]], min_scenes: int = 4) -> list[float]:
    """Move each scene's coarse centre strips across the tracks to register the scenes with each
    other (in place: `centre` and `cross_shift_px` of every profile; the cross strips are dropped,
    they are large and serve once); returns the shifts."""
    shifts = cross_shifts(profile_sets, min_scenes)
    for profiles, shift in zip(profile_sets, shifts, strict=True):
        for p in (p for ps in profiles.values() for p in ps):
            if getattr(p, "cross", None) is not None:
                p.centre = at_offset(p.cross, shift) if shift else p.centre
                p.cross_shift_px = shift
                p.cross = None
    return shifts
