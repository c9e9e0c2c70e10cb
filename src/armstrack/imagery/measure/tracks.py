"""Sampling a site's tracks for the rail counter: one profile per centreline (the centre strip's
mean spectrum station by station, the flanks beside a car, the coarse cross strips, what was seen)
and, from several scenes of one site on one grid, each station's bare-track background.

Every strip of every track is read in one sampling call per site (`track_profiles`); the counting
itself (contrast, occupancy, cars) is in rail.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from shapely.geometry import LineString

from armstrack.imagery.measure.base import FeatureShape, SiteRaster
from armstrack.imagery.measure.coarse import cross_means, cross_points
from armstrack.imagery.measure.profile import as_lines, sample_along, sample_mask_many, stations
from armstrack.imagery.measure.shade import shaded_side

if TYPE_CHECKING:
    from armstrack.imagery.measure.rail import RailParams


def _station_step(gsd_m: float) -> float:
    return max(0.25, gsd_m / 3.0)


@dataclass
class TrackProfile:
    """A track's centreline strip, station by station, and its contrast against bare track."""

    feature: str
    line: LineString
    step_m: float
    centre: np.ndarray  # (band, station) mean spectrum of the centre strip
    seen: np.ndarray  # station clear of cloud and inside the footprint
    xy: np.ndarray
    flanks: np.ndarray  # (band, station, 2) the bed beside the car
    shaded_side: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # flank away from the sun
    contrast: np.ndarray = field(default_factory=lambda: np.zeros(0))
    own_shadow: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    sun: tuple[float, float] | None = None  # (elevation, azimuth) in degrees
    reference: str = ""
    cross: np.ndarray | None = None  # coarse: (band, station, offset) centre strips across the track
    cross_shift_px: float = 0.0  # coarse: where across the track `centre` was read (co-registration)
    sun_azimuth_deg: float | None = None  # clockwise from north: which neighbour can shade this track
    fringe: np.ndarray | None = None  # seen, but at a cloud's or shadow's soft edge: upper bound only


def track_profiles(raster: SiteRaster, lines: Sequence[tuple[str, LineString]], params: RailParams,
                   image: np.ndarray | None = None) -> list[TrackProfile]:
    """Sample centrelines (feature id, line): per station the centre strip's mean spectrum, the
    flanks, the coarse cross strips and what was seen; every strip of every track read in
    one sampling call and the clear mask in one lookup: the same numbers, a few calls per site
    instead of a few per track."""
    if not lines:
        return []
    gsd = raster.gsd_m
    step_m = _station_step(gsd)
    image = raster.stack() if image is None else image
    centre_offsets = np.arange(-params.centre_half_m, params.centre_half_m + 1e-9, max(gsd / 2, 0.25)) / gsd
    flank_m = params.flank_m if gsd <= params.fine_gsd_m else params.car_width_m / 2 + 1.5 * gsd
    flank_offsets = np.array([-flank_m, flank_m]) / gsd
    registrable = params.fine_gsd_m < gsd <= params.background_max_gsd_m  # coarse, with a background
    cross_offsets, cross_where = cross_points(centre_offsets) if registrable else (None, None)
    every = [stations(line, step_m / gsd) for _, line in lines]
    offset_sets = [centre_offsets, flank_offsets] + ([cross_offsets] if cross_offsets is not None else [])
    sampled = sample_along(image, every, offset_sets)  # (band, station of every line, offset) per set
    starts = np.cumsum([0] + [len(st) for st in every])
    centre = _split(sampled[0].mean(axis=2), starts)  # (band, station)
    flanks = _split(sampled[1], starts)  # (band, station, 2)
    cross = _split(cross_means(sampled[2], cross_where), starts) if cross_where is not None else [None] * len(every)
    seen = sample_mask_many(raster.masks.clear, every)
    fringe = [f & c for f, c in zip(sample_mask_many(raster.masks.fringe(gsd), every), seen, strict=True)]
    sun = None if raster.sun_azimuth_deg is None or raster.sun_elevation_deg is None \
        else (raster.sun_elevation_deg, raster.sun_azimuth_deg)
    return [TrackProfile(feature=feature, line=line, step_m=st.step * gsd, centre=c, seen=s, xy=st.xy, flanks=f,
                         cross=x, sun_azimuth_deg=raster.sun_azimuth_deg, fringe=e,
                         shaded_side=shaded_side(st.normal, raster, params), sun=sun)
            for (feature, line), st, c, s, f, x, e in zip(lines, every, centre, seen, flanks, cross, fringe,
                                                          strict=True)]


def _split(values: np.ndarray, starts: np.ndarray) -> list[np.ndarray]:
    """Per-line pieces (contiguous copies) of an array over the stations of every line (axis 1)."""
    return [np.ascontiguousarray(values[:, a:b]) for a, b in itertools.pairwise(starts)]


def rail_profiles(raster: SiteRaster, features: Sequence[FeatureShape], params: RailParams
                  ) -> dict[str, list[TrackProfile]]:
    """Every track's profile (the only pixels the rail count needs), keyed by feature id."""
    lines = [(f.id, line) for f in features for line in as_lines(f.pixels)]
    profiles = iter(track_profiles(raster, lines, params))
    return {f.id: [next(profiles) for _ in as_lines(f.pixels)] for f in features}


def backgrounds_from(profile_sets: Sequence[dict[str, list[TrackProfile]]], min_scenes: int = 4
                     ) -> dict[str, np.ndarray]:
    """Bare track per station from several scenes of one site on one grid: at each station, the clear
    observation nearest to the track's typical bare spectrum (cars come and go, ballast, sleepers and
    fixed structures stay, so the barest observation of a station is its background); stations seen
    fewer than `min_scenes` times get none (infinite: never the nearest reference)."""
    out: dict[str, np.ndarray] = {}
    if len(profile_sets) < min_scenes:
        return out
    for feature in profile_sets[0]:
        stacks = [ps[feature][0] for ps in profile_sets if feature in ps and len(ps[feature]) == 1]
        shapes = {p.centre.shape for p in stacks}
        if len(stacks) < min_scenes or len(shapes) != 1:
            continue
        cube = np.stack([np.where(p.seen[None, :], p.centre, np.nan) for p in stacks])
        enough = (~np.isnan(cube[:, 0, :])).sum(axis=0) >= min_scenes
        with np.errstate(all="ignore"):
            typical = np.nanmedian(cube, axis=(0, 2))  # (band,) over scenes and stations
        distance = np.linalg.norm(cube - typical[None, :, None], axis=1)  # (scene, station)
        barest = np.argmin(np.where(np.isnan(distance), np.inf, distance), axis=0)
        chosen = cube[barest, :, np.arange(cube.shape[2])].T  # (band, station)
        out[feature] = np.where(enough[None, :], chosen, np.inf)
    return out
