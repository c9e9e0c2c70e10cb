"""Shade at fine GSD: a car's own shadow, shade cast from the next track, dark and grey cars.

The scenes are drawn here in numpy: three east-west tracks 4.8 m apart on uniform ballast, the sun
at 40 degrees in the south-south-east (as `measure_synth._raster` sets it), so shadows fall to the
north (up, towards smaller rows). Each car shades the bed beside it before its body is painted.
"""

from __future__ import annotations

import numpy as np
from measure_synth import BALLAST, _raster
from shapely.geometry import LineString

from armstrack.imagery.measure import count_rail_cars
from armstrack.imagery.measure.base import FeatureShape, SiteRaster
from armstrack.imagery.measure.profile import drop_patchy
from armstrack.imagery.measure.reference import own_shadow
from armstrack.model import FeatureRole

GSD = 0.5
SKYLIGHT = np.array([0.30, 0.33, 0.42, 0.22], dtype=np.float32)  # what a shadow keeps of each band
GREY_ROOF = BALLAST * np.array([0.75, 0.79, 0.90, 0.67], dtype=np.float32)  # bare track half in shade, from above
COAL = np.array([0.045, 0.045, 0.047, 0.055], dtype=np.float32)
BOX_ROOF = np.array([0.19, 0.105, 0.075, 0.24], dtype=np.float32)


def _draw_cars(image: np.ndarray, row: float, n: int, colour: np.ndarray, height_m: float) -> None:
    """`n` cars of 15 m (14 m bodies) from x = 30 m, each with the shadow it casts to the north."""
    reach = height_m / np.tan(np.radians(40.0))
    north, west = 0.94 * reach / GSD, 0.34 * reach / GSD  # the sun stands at azimuth 160
    half = 1.6 / GSD
    for k in range(n):
        c0, c1 = int((30 + 15 * k) / GSD), int((30 + 15 * k + 14) / GSD)
        image[:, int(row - half - north):int(row - half), int(c0 - west):int(c1 - west)] *= SKYLIGHT[:, None, None]
    for k in range(n):
        c0, c1 = int((30 + 15 * k) / GSD), int((30 + 15 * k + 14) / GSD)
        image[:, int(row - half):int(row + half), c0:c1] = colour[:, None, None]


def _scene(middle: tuple[int, np.ndarray, float], south: tuple[int, np.ndarray, float] = (0, BOX_ROOF, 4.7),
           seed: int = 0) -> tuple[SiteRaster, list[FeatureShape]]:
    """Cars on the middle track and on the southern one (the sun's side of the middle one)."""
    width, height = int(300 / GSD), int(40 / GSD)
    image = np.broadcast_to(BALLAST[:, None, None], (4, height, width)).copy()
    rows = [height / 2 + k * 4.8 / GSD for k in (-1, 0, 1)]
    _draw_cars(image, rows[1], *middle)
    _draw_cars(image, rows[2], *south)
    tracks = [FeatureShape(id=f"test-track-{k}", role=FeatureRole.TRACK,
                           pixels=LineString([(5.0 / GSD, r), (width - 5.0 / GSD, r)])) for k, r in enumerate(rows)]
    return _raster(image, GSD, np.random.default_rng(seed)), tracks


def _count(raster: SiteRaster, tracks: list[FeatureShape]) -> float:
    value = count_rail_cars(raster, tracks).value
    assert value is not None
    return value.value


def test_grey_cars_that_look_like_shaded_track_are_counted_by_their_own_shadow() -> None:
    for seed in range(3):
        assert _count(*_scene((5, GREY_ROOF, 3.5), seed=seed)) == 5


def test_coal_cars_are_not_taken_for_the_shaded_bed_beside_them() -> None:
    for seed in range(3):
        assert _count(*_scene((6, COAL, 3.5), seed=seed)) == 6


def test_shade_cast_on_a_track_by_cars_on_the_next_one_is_not_counted() -> None:
    for seed in range(3):
        assert _count(*_scene((0, GREY_ROOF, 3.5), south=(5, BOX_ROOF, 4.7), seed=seed)) == 5


def test_own_shadow_needs_a_dark_flank_beside_a_lit_centre() -> None:
    centre = np.array([0.8, 0.3, 0.8, 0.4])
    flank = np.array([0.3, 0.3, 0.9, 0.3])
    assert own_shadow(centre, flank).tolist() == [True, False, False, False]


def test_short_patchy_runs_are_dropped_and_solid_or_long_ones_kept() -> None:
    on = np.ones(30, dtype=bool)
    on[10] = on[20] = False
    evidence = on.copy()
    evidence[0:10:2] = False  # the first run is half evidence
    kept = drop_patchy(on, evidence, most=10, solid=0.8)
    assert not kept[:10].any() and kept[11:20].all() and kept[21:].all()
    assert drop_patchy(on, evidence, most=5, solid=0.8)[:10].all()  # longer than a car: kept


def test_the_shaded_flank_is_the_one_away_from_the_sun_and_none_when_the_sun_is_along_the_track() -> None:
    from dataclasses import replace

    from armstrack.imagery.measure.rail import RailParams
    from armstrack.imagery.measure.shade import shaded_side

    raster, _ = _scene((0, GREY_ROOF, 3.5))
    normal = np.array([[0.0, 1.0], [0.0, -1.0]])  # (col, row): pointing south, then north
    assert shaded_side(normal, raster, RailParams()).tolist() == [0, 1]  # shadows fall north
    along = replace(raster, sun_azimuth_deg=92.0)  # the sun in the east, over an east-west track
    assert shaded_side(normal, along, RailParams()).tolist() == [-1, -1]
