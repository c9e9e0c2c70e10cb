"""Containers in yard polygons: occupied footprint to ground slots, times the stack height, in TEU.

Method `yard-footprint-v2`: pixels of the yard that differ from bare pavement (the yard's
background when given, else the pavement mode of the yard itself), are not pavement in shadow and
are paint or beside paint are occupied; occupied area over the measured footprint of one TEU slot
(a 20-ft box and its share of the gaps) gives ground slots, and a 40-ft box covers two slots, so
its two TEU come out of the area. Boxes under the top one cannot be seen: the stack height is the
mean of the edge stacks read from their shadows (`stacks.py`) where sun and pixels allow, with its
standard error and an allowance for edge stacks standing for the block; otherwise a stated prior
(1-4 high, typically 2.3). v1 used the prior everywhere (1.5x high on the simulated ports).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import ndimage

from armstrack.imagery.measure.base import Count, Detection, FeatureCount, FeatureShape, SiteRaster, combine
from armstrack.imagery.measure.geometry import outline_polygons, polygon_mask
from armstrack.imagery.measure.reference import shadow_like
from armstrack.imagery.measure.registry import register_counter
from armstrack.imagery.measure.stacks import ShadowParams, ShadowReading, read_stack_height
from armstrack.model import Quantity

METHOD = "yard-footprint-v2"


@dataclass(frozen=True)
class ContainerParams:
    slot_m2: float = 6.058 * 2.438  # one TEU's footprint
    packing: float = 0.82  # share of a block's measured area that is box roof (gaps, blurred edges)
    stack_prior: tuple[float, float, float] = (1.0, 2.3, 4.0)  # low, typical, high: stacks of 1-4 (no shadows)
    min_contrast: float = 0.05
    shadow: ShadowParams = field(default_factory=ShadowParams)
    z_90: float = 1.645
    edge_allowance_tiers: float = 0.5  # edge stacks' mean against the whole block's (development seed 1)
    footprint_rel_error: float = 0.08  # occupancy edge effects, per GSD metre
    min_blob_m2: float = 10.0
    min_blob_contrast: float = 0.1  # a block's mean distance to pavement: paint is far, stains and wear near
    mixed_gsd_m: float = 3.0  # coarser, a box is well under a pixel: faint pixels may be mixed boxes
    edge_mix_gsd_m: float = 2.0  # from here a block's edge pixels are mostly part box, part pavement


def pavement_reference(pixels: np.ndarray) -> np.ndarray:
    """The commonest spectrum among a yard's pixels (band, n): the bare pavement, by a 1-D mode per band."""
    ref = []
    for band in pixels:
        hist, edges = np.histogram(band, bins=64)
        peak = int(np.argmax(hist))
        ref.append(0.5 * (edges[peak] + edges[peak + 1]))
    return np.asarray(ref, dtype=np.float32)


def pavement_in_shadow(image: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Pixels that look like the pavement in shadow, tested per pixel and on 3x3 means: a stack's
    shadow starts at its edge, where the mean mixes in the box (so the box grew by a pixel into its
    shadow); noise needs the mean."""
    bands, rows, cols = image.shape
    ref = np.broadcast_to(reference[:, None], (bands, rows * cols))
    out = np.zeros(rows * cols, dtype=bool)
    for px in (image.reshape(bands, -1), np.stack([ndimage.uniform_filter(b, 3) for b in image]).reshape(bands, -1)):
        out |= shadow_like(px, ref, smooth=1)
    return out.reshape(rows, cols)


def occupied(raster: SiteRaster, inside: np.ndarray, params: ContainerParams, background: np.ndarray | None,
             image: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Occupied pixels of the yard, and the faint ones: above the pavement's own scatter but under
    the threshold, or in blobs too small or too faint to count (a box mixed into a coarse pixel
    with pavement looks like that); they bound the count from above, not the value; and the share
    of each occupied pixel that is box (`edge_cover`). Worked out on the yard's bounding box only."""
    image = raster.stack() if image is None else image
    occ, faint = np.zeros(inside.shape, dtype=bool), np.zeros(inside.shape, dtype=bool)
    cover = np.zeros(inside.shape, dtype=np.float32)
    rows, cols = np.nonzero(inside)
    if rows.size == 0:
        return occ, faint, cover
    box = (slice(max(rows.min() - 2, 0), rows.max() + 3), slice(max(cols.min() - 2, 0), cols.max() + 3))
    if background is not None and background.shape == image.shape:
        background = background[:, box[0], box[1]]
    occ[box], faint[box], cover[box] = _occupied_in(image[:, box[0], box[1]], (inside & raster.masks.clear)[box],
                                                    raster.gsd_m, params, background)
    return occ, faint, cover


def painted_blobs(occ: np.ndarray, distance: np.ndarray, min_px: int, contrast: float) -> np.ndarray:
    """Hysteresis, then blobs: paint is far from the pavement, so a pixel nearer it than `contrast`
    is a box only beside paint (a box's mixed edge), else a stain or the pavement's own texture,
    even where it touches a block; blobs under `min_px` or fainter than `contrast` on average go."""
    occ = occ & ndimage.binary_dilation(occ & (distance >= contrast))
    labels, n = ndimage.label(occ)
    if not n:
        return occ
    sizes = np.bincount(labels.ravel())
    strength = np.asarray(ndimage.mean(distance, labels, index=np.arange(n + 1)))
    strength[0] = 0.0
    keep = (sizes >= min_px) & (strength >= contrast)
    return np.asarray(occ & keep[labels])


def edge_cover(occ: np.ndarray, distance: np.ndarray) -> np.ndarray:
    """Share of box in each occupied pixel: 1 inside a blob; at its edge, where a coarse pixel mixes
    box and pavement, the pixel's contrast over the blob's inside (its median, or its peak when the
    blob has no inside)."""
    inner = ndimage.binary_erosion(occ)
    labels, n = ndimage.label(occ)
    index = np.arange(n + 1)
    peak = np.asarray(ndimage.maximum(distance, labels, index=index), dtype=float)
    counts = np.bincount((labels * inner).ravel(), minlength=n + 1)
    level = np.asarray(ndimage.median(distance, labels * inner, index=index), dtype=float)
    level = np.where((counts > 0) & np.isfinite(level) & (level > 0), level, peak)
    cover = occ.astype(np.float32)
    edge = occ & ~inner
    cover[edge] = np.clip(distance[edge] / np.maximum(level[labels[edge]], 1e-6), 0.0, 1.0)
    return cover


def _occupied_in(image: np.ndarray, clear: np.ndarray, gsd_m: float, params: ContainerParams,
                 background: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if background is not None and background.shape == image.shape:
        distance = np.linalg.norm(image - background, axis=0)
        reference = np.array([np.median(b[clear]) for b in background]) if clear.any() else np.zeros(len(image))
    else:
        reference = pavement_reference(image[:, clear]) if clear.any() else np.zeros(len(image))
        distance = np.linalg.norm(image - reference[:, None, None], axis=0)
    shaded = pavement_in_shadow(image, reference)
    occ = clear & (distance > params.min_contrast) & ~shaded
    scatter = distance[clear] if clear.any() else np.zeros(1)
    floor = float(np.median(scatter) + 3 * 1.4826 * np.median(np.abs(scatter - np.median(scatter))))
    faint = clear & (distance > min(max(floor, params.min_contrast / 2), params.min_contrast)) & ~shaded
    min_px = max(1, int(params.min_blob_m2 / gsd_m ** 2))
    occ = ndimage.binary_opening(occ) if gsd_m <= 1.0 else occ
    occ = painted_blobs(occ, distance, min_px, params.min_blob_contrast)
    cover = edge_cover(occ, distance) if gsd_m >= params.edge_mix_gsd_m else occ.astype(np.float32)
    if gsd_m <= params.mixed_gsd_m:  # a box spans whole pixels: what is faint is pavement texture
        return occ, np.zeros_like(occ), cover
    return occ, faint & ~occ, cover


@dataclass
class YardPixels:
    """One yard's occupied pixels and what they stand on."""

    feature: FeatureShape
    inside: np.ndarray
    occ: np.ndarray
    faint: np.ndarray
    cover: np.ndarray
    pavement: float  # mean reflectance of the yard's bare pavement (sunlit)


def yard_pixels(raster: SiteRaster, feature: FeatureShape, params: ContainerParams,
                background: np.ndarray | None, image: np.ndarray) -> YardPixels:
    """One yard's occupancy and its sunlit pavement's brightness (the shadow reading's reference)."""
    inside = polygon_mask(feature.pixels, raster.shape)
    occ, faint, cover = occupied(raster, inside, params, background, image)
    doubtful = occ & raster.masks.fringe(raster.gsd_m)  # a cloud's soft edge: upper bound only
    if doubtful.any():
        occ, faint, cover = occ & ~doubtful, faint | doubtful, np.where(doubtful, 0.0, cover)
    clear = inside & raster.masks.clear
    pavement = float(pavement_reference(image[:, clear]).mean()) if clear.any() else 0.0
    return YardPixels(feature, inside, occ, faint, cover, pavement)


def stack_estimate(reading: ShadowReading | None, params: ContainerParams) -> tuple[float, float, float, str]:
    """(low, value, high) stack height in tiers and where it came from: the edge stacks' shadows
    (their mean, widened by its standard error and by how far edge stacks may stand from the rest of
    the block), else the stated prior."""
    prior_low, prior, prior_high = params.stack_prior
    if reading is None:
        return prior_low, prior, prior_high, "prior"
    margin = params.z_90 * reading.standard_error + params.edge_allowance_tiers
    low = max(prior_low, reading.tiers - margin)
    high = min(prior_high, max(reading.tiers, reading.tiers_high) + margin)
    return low, reading.tiers, high, "shadow"


def count_yard(raster: SiteRaster, yard: YardPixels, params: ContainerParams,
               stack: tuple[float, float, float, str]) -> tuple[FeatureCount, list[Detection]]:
    """TEU in one yard: ground slots from the occupied area times the stack height, with the
    footprint error and the stack bounds (and, coarse, the faint pixels) in the interval."""
    inside, occ = yard.inside, yard.occ
    area_px = int(inside.sum())
    seen_px = int((inside & raster.masks.clear).sum())
    seen = seen_px / area_px if area_px else 0.0
    area_m2 = float(yard.cover.sum()) * raster.gsd_m ** 2
    slots = area_m2 / (params.slot_m2 / params.packing)
    faint_slots = float(yard.faint.sum()) * raster.gsd_m ** 2 / (params.slot_m2 / params.packing)
    stack_low, tiers, stack_high, how = stack
    rel = params.footprint_rel_error * max(1.0, raster.gsd_m) + 0.05
    details = {"occupied_m2": round(area_m2, 1), "slots": round(slots, 1), "faint_slots": round(faint_slots, 1),
               "stack": round(tiers, 2), "stack_low": round(stack_low, 2), "stack_high": round(stack_high, 2),
               "stack_from": how}
    part = FeatureCount(feature=yard.feature.id, value=slots * tiers, low=math.floor(slots * (1 - rel) * stack_low),
                        high=math.ceil((slots * (1 + rel) + faint_slots) * stack_high), seen=seen, cloud=1.0 - seen,
                        unseen_capacity=(area_px - seen_px) * raster.gsd_m ** 2 / params.slot_m2 * stack_high,
                        details=details)
    detections = [Detection(geometry=g, label="containers", feature=yard.feature.id) for g in outline_polygons(occ)]
    return part, detections


def site_shadow_reading(raster: SiteRaster, yards: list[YardPixels], params: ContainerParams,
                        image: np.ndarray) -> ShadowReading | None:
    """One reading of the stack height from the shadow-side edges of every yard of the site."""
    if not yards:
        return None
    occ = np.logical_or.reduce([y.occ for y in yards])
    pavement = float(np.mean([y.pavement for y in yards if y.pavement > 0] or [0.0]))
    if pavement <= 0 or not occ.any():
        return None
    brightness = image.mean(axis=0)
    return read_stack_height(brightness, occ, raster.masks.clear, pavement, raster.gsd_m, raster.sun_elevation_deg,
                             raster.sun_azimuth_deg, params.shadow)


@register_counter(Quantity.CONTAINERS_TEU, METHOD)
def count_containers(raster: SiteRaster, features: Sequence[FeatureShape], *, background: Any = None,
                     max_cloud: float = 0.5, params: ContainerParams | None = None) -> Count:
    """TEU in every yard of a site, as one interval (None when too much is hidden)."""
    params = params or ContainerParams()
    backgrounds = background or {}
    image = raster.stack()
    yards = [yard_pixels(raster, f, params, backgrounds.get(f.id), image) for f in features]
    reading = site_shadow_reading(raster, yards, params, image)
    stack = stack_estimate(reading, params)
    parts, detections = [], []
    for yard in yards:
        part, found = count_yard(raster, yard, params, stack)
        parts.append(part)
        detections.extend(found)
    interval, coverage, cloud = combine(parts, max_cloud)
    return Count(value=interval, coverage=coverage, cloud_fraction=cloud,
                 flags=[] if interval is not None else ["not_observed"],
                 parameters={"params": asdict(params), "yards": {p.feature: p.details for p in parts},
                             "shadows": None if reading is None else reading.as_dict()},
                 detections=detections if interval is not None else [])
