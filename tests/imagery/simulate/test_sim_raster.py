"""Drawing primitives and the sensor's area averaging."""

from __future__ import annotations

import numpy as np
import pytest

from armstrack.imagery.simulate.raster import Grid, paint, polygon_mask, rectangle
from armstrack.imagery.simulate.sensor import block_mean


def test_rotated_rectangle_covers_its_area_and_points_along_its_heading() -> None:
    grid = Grid(0.0, 100.0, 0.25, 400, 400)
    corners = rectangle(50.0, 50.0, 19.2, 3.2, 30.0)
    _, inside = polygon_mask(grid, corners)
    assert inside.sum() * 0.25 ** 2 == pytest.approx(19.2 * 3.2, rel=0.03)
    east = rectangle(50.0, 50.0, 20.0, 2.0, 90.0)
    assert np.ptp(east[:, 0]) == pytest.approx(20.0) and np.ptp(east[:, 1]) == pytest.approx(2.0)


def test_mixed_pixels_are_area_weighted() -> None:
    grid = Grid(0.0, 10.0, 0.25, 40, 40)
    canvas = np.zeros((1, 40, 40), np.float32)
    paint(canvas, grid, rectangle(5.0, 5.0, 10.0, 2.5, 90.0), np.array([1.0], np.float32))
    coarse = block_mean(canvas, 20)  # 5 m pixels: a 10 m x 2.5 m bar covers half of each of two pixels
    assert coarse.sum() * 25 == pytest.approx(10 * 2.5, rel=1e-6)
    assert coarse.max() == pytest.approx(0.25, abs=1e-6)


def test_a_building_shades_the_ground_away_from_the_sun_but_not_its_own_roof() -> None:
    from armstrack.imagery.simulate.draw import draw_scene
    from armstrack.imagery.simulate.layout import Building
    from armstrack.imagery.simulate.sun import SunPosition

    grid = Grid(0.0, 100.0, 0.5, 200, 200)
    canvas = np.full((4, 200, 200), 0.3, np.float32)
    building = Building(rectangle(50.0, 50.0, 20.0, 10.0, 90.0), 10.0, "roof_metal")
    draw_scene(canvas, grid, [], [building], SunPosition(elevation_deg=45.0, azimuth_deg=135.0))  # sun in the SE
    row, col = 100, 100  # the roof's centre
    assert canvas[0, row, col] == pytest.approx(0.3)
    assert canvas[0, row - 14, col - 14] < 0.15  # 7 m north-west, in the shadow
    assert canvas[0, row + 14, col + 14] == pytest.approx(0.3)  # 7 m south-east, in the sun
