"""Pixel-space geometry helpers: polygons to masks, masks back to outlines, holes and reach.

`fill_holes` and `Reach` give what `ndimage.binary_fill_holes` and an iterated
`ndimage.binary_dilation` give (4-connected, as their default structure), with one labelling pass
and one k-d tree instead of a flood that sweeps the whole window once per pixel of distance.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from affine import Affine
from rasterio.features import rasterize, shapes
from scipy import ndimage
from scipy.spatial import cKDTree
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from armstrack.imagery.window import geometry_key

IDENTITY = Affine.identity()


def polygon_mask(geometry: BaseGeometry, out_shape: tuple[int, int]) -> np.ndarray:
    """True on the pixels whose centre lies inside a pixel-space polygon (a fresh array; the
    rasterisation is cached, since scenes of one grid share a site's polygons)."""
    if geometry.is_empty:
        return np.zeros(out_shape, dtype=bool)
    return _burned(geometry_key(geometry), (int(out_shape[0]), int(out_shape[1]))).copy()


def aoi_mask(geometry: BaseGeometry, out_shape: tuple[int, int]) -> np.ndarray:
    """`polygon_mask` without the copy: the cached array itself, read-only (for counting, not editing)."""
    if geometry.is_empty:
        return np.zeros(out_shape, dtype=bool)
    return _burned(geometry_key(geometry), (int(out_shape[0]), int(out_shape[1])))


@lru_cache(maxsize=32)  # a 0.5 m window mask can be megabytes
def _burned(wkb: bytes, out_shape: tuple[int, int]) -> np.ndarray:
    burned = rasterize([(mapping(shapely.from_wkb(wkb)), 1)], out_shape=out_shape, transform=IDENTITY, fill=0,
                       dtype="uint8")
    mask = np.asarray(burned, dtype=bool)
    mask.setflags(write=False)
    return mask


def outline_polygons(mask: np.ndarray, limit: int = 500) -> list[BaseGeometry]:
    """Outlines of the True regions of a mask (pixel space), the largest first, at most `limit`."""
    if not mask.any():
        return []
    found = [shape(geom) for geom, value in shapes(mask.astype(np.uint8), mask=mask, transform=IDENTITY)
             if value == 1]
    found.sort(key=lambda g: -g.area)
    return found[:limit]


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """The mask with its holes filled: False regions that do not touch the array's edge (4-connected)."""
    labels, n = ndimage.label(~mask)
    outside = np.zeros(n + 1, dtype=bool)
    outside[np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])] = True
    outside[0] = True  # the mask's own pixels
    return np.asarray(mask | ~outside[labels])


class Reach:
    """Which pixels lie within `steps` 4-connected steps of a mask's True pixels (what
    `binary_dilation(mask, iterations=steps)` marks), asked for a few pixels at a time."""

    def __init__(self, mask: np.ndarray, steps: int) -> None:
        self.steps = int(steps)
        self._points = np.argwhere(mask)
        self._tree: cKDTree | None = None

    def any_near(self, rows: np.ndarray, cols: np.ndarray) -> bool:
        """Whether any of the pixels (rows, cols) is within reach."""
        if not len(self._points) or not len(rows):
            return False
        if self._tree is None:
            self._tree = cKDTree(self._points)
        distance, _ = self._tree.query(np.column_stack([rows, cols]), p=1, distance_upper_bound=self.steps + 0.5)
        return bool(np.isfinite(distance).any())


def box_of(rows: np.ndarray, cols: np.ndarray) -> Polygon:
    """The pixel-space bounding box of some pixels."""
    r0, r1, c0, c1 = float(rows.min()), float(rows.max()) + 1, float(cols.min()), float(cols.max()) + 1
    return Polygon([(c0, r0), (c1, r0), (c1, r1), (c0, r1)])
