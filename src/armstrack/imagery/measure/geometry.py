"""Pixel-space geometry helpers: polygons to masks and masks back to outlines."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from affine import Affine
from rasterio.features import rasterize, shapes
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

IDENTITY = Affine.identity()


def polygon_mask(geometry: BaseGeometry, out_shape: tuple[int, int]) -> np.ndarray:
    """True on the pixels whose centre lies inside a pixel-space polygon (a fresh array; the
    rasterisation is cached, since scenes of one grid share a site's polygons)."""
    if geometry.is_empty:
        return np.zeros(out_shape, dtype=bool)
    return _burned(geometry.wkb, (int(out_shape[0]), int(out_shape[1]))).copy()


@lru_cache(maxsize=32)  # a 0.5 m window mask can be megabytes
def _burned(wkb: bytes, out_shape: tuple[int, int]) -> np.ndarray:
    burned = rasterize([(mapping(shapely.from_wkb(wkb)), 1)], out_shape=out_shape, transform=IDENTITY, fill=0,
                       dtype="uint8")
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
