"""Sampling an image along a line: profiles across and along track centrelines and quay edges.

A line in pixel coordinates is walked at a fixed step; at each station the image is sampled
(bilinear) at offsets perpendicular to the line. Runs of an on/off profile become segments.

Speed: the stations and the bilinear weights of their sample points depend only on the line in
window pixels, so scenes of one grid share them. From the second scene of a grid on, a bilinear
sample is one sparse product with those weights (per band) at a third of the cost of
`ndimage.map_coordinates(order=1, mode="nearest")`, with its numbers: the same four neighbours
summed in the same order in float64, only each weight is one factor (row x column) where ndimage
multiplies by the two in turn, so a sample can round to the next float32 (one in ~10^5 samples of
random images; none of the 1.9 M samples of the speed benchmark's rail windows).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from scipy import ndimage, sparse
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from armstrack.imagery.window import geometry_key


@dataclass
class Stations:
    """Points along a line: positions (x, y in pixels), unit normals, and distance along (pixels)."""

    xy: np.ndarray  # (n, 2)
    normal: np.ndarray  # (n, 2)
    along: np.ndarray  # (n,)
    step: float
    key: tuple[bytes, float] | None = None  # (line WKB, step) the stations were made from: names them in caches

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
    return _stations(geometry_key(line), float(step))


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
    return Stations(xy=xy, normal=normal, along=along, step=float(along[1] - along[0]) if n > 1 else step,
                    key=(wkb, step))


def sample(image: np.ndarray, st: Stations, offsets: np.ndarray, order: int = 1) -> np.ndarray:
    """Sample a (band, row, col) or (row, col) image at each station and perpendicular offset.

    Returns (band, station, offset) (or (station, offset)). Pixel centres sit at +0.5.
    """
    shape = (len(st), len(offsets))
    if order == 1 and image.ndim == 3:
        return sample_many(image, [(st, offsets)])[0]
    weights = _known_weights([(st, offsets)], image.shape[-2:]) if order == 1 and image.dtype.kind == "f" else None
    if weights is not None:
        matrix, pixels = weights
        return np.asarray((matrix @ image.ravel().take(pixels)).astype(image.dtype).reshape(shape))
    coords = _coordinates(st, offsets)
    if image.ndim == 2:
        return np.asarray(ndimage.map_coordinates(image, coords, order=order, mode="nearest").reshape(shape))
    return np.stack([ndimage.map_coordinates(band, coords, order=order, mode="nearest").reshape(shape)
                     for band in image])


def sample_many(image: np.ndarray, requests: Sequence[tuple[Stations, np.ndarray]]) -> list[np.ndarray]:
    """Bilinear samples of a (band, row, col) image for several (stations, offsets) at once, one
    (band, station, offset) array each: every point is gathered and multiplied in one call (one
    sparse product for all tracks of a site, not one per track and strip). Each sample is the
    arithmetic of `sample` alone (a point's value does not depend on the points beside it)."""
    flat = _sample_flat(image, requests)
    ends = np.cumsum([len(st) * len(offsets) for st, offsets in requests])
    return [np.ascontiguousarray(flat[:, end - len(st) * len(offsets):end]).reshape(image.shape[0], len(st),
                                                                                    len(offsets))
            for (st, offsets), end in zip(requests, ends, strict=True)]


def sample_along(image: np.ndarray, every: Sequence[Stations], offset_sets: Sequence[np.ndarray]
                 ) -> list[np.ndarray]:
    """`sample_many` of every line at each set of offsets, one (band, station, offset) array per set
    with the lines' stations one after another (a per-station step then runs once for all lines)."""
    flat = _sample_flat(image, [(st, offsets) for offsets in offset_sets for st in every])
    total = sum(len(st) for st in every)
    ends = np.cumsum([total * len(offsets) for offsets in offset_sets])
    return [np.ascontiguousarray(flat[:, end - total * len(offsets):end]).reshape(image.shape[0], total, len(offsets))
            for offsets, end in zip(offset_sets, ends, strict=True)]


def _sample_flat(image: np.ndarray, requests: Sequence[tuple[Stations, np.ndarray]]) -> np.ndarray:
    """The bilinear samples (band, point) of every request's points, requests one after another."""
    weights = _known_weights(requests, image.shape[-2:]) if image.dtype.kind == "f" else None
    if weights is not None:
        matrix, pixels = weights
        values = image.reshape(image.shape[0], -1).take(pixels, axis=1)  # (band, pixel touched)
        return np.asarray((matrix @ values.T).T.astype(image.dtype))
    coords = np.hstack([_coordinates(st, offsets) for st, offsets in requests])
    return np.stack([ndimage.map_coordinates(band, coords, order=1, mode="nearest") for band in image])


def _coordinates(st: Stations, offsets: np.ndarray) -> np.ndarray:
    """(row, col) of every sample point, (2, station * offset), as `map_coordinates` takes them."""
    pts = st.xy[:, None, :] + offsets[None, :, None] * st.normal[:, None, :]
    return np.vstack([pts[..., 1].ravel() - 0.5, pts[..., 0].ravel() - 0.5])


Weights = tuple[sparse.csr_matrix, np.ndarray]  # (point, pixel touched) matrix and the flat index of each pixel
WeightsKey = tuple[tuple[object, ...], tuple[int, ...]]
_WEIGHTS: OrderedDict[WeightsKey, tuple[Weights | None, int]] = OrderedDict()  # weights (None: seen once), bytes
_KEPT = {"bytes": 0}
_LOCK = threading.Lock()  # a Dask worker may run several tasks in threads
WEIGHTS_BUDGET_BYTES = 96 * 2**20  # weights kept, least recently used dropped first (a 0.5 m track: ~2 MB)


def _stations_key(st: Stations) -> object:
    return st.key if st.key is not None else (st.xy.tobytes(), st.normal.tobytes())


def _known_weights(requests: Sequence[tuple[Stations, np.ndarray]], shape: tuple[int, ...]) -> Weights | None:
    """The bilinear weights of these sample points on this grid, made the second time they are asked
    for (a grid seen once does not pay for them); None until then."""
    key = (tuple((_stations_key(st), np.ascontiguousarray(offsets, dtype=np.float64).tobytes())
                 for st, offsets in requests), tuple(int(n) for n in shape))
    with _LOCK:
        weights, size = _WEIGHTS.get(key, (None, -1))
        if size < 0:  # first time: remember the key only
            _keep(key, None, sum(len(st) for st, _ in requests) * 32)
        elif weights is not None:
            _WEIGHTS.move_to_end(key)
    if size >= 0 and weights is None:  # second time: make them (outside the lock; a race makes them twice)
        coords = np.hstack([_coordinates(st, offsets) for st, offsets in requests])
        weights = bilinear_weights(coords, (int(shape[0]), int(shape[1])))
        matrix, pixels = weights
        with _LOCK:
            _keep(key, weights, matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes + pixels.nbytes)
    return weights


def _keep(key: WeightsKey, weights: Weights | None, size: int) -> None:
    _KEPT["bytes"] += size - _WEIGHTS.pop(key, (None, 0))[1]
    _WEIGHTS[key] = (weights, size)
    while _KEPT["bytes"] > WEIGHTS_BUDGET_BYTES and len(_WEIGHTS) > 1:
        _, (_, dropped) = _WEIGHTS.popitem(last=False)
        _KEPT["bytes"] -= dropped


def bilinear_weights(coords: np.ndarray, shape: tuple[int, int]) -> Weights:
    """A (point, pixel) matrix whose product with the touched pixels of an image (flat index:
    the second item) is its bilinear sample at the (row, col) `coords`, edges extended: the
    arithmetic of `map_coordinates(order=1, mode="nearest")`, the four neighbours summed in the
    same order in float64."""
    rows, cols = shape
    r, c = np.clip(coords[0], 0, rows - 1), np.clip(coords[1], 0, cols - 1)
    r0, c0 = np.floor(r), np.floor(c)
    tr, tc = r - r0, c - c0
    r0i, c0i = r0.astype(np.intp), c0.astype(np.intp)
    r1i, c1i = np.minimum(r0i + 1, rows - 1), np.minimum(c0i + 1, cols - 1)
    data = np.stack([(1 - tr) * (1 - tc), (1 - tr) * tc, tr * (1 - tc), tr * tc], axis=1).ravel()
    index = np.stack([r0i * cols + c0i, r0i * cols + c1i, r1i * cols + c0i, r1i * cols + c1i], axis=1).ravel()
    pixels, column = np.unique(index, return_inverse=True)
    n = coords.shape[1]
    matrix = sparse.csr_matrix((data, column.astype(np.int32), np.arange(0, 4 * n + 1, 4, dtype=np.int32)),
                               shape=(n, len(pixels)))
    return matrix, pixels


def sample_mask(mask: np.ndarray, st: Stations, offsets: np.ndarray) -> np.ndarray:
    """Nearest-pixel sample of a boolean mask; outside the array counts as False."""
    return _mask_at(mask, st.xy[:, None, :] + offsets[None, :, None] * st.normal[:, None, :])


def sample_mask_many(mask: np.ndarray, every: Sequence[Stations]) -> list[np.ndarray]:
    """`sample_mask` at the stations themselves (offset 0) of several lines, in one lookup."""
    if not every:
        return []
    found = _mask_at(mask, np.concatenate([st.xy for st in every]))
    return np.split(found, np.cumsum([len(st) for st in every])[:-1])


def _mask_at(mask: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """A boolean mask at points (..., 2) in (x, y) pixels; outside the array counts as False."""
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
