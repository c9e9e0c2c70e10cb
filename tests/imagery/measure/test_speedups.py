"""The cached and vectorised helpers give what the plain computations give."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from armstrack.imagery.measure.neighbours import near_pairs
from armstrack.imagery.measure.rail import shifted
from armstrack.imagery.measure.reference import local_modes, modes


def test_near_pairs_match_a_direct_tree_query() -> None:
    rng = np.random.default_rng(5)
    xys = [np.column_stack([np.linspace(0, 200, 300), np.full(300, y)]) + rng.normal(0, 0.2, (300, 2))
           for y in (10.0, 14.0, 40.0)]
    pairs = {(p.i, p.j): p for p in near_pairs(xys, 6.0)}
    assert set(pairs) == {(0, 1), (1, 0)}  # the third track is too far from both
    distance, index = cKDTree(xys[1]).query(xys[0], distance_upper_bound=6.0)
    rows = np.flatnonzero(np.isfinite(distance))
    assert np.array_equal(pairs[(0, 1)].rows, rows) and np.array_equal(pairs[(0, 1)].index, index[rows])
    assert near_pairs([xy.copy() for xy in xys], 6.0) is near_pairs(xys, 6.0)  # cached on the coordinates


def test_local_modes_find_each_stretch_of_bare_track() -> None:
    rng = np.random.default_rng(9)
    n = 400
    xy = np.column_stack([np.linspace(0, 800, n), np.zeros(n)])
    bare = np.where(np.arange(n) < n // 2, 0.2, 0.4)  # the yard's bed changes half way along
    centre = np.vstack([bare + rng.normal(0, 0.003, n) for _ in range(4)])
    centre[:, 50:70] = 0.05  # a dark car
    out = local_modes([centre], [np.ones(n, dtype=bool)], [xy], window_m=160.0)[0]
    assert np.allclose(out[:, 10], 0.2, atol=0.01) and np.allclose(out[:, -10], 0.4, atol=0.01)
    assert np.allclose(modes(centre.T)[0], 0.2, atol=0.01) or np.allclose(modes(centre.T)[0], 0.4, atol=0.01)


def test_shifted_background_meets_a_misregistered_scene() -> None:
    background = np.vstack([np.sin(np.arange(50) / 3.0)] * 4)
    scene = np.roll(background, 2, axis=1)
    moved = shifted(background, 2)
    assert len(moved) == 5
    best = np.min([np.linalg.norm(scene - ref, axis=0) for ref in moved], axis=0)
    assert np.allclose(best[2:], 0.0)
    assert np.linalg.norm(scene - background, axis=0)[2:].max() > 0.3
