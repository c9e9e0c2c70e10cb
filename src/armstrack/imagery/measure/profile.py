"""Sampling an image along a line: profiles across and along track centrelines and quay edges.

A line in pixel coordinates is walked at a fixed step; at each station the image is sampled
(bilinear) at offsets perpendicular to the line. Runs of an on/off profile become segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from scipy import ndimage
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry


@dataclass
class Stations:
    """Points along a line: positions (x, y in pixels), unit normals, and distance along (pixels)."""

    xy: np.ndarray  # (n, 2)
    normal: np.ndarray  # (n, 2)
    along: np.ndarray  # (n,)
    step: float

    def __len__(self) -> int:
        return int(self.xy.shape[0])


def as_lines(geometry: BaseGeometry) -> list[LineString]:
    """The LineStrings of a (Multi)LineString, or the boundary lines of a polygon."""
    if isinstance(geometry, LineString):
        return [geometry]
    parts = getattr(geometry, "geoms", None)
    if parts is not None:
        return [line for part in parts for line in as_lines(part)]
    boundary = getattr(geometry, "boundary", None)
    return as_lines(boundary) if boundary is not None and not boundary.is_empty else []


def stations(line: LineString, step: float) -> Stations:
    """Stations every `step` pixels along the line (at least two), with the local normal.

    Cached on the line's pixel coordinates and the step: scenes of one grid share a site's
    stations, so an archive walks each centreline once. The arrays are read-only.
    """
    return _stations(line.wkb, float(step))


@lru_cache(maxsize=1024)
def _stations(wkb: bytes, step: float) -> Stations:
    line = shapely.from_wkb(wkb)
    length = float(line.length)
    n = max(2, int(np.floor(length / step)) + 1)
    along = np.linspace(0.0, length, n)
    xy = shapely.get_coordinates(shapely.line_interpolate_point(line, along))
    delta = 0.5 * step
    ahead = shapely.get_coordinates(shapely.line_interpolate_point(line, np.minimum(along + delta, length)))
    behind = shapely.get_coordinates(shapely.line_interpolate_point(line, np.maximum(along - delta, 0.0)))
    tangent = ahead - behind
    tangent /= np.maximum(np.linalg.norm(tangent, axis=1, keepdims=True), 1e-9)
    normal = np.stack([-tangent[:, 1], tangent[:, 0]], axis=1)
    for array in (xy, normal, along):
        array.setflags(write=False)
    return Stations(xy=xy, normal=normal, along=along, step=float(along[1] - along[0]) if n > 1 else step)


def sample(image: np.ndarray, st: Stations, offsets: np.ndarray, order: int = 1) -> np.ndarray:
    """Sample a (band, row, col) or (row, col) image at each station and perpendicular offset.

    Returns (band, station, offset) (or (station, offset)). Pixel centres sit at +0.5.
    """
    pts = st.xy[:, None, :] + offsets[None, :, None] * st.normal[:, None, :]
    cols = pts[..., 0].ravel() - 0.5
    rows = pts[..., 1].ravel() - 0.5
    coords = np.vstack([rows, cols])
    shape = (len(st), len(offsets))
    if image.ndim == 2:
        return np.asarray(ndimage.map_coordinates(image, coords, order=order, mode="nearest").reshape(shape))
    return np.stack([ndimage.map_coordinates(band, coords, order=order, mode="nearest").reshape(shape)
                     for band in image])


def sample_mask(mask: np.ndarray, st: Stations, offsets: np.ndarray) -> np.ndarray:
    """Nearest-pixel sample of a boolean mask; outside the array counts as False."""
    pts = st.xy[:, None, :] + offsets[None, :, None] * st.normal[:, None, :]
    cols = np.floor(pts[..., 0]).astype(int)
    rows = np.floor(pts[..., 1]).astype(int)
    inside = (rows >= 0) & (rows < mask.shape[0]) & (cols >= 0) & (cols < mask.shape[1])
    out = np.zeros(rows.shape, dtype=bool)
    out[inside] = mask[rows[inside], cols[inside]]
    return out


def runs(on: np.ndarray) -> list[tuple[int, int]]:
    """Half-open [start, end) index ranges where a boolean profile is True."""
    padded = np.concatenate([[False], on.astype(bool), [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def close_gaps(on: np.ndarray, max_gap: int) -> np.ndarray:
    """Fill off-runs of at most `max_gap` stations that lie between on-runs."""
    out = on.astype(bool).copy()
    if max_gap <= 0:
        return out
    for start, end in runs(~out):
        if start > 0 and end < len(out) and end - start <= max_gap:
            out[start:end] = True
    return out


def drop_short(on: np.ndarray, min_len: int) -> np.ndarray:
    """Remove on-runs shorter than `min_len` stations."""
    out = on.astype(bool).copy()
    for start, end in runs(out):
        if end - start < min_len:
            out[start:end] = False
    return out


def drop_patchy(on: np.ndarray, evidence: np.ndarray, most: int, solid: float) -> np.ndarray:
    """Remove runs of at most `most` stations whose stations show evidence less than `solid` of the
    time: one car is one solid body, while the shade of a car on the next track, broken by the gaps
    between its cars and by noise, comes and goes."""
    out = on.copy()
    for start, end in runs(on):
        if end - start <= most and evidence[start:end].mean() < solid:
            out[start:end] = False
    return out
