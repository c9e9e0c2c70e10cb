"""Shade beside and on a track at fine GSD: what tells a car from bare track in a shadow.

A car stands above the track and shades the bed beside it on the side away from the sun, whatever
its colour; a shadow on bare track comes from something on the sun's side (a car on the next
track, a building), and where there is none a shade-coloured centre is a car (grey or dark paint,
coal). The flanks between tracks are references for bare track only where they are sunlit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from armstrack.imagery.measure.base import SiteRaster
from armstrack.imagery.measure.neighbours import pair_table
from armstrack.imagery.measure.reference import brightness_ratio, lit_level, own_shadow, shadow_like

if TYPE_CHECKING:
    from armstrack.imagery.measure.rail import RailParams
    from armstrack.imagery.measure.tracks import TrackProfile


def shaded_side(normal: np.ndarray, raster: SiteRaster, params: RailParams) -> np.ndarray:
    """Per station, the flank (0: -normal, 1: +normal) on which a car standing on the track casts its
    shadow; -1 where the sun is unknown or so nearly along the track that a car's shadow does not
    reach the flank (`shadow_height_m` high, past the car's side)."""
    if raster.sun_azimuth_deg is None or raster.sun_elevation_deg is None or raster.sun_elevation_deg <= 3:
        return np.full(len(normal), -1)
    azimuth = np.radians(raster.sun_azimuth_deg)
    away = np.array([-np.sin(azimuth), np.cos(azimuth)])  # shadows fall this way in (col, row), north up
    across = normal @ away  # metres across the track per metre of shadow
    reach = np.abs(across) * params.shadow_height_m / np.tan(np.radians(raster.sun_elevation_deg))
    side = np.where(across > 0, 1, 0)
    return np.asarray(np.where(reach >= params.flank_m - params.car_width_m / 2, side, -1))


def without_caster(profiles: list[TrackProfile], shades: list[np.ndarray], gsd_m: float, params: RailParams,
                   bar: float, sun: tuple[float, float] | None) -> list[np.ndarray]:
    """The shade-like stations that can be shade: those with nothing beside them on the sun's side
    (no track there: a building's shadow) or with a car there (contrast above the site's bar, or
    its own shadow, on the next track towards the sun, whose shadow can reach this one). A
    shade-like station beside an empty neighbour on the sun's side, or one whose cars' shadows fall
    short (the sun nearly along the tracks), is a car (a grey or dark one), not shade. `sun`: (elevation,
    azimuth) in degrees; without it every shade-like station stays shade."""
    if sun is None or len(profiles) < 2:
        return shades
    towards = np.array([np.sin(np.radians(sun[1])), -np.cos(np.radians(sun[1]))])  # (col, row), north up
    table = pair_table([q.xy for q in profiles], params.caster_reach_m / gsd_m)  # every pair at once
    xy = np.concatenate([q.xy for q in profiles])
    found = np.concatenate([(q.contrast > bar) | (q.own_shadow if q.own_shadow.shape == q.seen.shape else False)
                            for q in profiles])
    offset = xy[table.index] - xy[table.rows]  # pixels, from each station to its neighbour on another track
    sunward = offset @ towards > 0
    beside = np.zeros(len(xy), dtype=bool)  # a track on the sun's side within reach
    beside[table.rows[sunward]] = True
    casts = np.zeros(len(xy), dtype=bool)  # ... with a car on it there
    casts[table.rows[sunward & found[table.index] & _reaches(offset * gsd_m, towards, sun[0], params)]] = True
    return [shade & (~b | c) for shade, b, c in zip(shades, table.split(beside), table.split(casts), strict=True)]


def _reaches(offset_m: np.ndarray, towards: np.ndarray, elevation_deg: float, params: RailParams) -> np.ndarray:
    """Whether the shadow of the tallest car (`caster_height_m`) on a track `offset_m` (n, 2) away
    reaches the centre strip of this one: with the sun nearly along the tracks it falls short."""
    distance = np.maximum(np.linalg.norm(offset_m, axis=1), 1e-6)
    across = (offset_m @ towards) / distance  # share of the shadow's length that runs towards this track
    length = params.caster_height_m / np.tan(np.radians(max(elevation_deg, 3.0)))
    return np.asarray(length * across >= distance - params.car_width_m / 2 - params.centre_half_m)


def lit_beds(profiles: list[TrackProfile], gsd_m: float, params: RailParams) -> list[np.ndarray]:
    """The brightness of sunlit bed between the tracks (see `lit_level`), per station of each profile,
    from both flanks of every track."""
    levels = lit_level([p.flanks.mean(axis=0).ravel() for p in profiles],
                       [np.repeat(p.seen, 2) for p in profiles], [np.repeat(p.xy * gsd_m, 2, axis=0) for p in profiles],
                       window_m=params.mode_window_m)
    return [level[::2] for level in levels]


def lit_flanks(profile: TrackProfile, lit_bed: np.ndarray, params: RailParams) -> list[np.ndarray]:
    """The flanks as references for bare track where they are lit: not much darker than the other
    flank (`flank_lit`) nor than sunlit bed (`flank_dark`). A flank in shadow (its own car's, often)
    looks like coal or dark paint, and is no reference."""
    bright = [profile.flanks[:, :, side].mean(axis=0) for side in (0, 1)]
    out = []
    for side in (0, 1):
        flank = profile.flanks[:, :, side].copy()
        dark = (bright[side] < params.flank_lit * bright[1 - side]) | (bright[side] < params.flank_dark * lit_bed)
        flank[:, dark] = np.inf
        out.append(flank)
    return out


def car_shadow(profile: TrackProfile, centre_bare: np.ndarray, params: RailParams) -> np.ndarray:
    """Stations whose flank away from the sun lies in the shadow of something standing on the track,
    judged against the flank on the sun's side (see `own_shadow`); none where the sun gives no such
    shadow."""
    side = profile.shaded_side
    known = side >= 0
    stations = np.arange(len(side))
    shaded = profile.flanks[:, stations, np.clip(side, 0, 1)]  # (band, station)
    sunward = profile.flanks[:, stations, 1 - np.clip(side, 0, 1)]
    found = own_shadow(brightness_ratio(profile.centre, centre_bare), brightness_ratio(shaded, sunward))
    smooth = max(1, round(params.shade_smooth_m / profile.step_m))
    return np.asarray(found & known & shadow_like(shaded, sunward, smooth=smooth))
