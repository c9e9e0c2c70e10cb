"""What every counter takes and returns: a site raster with its masks, feature shapes, a count.

Counters are pure: reflectance arrays and pixel-space geometry in, a `Count` out. Geometry is in
the window's pixel coordinates (x = column, y = row, pixel centres at +0.5), already mapped from
lon/lat by the task that read the window; metric lengths come from `gsd_m`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from scipy import ndimage
from shapely.geometry.base import BaseGeometry

from armstrack.model import FeatureRole, Interval

BANDS = ("red", "green", "blue", "nir")
SKY_FRINGE_M = 60.0  # how far past a masked cloud or shadow its soft edge still tints the ground


@dataclass
class Masks:
    """Per-pixel quality: what is seen and what is hidden, and how each mask was made."""

    valid: np.ndarray  # inside the footprint, not nodata
    cloud: np.ndarray
    shadow: np.ndarray
    snow: np.ndarray
    method: str = "spectral"
    haze: np.ndarray | None = None  # thin or uncertain cloud: not read, but not counted as cloud
    _fringes: dict[tuple[float, float], np.ndarray] = field(default_factory=dict, init=False, repr=False,
                                                            compare=False)

    @cached_property
    def hidden(self) -> np.ndarray:
        """Pixels under cloud, thin cloud or cloud shadow."""
        hidden = self.cloud | self.shadow
        return hidden | self.haze if self.haze is not None else hidden

    @cached_property
    def clear(self) -> np.ndarray:
        """Pixels a counter may read: valid and neither cloud, thin cloud nor cloud shadow (worked
        out once: every counter reads it; the masks are not changed after they are made)."""
        return self.valid & ~self.hidden

    def fringe(self, gsd_m: float, reach_m: float | None = None) -> np.ndarray:
        """Clear pixels within `reach_m` of a hidden one: a cloud or its shadow is soft over tens of
        metres and the masks cut it where it is opaque, so the ground just outside still carries a
        faint veil or shade that reads like an object. Counters count what they find there only
        in the upper bound. Worked out on a grid of about 10 m (the masks' cells are coarser)."""
        reach_m = SKY_FRINGE_M if reach_m is None else reach_m
        key = (gsd_m, reach_m)
        if key not in self._fringes:
            self._fringes[key] = _near(self.hidden, gsd_m, reach_m) & self.clear
        return self._fringes[key]


def _near(hidden: np.ndarray, gsd_m: float, reach_m: float) -> np.ndarray:
    """Pixels within `reach_m` of a True pixel of `hidden`, on a grid of about 10 m (none: all False)."""
    if not hidden.any():
        return np.zeros(hidden.shape, dtype=bool)
    k = max(1, int(10.0 / gsd_m))
    rows, cols = hidden.shape
    pad = np.pad(hidden, ((0, -rows % k), (0, -cols % k)))
    coarse = pad.reshape(pad.shape[0] // k, k, pad.shape[1] // k, k).any(axis=(1, 3))
    near = ndimage.distance_transform_edt(~coarse) * (k * gsd_m) <= reach_m
    return np.repeat(np.repeat(near, k, axis=0), k, axis=1)[:rows, :cols]


@dataclass
class SiteRaster:
    """One site's window of one scene: reflectance bands (float32, 0-1), masks and geometry."""

    bands: dict[str, np.ndarray]
    masks: Masks
    gsd_m: float
    sun_elevation_deg: float | None = None
    sun_azimuth_deg: float | None = None  # clockwise from north
    stacked: np.ndarray | None = None  # the bands as one (band, row, col) array in `bands` order, if read so
    _stacks: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def shape(self) -> tuple[int, int]:
        first = next(iter(self.bands.values()))
        return (int(first.shape[0]), int(first.shape[1]))

    def crop(self, rows: slice, cols: slice) -> SiteRaster:
        """The same raster over a sub-window (views, no copies; masks and stack cropped alike)."""
        m = self.masks
        masks = Masks(valid=m.valid[rows, cols], cloud=m.cloud[rows, cols], shadow=m.shadow[rows, cols],
                      snow=m.snow[rows, cols], method=m.method, haze=None if m.haze is None else m.haze[rows, cols])
        return SiteRaster(bands={k: v[rows, cols] for k, v in self.bands.items()}, masks=masks, gsd_m=self.gsd_m,
                          sun_elevation_deg=self.sun_elevation_deg, sun_azimuth_deg=self.sun_azimuth_deg,
                          stacked=None if self.stacked is None else self.stacked[:, rows, cols])

    def stack(self, names: tuple[str, ...] = BANDS) -> np.ndarray:
        """Bands as one (band, row, col) array, in `names` order (missing bands skipped). Made once
        per raster and shared by the counters (the window's own stack when it was read as one):
        read it, do not write to it."""
        present = tuple(n for n in names if n in self.bands)
        if self.stacked is not None and present == tuple(self.bands):
            return self.stacked
        if present not in self._stacks:
            self._stacks[present] = np.stack([self.bands[n] for n in present])
        return self._stacks[present]


@dataclass
class FeatureShape:
    """A track, berth or yard of the site, in window pixel coordinates."""

    id: str
    role: FeatureRole
    pixels: BaseGeometry
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Detection:
    """Something a counter found, for evidence chips: a pixel-space shape and a label."""

    geometry: BaseGeometry
    label: str
    feature: str


@dataclass
class Count:
    """A counter's answer for one quantity at one site: the interval (None: not observed) and why."""

    value: Interval | None
    coverage: float  # share of the features' extent actually seen
    cloud_fraction: float  # share of the features' extent under cloud or cloud shadow
    flags: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    detections: list[Detection] = field(default_factory=list)
    internals: dict[str, Any] = field(default_factory=dict)  # what a second pass may reuse (not stored)


@dataclass
class FeatureCount:
    """One feature's part of a count: value and bounds on the seen part plus the unseen share."""

    feature: str
    value: float
    low: float
    high: float
    seen: float  # share of the feature seen
    cloud: float
    unseen_capacity: float = 0.0  # most objects the unseen part could hold
    details: dict[str, Any] = field(default_factory=dict)


def combine(parts: list[FeatureCount], max_cloud: float, level: float = 0.9) -> tuple[Interval | None, float, float]:
    """Sum per-feature counts into one interval; None when too little of the features was seen.

    A feature hidden beyond `max_cloud` makes the whole quantity not observed: a partial count
    is never passed off as a total. Below it, the unseen part widens the interval upward and the
    point value is scaled to the seen share.
    """
    if not parts:
        return None, 0.0, 0.0
    coverage = float(np.mean([p.seen for p in parts]))
    cloud = float(np.mean([p.cloud for p in parts]))
    if any(p.cloud > max_cloud or p.seen < 1.0 - max_cloud for p in parts):
        return None, coverage, cloud
    value = sum(p.value / max(p.seen, 1e-6) if p.seen < 0.999 else p.value for p in parts)
    low = sum(p.low for p in parts)
    high = sum(p.high + p.unseen_capacity for p in parts)
    value = float(round(value))
    low, high = float(np.floor(min(low, value))), float(np.ceil(max(high, value)))
    return Interval(value=value, low=low, high=high, level=level), coverage, cloud
