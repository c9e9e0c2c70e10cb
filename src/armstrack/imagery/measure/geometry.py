"""Pixel-space geometry helpers: polygons to masks and masks back to outlines."""

from __future__ import annotations

import numpy as np
from affine import Affine
from rasterio.features import rasterize, shapes
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

IDENTITY = Affine.identity()


def polygon_mask(geometry: BaseGeometry, out_shape: tuple[int, int]) -> np.ndarray:
    """True on the pixels whose centre lies inside a pixel-space polygon."""
    if geometry.is_empty:
        return np.zeros(out_shape, dtype=bool)
    burned = rasterize([(mapping(geometry), 1)], out_shape=out_shape, transform=IDENTITY, fill=0, dtype="uint8")
    return np.asarray(burned, dtype=bool)


def outline_polygons(mask: np.ndarray, limit: int = 500) -> list[BaseGeometry]:
    """Outlines of the True regions of a mask (pixel space), the largest first, at most `limit`."""
    if not mask.any():
        return []
    found = [shape(geom) for geom, value in shapes(mask.astype(np.uint8), mask=mask, transform=IDENTITY)
             if value == 1]
    found.sort(key=lambda g: -g.area)
    return found[:limit]


def box_of(rows: np.ndarray, cols: np.ndarray) -> Polygon:
    """The pixel-space bounding box of some pixels."""
    r0, r1, c0, c1 = float(rows.min()), float(rows.max()) + 1, float(cols.min()), float(cols.max()) + 1
    return Polygon([(c0, r0), (c1, r0), (c1, r1), (c0, r1)])
