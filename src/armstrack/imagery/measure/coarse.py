"""Coarse-GSD (> 1.5 m) parts of the rail count: what a 3 m pixel mixes and how to unmix it.

At 3 m a car is about one pixel wide and tracks lie 4.5-5.3 m apart: a pixel read on one track's
centreline also sees the next track, the car's shadow on it, and (at the yard's edges) the ground
beside the yard. These helpers read the centre strip across the track for co-registration
(coregister.py), find the yard's edge stations, and take out a neighbour's shadow and crosstalk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from armstrack.imagery.measure.coregister import CROSS_OFFSETS_PX
from armstrack.imagery.measure.neighbours import pair_table

if TYPE_CHECKING:
    from armstrack.imagery.measure.rail import RailParams
    from armstrack.imagery.measure.tracks import TrackProfile


def cross_points(strip: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coarse: the distinct offsets at which the centre strip is read across the track, at each of
    `CROSS_OFFSETS_PX` (shared points read once), and, per (cross offset, strip sample), which of
    them it is; a misregistered scene can then be moved onto its tracks later."""
    points = CROSS_OFFSETS_PX[:, None] + strip[None, :]  # (offset, strip sample)
    unique, where = np.unique(np.round(points, 6), return_inverse=True)
    return unique, where.reshape(points.shape)


def cross_means(samples: np.ndarray, where: np.ndarray) -> np.ndarray:
    """The cross strips (band, station, offset, float32) from the samples (band, station, distinct
    offset) read at the offsets of `cross_points`."""
    return np.asarray(samples[..., where].mean(axis=3), dtype=np.float32)  # (band, station, offset)


def edge_stations(profiles: list[TrackProfile], gsd_m: float, params: RailParams) -> list[np.ndarray]:
    """Stations of each track with a neighbouring track (within `neighbour_m`) on fewer than two
    sides: the yard's outer tracks, whose coarse pixels mix in the ground beside the yard."""
    table = pair_table([p.xy for p in profiles], params.neighbour_m / gsd_m)
    return table.split(np.bincount(table.rows, minlength=int(table.starts[-1])) < 2)


def suppress_neighbour_shadows(profiles: list[TrackProfile], shaded: list[np.ndarray], gsd_m: float,
                               params: RailParams) -> None:
    """Coarse: a car's shadow falls on the next track (4.5-5.3 m away at sun elevations of 35-50
    degrees) and differs from bare ballast more than many cars do, so it outvoted the car in the
    crosstalk test. A station that looks like bare track in shadow, beside a track whose station
    there differs from bare track, is that shadow: no contrast. Only a track on the sun's side can
    shade another (window pixels: columns east, rows south); with no sun position, either side.
    Every pair of tracks in one pass over the concatenated tracks."""
    if len(profiles) < 2:
        return
    table = pair_table([p.xy for p in profiles], params.neighbour_m / gsd_m)
    rows, index = table.rows, table.index
    contrast = np.concatenate([p.contrast for p in profiles])
    car = contrast[index] > params.min_contrast
    if profiles[0].sun_azimuth_deg is not None:  # one raster: one sun for every track
        azimuth = np.radians(profiles[0].sun_azimuth_deg)
        towards_sun = np.array([np.sin(azimuth), -np.cos(azimuth)])  # (column, row)
        xy = np.concatenate([p.xy for p in profiles])
        car &= (xy[index] - xy[rows]) @ towards_sun > 0
    beside_car = np.zeros(len(contrast), dtype=bool)
    beside_car[rows[car]] = True
    shade = np.concatenate(shaded)
    for p, piece in zip(profiles, table.split(np.where(shade & beside_car, 0.0, contrast)), strict=True):
        p.contrast = piece


def suppress_crosstalk(profiles: list[TrackProfile], gsd_m: float, params: RailParams, registered: bool) -> None:
    """Coarse pixels mix neighbouring tracks: a station keeps its contrast only where it is not
    much weaker than the strongest station of another track beside it (within a pixel). Every pair
    of tracks in one pass over the concatenated tracks."""
    if len(profiles) < 2:
        return
    radius = max(1.2 * gsd_m, params.neighbour_m) / gsd_m  # in pixels, as the stations are
    keep = params.crosstalk_keep[1 if registered else 0]
    table = pair_table([p.xy for p in profiles], radius)
    contrast = np.concatenate([p.contrast for p in profiles])
    strongest = contrast.copy()
    np.maximum.at(strongest, table.rows, contrast[table.index])
    for p, piece in zip(profiles, table.split(np.where(contrast >= keep * strongest, contrast, 0.0)), strict=True):
        p.contrast = piece
