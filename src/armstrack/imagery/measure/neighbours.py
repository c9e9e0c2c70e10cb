"""Which stations of one track lie beside which stations of another: pure geometry, cached.

Stations depend only on the centrelines in window pixels and the step, so every scene of a site on
one grid shares them; the pairs are found once (k-d trees) and reused for each scene's pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.spatial import cKDTree


@dataclass(frozen=True)
class NearPair:
    """Stations `rows` of track `i` have station `index` of track `j` within the radius."""

    i: int
    j: int
    rows: np.ndarray
    index: np.ndarray


def near_pairs(xys: Sequence[np.ndarray], radius: float) -> list[NearPair]:
    """For every ordered pair of tracks (i != j), the stations of i with a station of j within
    `radius` pixels and that nearest station (pairs with none are left out)."""
    key = tuple(np.ascontiguousarray(xy, dtype=np.float64).tobytes() for xy in xys)
    return _near_pairs(key, float(radius))


@lru_cache(maxsize=64)
def _near_pairs(key: tuple[bytes, ...], radius: float) -> list[NearPair]:
    xys = [np.frombuffer(b, dtype=np.float64).reshape(-1, 2) for b in key]
    trees = [cKDTree(xy) for xy in xys]
    pairs = []
    for i, xy in enumerate(xys):
        for j, tree in enumerate(trees):
            if i == j:
                continue
            distance, index = tree.query(xy, distance_upper_bound=radius)
            rows = np.flatnonzero(np.isfinite(distance))
            if rows.size:
                pairs.append(NearPair(i=i, j=j, rows=rows, index=index[rows]))
    return pairs


@dataclass(frozen=True)
class PairTable:
    """Every near pair of `near_pairs` at once, stations numbered over all tracks in order: station
    `rows[k]` has station `index[k]` of another track within the radius. Lets a per-pair loop run
    as one gather and one scatter over the concatenated tracks."""

    rows: np.ndarray
    index: np.ndarray
    starts: np.ndarray  # first station of each track (and the total at the end)

    def split(self, values: np.ndarray) -> list[np.ndarray]:
        """Per-track pieces of an array over all stations."""
        return [values[..., a:b] for a, b in zip(self.starts[:-1], self.starts[1:], strict=True)]


def pair_table(xys: Sequence[np.ndarray], radius: float) -> PairTable:
    """`near_pairs` concatenated (see `PairTable`); cached with them."""
    key = tuple(np.ascontiguousarray(xy, dtype=np.float64).tobytes() for xy in xys)
    return _pair_table(key, float(radius))


@lru_cache(maxsize=64)
def _pair_table(key: tuple[bytes, ...], radius: float) -> PairTable:
    starts = np.cumsum([0] + [len(b) // 16 for b in key])
    pairs = _near_pairs(key, radius)
    empty = np.zeros(0, dtype=np.intp)
    rows = np.concatenate([starts[p.i] + p.rows for p in pairs] or [empty]).astype(np.intp)
    index = np.concatenate([starts[p.j] + p.index for p in pairs] or [empty]).astype(np.intp)
    for array in (rows, index, starts):
        array.setflags(write=False)
    return PairTable(rows=rows, index=index, starts=starts)
