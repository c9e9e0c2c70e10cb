"""Container stack height from the shadows that the stacks at a block's edge cast on free ground.

From above only the top box of a stack is seen, so the number of boxes under it is read from its
shadow: a stack h metres high throws a shadow h / tan(sun elevation) long, away from the sun.
Every occupied pixel whose neighbour away from the sun is free ground starts a ray; along the ray
the brightness stays low while in shadow and rises to the sunlit ground beyond. The shadowed
length is the integral of the darkening relative to that ground (so a pixel half in shadow counts
half), scaled by the scene's own shadow depth (how dark a full shadow is here: haze and skylight
vary). A ray that runs into another box before its shadow ends is censored: its stack is at least
that high. Only edge stacks are seen this way; their mean stands for the block's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

TIER_M = 2.591  # a 8'6" ISO box


@dataclass(frozen=True)
class ShadowParams:
    min_sun_elevation_deg: float = 15.0  # lower, shadows of tall stacks run into the next block
    max_gsd_m: float = 3.0  # coarser, a stack's shadow is under a pixel
    max_tiers: float = 4.0  # yard stacking norm: 1-4 high
    shadow_ratio: float = 0.35  # full shadow / sunlit ground when the scene gives too few deep shadows
    min_stacks: float = 3.0  # independent edge stacks (rays x GSD / `sample_m`) a reading needs
    min_tiers: float = 0.5
    edge_box_gsd_m: float = 1.2  # a box (2.44 m wide) spans two pixels: its edge pixel's shadow share is read
    sample_m: float = 6.1  # rays closer than a 20-ft box length along the edge see the same stack


@dataclass(frozen=True)
class ShadowReading:
    """Mean stack height (tiers) of a site's edge stacks read from their shadows, with its spread."""

    tiers: float  # censored rays at their bound
    tiers_high: float  # censored rays at the tallest stack
    spread: float  # standard deviation of the per-ray heights (tiers)
    rays: int
    censored: int
    samples: float  # independent stacks the rays amount to
    shadow_ratio: float

    @property
    def standard_error(self) -> float:
        return self.spread / math.sqrt(max(self.samples, 1.0))

    def as_dict(self) -> dict[str, float]:
        return {"tiers": round(self.tiers, 2), "tiers_high": round(self.tiers_high, 2),
                "spread": round(self.spread, 2), "rays": self.rays, "censored": self.censored,
                "samples": round(self.samples, 1), "shadow_ratio": round(self.shadow_ratio, 3)}


def away_step(azimuth_deg: float) -> np.ndarray:
    """(drow, dcol) of one step away from the sun in a north-up window, the larger component 1."""
    away = math.radians(azimuth_deg + 180.0)
    step = np.array([-math.cos(away), math.sin(away)])
    return np.asarray(step / np.abs(step).max())


def ray_starts(occ: np.ndarray, step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Occupied pixels whose next pixel away from the sun is free: the shadow-side edges."""
    rows, cols = np.nonzero(occ)
    r, c = np.round(rows + step[0]).astype(int), np.round(cols + step[1]).astype(int)
    inside = (r >= 0) & (r < occ.shape[0]) & (c >= 0) & (c < occ.shape[1])
    edge = inside.copy()
    edge[inside] = ~occ[r[inside], c[inside]]
    return rows[edge], cols[edge]


def _profiles(brightness: np.ndarray, occ: np.ndarray, clear: np.ndarray, rows: np.ndarray, cols: np.ndarray,
              step: np.ndarray, reach: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Brightness (bilinear), occupancy and clear-sky along every ray, (ray, k) for k = 1..reach."""
    k = np.arange(1, reach + 1)
    rr = rows[:, None] + k[None] * step[0]
    cc = cols[:, None] + k[None] * step[1]
    b = ndimage.map_coordinates(brightness, [rr.ravel(), cc.ravel()], order=1, mode="nearest").reshape(rr.shape)
    ri = np.clip(np.round(rr).astype(int), 0, occ.shape[0] - 1)
    ci = np.clip(np.round(cc).astype(int), 0, occ.shape[1] - 1)
    inside = (rr >= 0) & (rr <= occ.shape[0] - 1) & (cc >= 0) & (cc <= occ.shape[1] - 1)
    return b, occ[ri, ci] | ~inside, clear[ri, ci] & inside


def _first(mask: np.ndarray) -> np.ndarray:
    """Index of the first True per row (the row length where none)."""
    return np.where(mask.any(axis=1), mask.argmax(axis=1), mask.shape[1])


def shadow_lengths(b: np.ndarray, blocked: np.ndarray, pavement: float, default_ratio: float
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, np.ndarray]:
    """Shadow length (steps) of each ray, whether it was censored, whether usable, the shadow ratio
    and the ground each shadow falls on.

    A ray is in shadow until it is brighter than midway between the sunlit pavement and its shadow
    (overlapping shadows and the gaps between boxes are darker still, so the threshold is set from
    the pavement, not from the darkest sample). The ground the shadow falls on is what follows
    its end (not the brightest thing along the ray: it may run from the pavement onto concrete)."""
    reach = b.shape[1]
    k = np.arange(reach)[None]
    stop = _first(blocked)
    lit = (b >= pavement * (1.0 + default_ratio) / 2.0) & (k < stop[:, None])
    end = _first(lit)
    censored = end >= stop
    after = np.clip(end[:, None] + 1 + np.arange(3)[None], 0, reach - 1)
    ground = np.median(np.take_along_axis(b, after, axis=1), axis=1)
    ground[censored] = pavement
    shaded = (k < end[:, None]) & ~censored[:, None] & (end[:, None] >= 3)
    ratio = float(np.median((b / ground[:, None])[shaded])) if shaded.sum() >= 30 else default_ratio
    ratio = min(max(ratio, 0.05), 0.7)
    dark = np.clip((ground[:, None] - b) / np.maximum((1.0 - ratio) * ground[:, None], 1e-6), 0.0, 1.0)
    dark = np.where(k <= np.minimum(end, stop - 1)[:, None], dark, 0.0)
    lengths = dark.sum(axis=1)
    usable = (b[:, 0] < 0.6 * ground) & (stop > 0) & (ground > 0.7 * pavement)
    return lengths, censored, usable, ratio, ground


def edge_shadow(brightness: np.ndarray, rows: np.ndarray, cols: np.ndarray, step: np.ndarray, ground: np.ndarray,
                ratio: float) -> np.ndarray:
    """The shadowed share of each ray's start pixel: the last occupied pixel at a block's edge is
    part box, part the start of its shadow (the box edge falls inside it; blur mixes them), so
    its darkening against the box one step toward the sun, over the box-to-shadow drop, counts."""
    box = ndimage.map_coordinates(brightness, [rows - step[0], cols - step[1]], order=1, mode="nearest")
    edge = brightness[rows, cols]
    return np.asarray(np.clip((box - edge) / np.maximum(box - ratio * ground, 1e-6), 0.0, 1.0))


def read_stack_height(brightness: np.ndarray, occ: np.ndarray, clear: np.ndarray, pavement: float, gsd_m: float,
                      elevation_deg: float | None, azimuth_deg: float | None,
                      params: ShadowParams | None = None) -> ShadowReading | None:
    """Mean height (tiers) of the stacks along the shadow-side edges of the occupied blocks, or None
    when the sun is too low, the pixels too coarse or too few edges cast a readable shadow."""
    params = params or ShadowParams()
    if elevation_deg is None or azimuth_deg is None or elevation_deg < params.min_sun_elevation_deg \
            or gsd_m > params.max_gsd_m:
        return None
    step = away_step(azimuth_deg)
    pitch_m = gsd_m * float(np.hypot(*step))
    tan_el = math.tan(math.radians(elevation_deg))
    reach = math.ceil(params.max_tiers * TIER_M / tan_el / pitch_m) + 3
    rows, cols = ray_starts(occ, step)
    if rows.size * gsd_m / params.sample_m < params.min_stacks:
        return None
    b, blocked, seen = _profiles(brightness, occ, clear, rows, cols, step, reach)
    steps, censored, usable, ratio, ground = shadow_lengths(b, blocked, pavement, params.shadow_ratio)
    if gsd_m <= params.edge_box_gsd_m:  # the pixel toward the sun is whole box only when a box spans two
        steps = steps + edge_shadow(brightness, rows, cols, step, ground, ratio)
    usable &= seen.all(axis=1)
    tiers = steps * pitch_m * tan_el / TIER_M
    return summarise(tiers, usable, censored, gsd_m, ratio, params)


def summarise(tiers: np.ndarray, usable: np.ndarray, censored: np.ndarray, gsd_m: float, ratio: float,
              params: ShadowParams) -> ShadowReading | None:
    """The reading from the rays' heights (tiers): shadows that end on free ground give the height;
    one under half a box is a gap between boxes, not an edge; one that ran into the next block after
    at least a box's length says only that its stack is taller (upper bound)."""
    free = usable & ~censored & (tiers >= params.min_tiers)
    tall = usable & censored & (tiers >= 1.0)
    samples = free.sum() * gsd_m / params.sample_m
    if samples < params.min_stacks:
        return None
    low = np.minimum(tiers[free], params.max_tiers)
    high = np.concatenate([low, np.full(int(tall.sum()), params.max_tiers)])
    return ShadowReading(tiers=float(np.clip(low.mean(), 1.0, params.max_tiers)),
                         tiers_high=float(np.clip(high.mean(), 1.0, params.max_tiers)), spread=float(low.std()),
                         rays=int(free.sum()), censored=int(tall.sum()), samples=float(samples),
                         shadow_ratio=ratio)
