"""From one occupied run of a track to a number of cars, with an interval.

Fine GSD: a dynamic programme cuts the run into pieces of car length, preferring cuts at dips of
the contrast profile (coupler gaps, roof ends) and, where no dip shows, lengths near the typical
car. Coarse GSD: run length over car length, bounded by the shortest and longest car and by a
pixel of blur at each end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import ndimage


@dataclass
class RunCars:
    value: int
    low: int
    high: int
    boundaries: list[int] = field(default_factory=list)  # station indexes of car ends, within the run
    gap_strength: float = 0.0


def dip_score(contrast: np.ndarray, step_m: float, gap_m: float = 1.0, context_m: float = 3.0) -> np.ndarray:
    """How much each station dips below its neighbourhood (0: not at all, 1: down to bare track)."""
    smooth = ndimage.uniform_filter1d(contrast, max(1, round(gap_m / step_m)), mode="nearest")
    context = ndimage.maximum_filter1d(smooth, max(3, round(2 * context_m / step_m) | 1), mode="nearest")
    context = ndimage.median_filter(context, size=max(3, round(context_m / step_m) | 1), mode="nearest")
    return np.clip((context - smooth) / np.maximum(context, 1e-6), 0.0, 1.0)


def _feasible(length_m: float, params: Any, slack_m: float) -> tuple[int, int]:
    low = max(1, math.ceil((length_m - slack_m) / params.car_max_m))
    high = max(low, math.floor((length_m + slack_m) / params.car_min_m))
    return low, high


def split_run(contrast: np.ndarray, step_m: float, params: Any, dip_weight: float = 4.0) -> tuple[list[int], float]:
    """Car boundaries (station indexes, run ends included) maximising dips and plausible lengths."""
    n = len(contrast)
    dips = dip_score(contrast, step_m)
    lo = max(1, math.floor((params.car_min_m - 1.0) / step_m))
    hi = max(lo + 1, math.ceil((params.car_max_m + 1.0) / step_m))
    spread = (params.car_max_m - params.car_min_m) / 2
    best = np.full(n + 1, -np.inf)
    back = np.zeros(n + 1, dtype=int)
    best[0] = 0.0
    for j in range(lo, n + 1):
        ks = np.arange(max(0, j - hi), j - lo + 1)
        if ks.size == 0:
            continue
        seg = (j - ks) * step_m
        score = best[ks] - ((seg - params.car_typical_m) / spread) ** 2
        if j < n:
            score = score + dip_weight * dips[j]
        k = int(np.argmax(score))
        best[j], back[j] = score[k], ks[k]
    if not np.isfinite(best[n]):
        return [0, n], 0.0
    bounds = [n]
    while bounds[-1] > 0:
        bounds.append(int(back[bounds[-1]]))
    bounds.reverse()
    inner = [dips[b] for b in bounds[1:-1]]
    return bounds, float(np.mean(inner)) if inner else 1.0


def cars_in_run(contrast: np.ndarray, step_m: float, gsd_m: float, params: Any) -> RunCars:
    """Cars in one occupied run, resolved one by one at fine GSD, from length otherwise."""
    length_m = len(contrast) * step_m
    if gsd_m <= params.fine_gsd_m:
        bounds, strength = split_run(contrast, step_m, params)
        value = max(1, len(bounds) - 1)
        low, high = _feasible(length_m, params, slack_m=2 * gsd_m)
        spread = 0 if strength >= 0.35 else 1
        low, high = max(low, value - spread - 1), min(high, value + spread + 1)
        return RunCars(value=value, low=min(low, value), high=max(high, value), boundaries=bounds,
                       gap_strength=strength)
    value = max(1, round(length_m / params.car_typical_m))
    low, high = _feasible(length_m, params, slack_m=2 * gsd_m)
    return RunCars(value=value, low=min(low, value), high=max(high, value))
