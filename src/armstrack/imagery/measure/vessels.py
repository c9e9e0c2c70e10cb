"""Vessels at berths and at anchor: non-water hulls along quay edges and inside the site's water.

Method `berth-water-v2`: water is where green clearly beats near-infrared (NDWI). Along each
berth line, the side that is mostly water is the sea side; stations whose first tens of metres
on that side are not water carry a hull, and runs of them long enough for a ship (80-190 m,
`min_length_m` allowing for blur) are berthed vessels, with their length. Elsewhere in the site,
elongated non-water islands inside the water, of ship size, are vessels at anchor, except that
one beside a cloud that looks like thin cloud over the sea counts only in the upper bound (v1
counted cloud fringes as ships).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import ndimage
from shapely.geometry import LineString

from armstrack.imagery.measure.base import Count, Detection, FeatureCount, FeatureShape, SiteRaster, combine
from armstrack.imagery.measure.geometry import Reach, box_of, fill_holes, polygon_mask
from armstrack.imagery.measure.profile import as_lines, close_gaps, runs, sample, sample_mask, stations
from armstrack.imagery.measure.registry import register_counter
from armstrack.model import FeatureRole, Interval, Quantity

METHOD = "berth-water-v2"


@dataclass(frozen=True)
class VesselParams:
    ndwi_water: float = 0.15
    hull_near_m: float = 4.0
    hull_far_m: float = 16.0
    sea_probe_m: tuple[float, float] = (40.0, 80.0)
    min_length_m: float = 55.0
    max_length_m: float = 200.0
    min_beam_m: float = 6.0
    min_elongation: float = 2.5
    fine_gsd_m: float = 3.0
    coarse_spread: float = 0.1  # vessels either way per GSD metre above `fine_gsd_m` (dev seeds 1, 101: 95 %)
    anchorage_capacity: float = 4.0  # ships a site's whole water could hide (scaled by its hidden share)
    cloud_margin_m: float = 30.0  # one cell of the spectral cloud mask: a cloud's unmasked fringe
    fringe_tolerance: float = 0.25  # off the water-cloud line by less (relative): a fringe, not paint


def water_mask(raster: SiteRaster, params: VesselParams) -> np.ndarray:
    g, n = raster.bands["green"], raster.bands["nir"]
    ndwi = (g - n) / np.maximum(g + n, 1e-4)
    return np.asarray((ndwi > params.ndwi_water) & raster.masks.valid)


def hull_probe_m(gsd_m: float, params: VesselParams) -> tuple[float, float]:
    """How far off the quay line (m) a hull is looked for: 4-16 m, and coarser than `fine_gsd_m`
    from one pixel out, since a misregistration of up to a pixel puts the quay's own pixels (and
    their mixtures with the water) in the first pixel."""
    if gsd_m <= params.fine_gsd_m:
        return params.hull_near_m, params.hull_far_m
    return gsd_m, max(params.hull_far_m, gsd_m + params.hull_near_m)


def _berth_runs(raster: SiteRaster, line: LineString, water: np.ndarray, params: VesselParams
                ) -> tuple[list[tuple[float, np.ndarray]], float, np.ndarray]:
    """Hull runs along one berth line: (length m, station xy) each, the seen share, and the hull strip mask."""
    gsd = raster.gsd_m
    st = stations(line, max(1.0, gsd / 2) / gsd)
    probe = np.linspace(*params.sea_probe_m, 5) / gsd
    wet = water.astype(np.float32)
    side = 1.0 if sample(wet, st, probe).mean() >= sample(wet, st, -probe).mean() else -1.0
    near = side * np.linspace(*hull_probe_m(gsd, params), 5) / gsd
    hull = 1.0 - sample(wet, st, near, order=0).mean(axis=1)
    seen = sample_mask(raster.masks.clear, st, near).mean(axis=1) > 0.5
    on = close_gaps((hull > 0.5) & seen, math.ceil(gsd / (st.step * gsd)))
    found = []
    for a, b in runs(on):
        length = (b - a) * st.step * gsd
        if length >= params.min_length_m:
            found.append((length, st.xy[a:b] + side * st.normal[a:b] * (params.hull_far_m / 2 / gsd)))
    strip = np.zeros(water.shape, dtype=bool)
    cols = np.clip(st.xy[:, 0].astype(int), 0, water.shape[1] - 1)
    rows = np.clip(st.xy[:, 1].astype(int), 0, water.shape[0] - 1)
    strip[rows, cols] = True
    return found, float(seen.mean()), strip


def _vessels_in_run(length_m: float, params: VesselParams) -> tuple[int, int, int]:
    value = max(1, math.ceil(length_m / (params.max_length_m + 10.0)))
    high = max(value, math.floor((length_m + 10.0) / 80.0))
    return value, value, high


def near_hidden(raster: SiteRaster, params: VesselParams) -> np.ndarray:
    """Pixels within `cloud_margin_m` of cloud or cloud shadow: the masks work on coarse cells, and
    the thin fringe of a cloud over water is neither water nor masked, so it can pass for a hull."""
    hidden = raster.masks.valid & ~raster.masks.clear
    if not hidden.any():
        return np.zeros(hidden.shape, dtype=bool)
    return np.asarray(ndimage.distance_transform_edt(~hidden) * raster.gsd_m <= params.cloud_margin_m)


def fringe_endmembers(raster: SiteRaster, water: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The scene's own open water and cloud spectra (band order of `SiteRaster.stack`), or None
    when it has no masked cloud to take one from."""
    cloud = raster.masks.cloud & raster.masks.valid
    sea = water & raster.masks.clear
    if cloud.sum() < 10 or sea.sum() < 10:
        return None
    image = raster.stack()
    return np.median(image[:, sea], axis=1), np.median(image[:, cloud], axis=1)


def on_mixing_line(spectra: np.ndarray, ends: tuple[np.ndarray, np.ndarray], tolerance: float) -> bool:
    """Whether pixels (band, n) are mixtures of water and cloud (a thin fringe) rather than paint:
    the median distance from the water-cloud line relative to the distance from the water."""
    sea, cloud = ends
    line = cloud - sea
    off = spectra - sea[:, None]
    alpha = np.clip(line @ off / max(float(line @ line), 1e-9), 0.0, 1.0)
    residual = np.linalg.norm(off - line[:, None] * alpha[None], axis=0)
    return bool(np.median(residual / np.maximum(np.linalg.norm(off, axis=0), 1e-6)) < tolerance)


def anchored(raster: SiteRaster, water: np.ndarray, aoi: np.ndarray, exclude: np.ndarray,
             params: VesselParams, doubtful: np.ndarray) -> list[tuple[float, Detection, bool]]:
    """Ship-sized, elongated non-water islands inside the water (length m, detection, and whether
    it touches the fringe of a cloud and looks like a mixture of water and that cloud: then it
    may be the fringe, and counts only in the upper bound)."""
    clear = raster.masks.clear
    ends = fringe_endmembers(raster, water) if doubtful.any() else None
    image = raster.stack() if ends is not None else None
    holes = fill_holes(water | ~clear) & ~water & clear & aoi
    labels, _n = ndimage.label(holes)
    out = []
    near_berth = Reach(exclude, max(1, int(params.hull_far_m * 2 / raster.gsd_m)))
    sizes = np.bincount(labels.ravel())
    for index, region in enumerate(ndimage.find_objects(labels), start=1):
        # n 4-connected pixels span at most n pixels: fewer than a ship's length cannot be one (checked
        # first: a port's water holds hundreds of specks)
        if region is None or sizes[index] < 3 or (sizes[index] + 1) * raster.gsd_m < params.min_length_m:
            continue
        rows, cols = np.nonzero(labels[region] == index)
        length, beam = _extent(rows, cols, raster.gsd_m)
        if not (params.min_length_m <= length <= params.max_length_m * 1.3) or beam < params.min_beam_m * 0.5:
            continue
        if length / max(beam, raster.gsd_m) < params.min_elongation:
            continue
        if near_berth.any_near(rows + region[0].start, cols + region[1].start):
            continue
        box = box_of(rows + region[0].start, cols + region[1].start)
        unsure = bool(doubtful[region][rows, cols].any())
        if unsure and ends is not None and image is not None:
            pixels = image[:, rows + region[0].start, cols + region[1].start]
            unsure = on_mixing_line(pixels, ends, params.fringe_tolerance)
        label = f"vessel? {length:.0f} m (cloud fringe)" if unsure else f"vessel {length:.0f} m"
        out.append((length, Detection(geometry=box, label=label, feature="anchorage"), unsure))
    return out


def _extent(rows: np.ndarray, cols: np.ndarray, gsd: float) -> tuple[float, float]:
    """Length and beam (m) of a blob from its principal axes."""
    pts = np.stack([cols, rows], axis=1).astype(float)
    pts -= pts.mean(axis=0)
    if len(pts) < 2:
        return gsd, gsd
    _, vecs = np.linalg.eigh(np.cov(pts.T) + 1e-9 * np.eye(2))
    proj = pts @ vecs
    spans = proj.max(axis=0) - proj.min(axis=0) + 1.0
    return float(spans.max() * gsd), float(spans.min() * gsd)


def _coarse_spread(interval: Interval | None, gsd_m: float, params: VesselParams) -> Interval | None:
    """At coarse GSD a hull is a few mixed pixels: shore, piers and tugs can pass for one, and a
    ship beside another reads as one; the interval grows by `coarse_spread` vessels per pixel metre."""
    if interval is None or gsd_m <= params.fine_gsd_m:
        return interval
    spread = math.ceil(params.coarse_spread * gsd_m)
    return Interval(value=interval.value, low=max(0.0, interval.low - spread), high=interval.high + spread,
                    level=interval.level)


@register_counter(Quantity.VESSELS, METHOD)
def count_vessels(raster: SiteRaster, features: Sequence[FeatureShape], *, background: Any = None,
                  max_cloud: float = 0.5, params: VesselParams | None = None) -> Count:
    """Vessels at the berths and at anchor in a site (a SITE feature gives the area of interest)."""
    params = params or VesselParams()
    water = water_mask(raster, params)
    parts, detections, lengths = [], [], []
    strips = np.zeros(water.shape, dtype=bool)
    aoi = np.ones(water.shape, dtype=bool)
    for feature in features:
        if feature.role is FeatureRole.SITE:
            aoi = polygon_mask(feature.pixels, water.shape)
            continue
        value = low = high = 0
        seen_shares = []
        for line in as_lines(feature.pixels):
            found, seen, strip = _berth_runs(raster, line, water, params)
            seen_shares.append(seen)
            strips |= strip
            for length, xy in found:
                v, lo, hi = _vessels_in_run(length, params)
                value, low, high = value + v, low + lo, high + hi
                lengths.append(round(length, 1))
                detections.append(Detection(geometry=LineString(xy), label=f"vessel {length:.0f} m",
                                            feature=feature.id))
        seen = float(np.mean(seen_shares)) if seen_shares else 0.0
        parts.append(FeatureCount(feature=feature.id, value=value, low=low, high=high, seen=seen, cloud=1 - seen,
                                  unseen_capacity=0.0))
    at_anchor = anchored(raster, water, aoi, strips, params, near_hidden(raster, params))
    sure = sum(not unsure for _, _, unsure in at_anchor)
    aoi_seen = float((aoi & raster.masks.clear).sum() / max(aoi.sum(), 1))
    parts.append(FeatureCount(feature="anchorage", value=sure, low=sure, high=len(at_anchor),
                              seen=aoi_seen, cloud=1 - aoi_seen,
                              unseen_capacity=math.ceil((1 - aoi_seen) * params.anchorage_capacity)))
    detections += [d for _, d, _ in at_anchor]
    lengths += [round(length, 1) for length, _, unsure in at_anchor if not unsure]
    interval, coverage, cloud = combine(parts, max_cloud)
    interval = _coarse_spread(interval, raster.gsd_m, params)
    return Count(value=interval, coverage=coverage, cloud_fraction=cloud,
                 flags=[] if interval is not None else ["not_observed"],
                 parameters={"params": asdict(params), "lengths_m": lengths},
                 detections=detections if interval is not None else [])
