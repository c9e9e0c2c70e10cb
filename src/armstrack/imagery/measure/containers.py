"""Containers in yard polygons: occupied footprint to ground slots, times the stack height, in TEU.

Method `yard-footprint-v1`: pixels of the yard that differ from bare pavement (the yard's
background when given, else the pavement mode of the yard itself) and are not pavement in shadow
are occupied; occupied area over the measured footprint of one TEU slot (a 20-ft box and its share
of the gaps) gives ground slots, and a 40-ft box covers two slots, so its two TEU come out of the
area. Boxes under the top one cannot be seen: the stack height is a stated prior (1-4 high,
typically 2.3) that sets the interval. The mean height of the blocks' edge stacks is also read
from the shadows they cast on the pavement and reported (`shadow_height_m`), but not used for the
value: in evaluation it read about half the true mean height (shadows fall on neighbouring stacks).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import ndimage

from armstrack.imagery.measure.base import Count, Detection, FeatureCount, FeatureShape, SiteRaster, combine
from armstrack.imagery.measure.geometry import outline_polygons, polygon_mask
from armstrack.imagery.measure.reference import shadow_like
from armstrack.imagery.measure.registry import register_counter
from armstrack.model import Quantity

METHOD = "yard-footprint-v1"


@dataclass(frozen=True)
class ContainerParams:
    slot_m2: float = 6.058 * 2.438  # one TEU's footprint
    packing: float = 0.82  # share of a block's measured area that is box roof (gaps, blurred edges)
    box_height_m: float = 2.59
    stack_prior: tuple[float, float, float] = (1.0, 2.3, 4.0)  # low, typical, high: stacks of 1-4
    min_contrast: float = 0.05
    shadow_max_gsd_m: float = 1.5
    min_sun_elevation_deg: float = 12.0
    use_shadow_height: bool = False  # edge shadows read ~half the true mean height in evaluation: reported only
    footprint_rel_error: float = 0.08  # occupancy edge effects, per GSD metre
    min_blob_m2: float = 10.0
    min_blob_contrast: float = 0.1  # a block's mean distance to pavement: paint is far, stains and wear near


def pavement_reference(pixels: np.ndarray) -> np.ndarray:
    """The commonest spectrum among a yard's pixels (band, n): the bare pavement, by a 1-D mode per band."""
    ref = []
    for band in pixels:
        hist, edges = np.histogram(band, bins=64)
        peak = int(np.argmax(hist))
        ref.append(0.5 * (edges[peak] + edges[peak + 1]))
    return np.asarray(ref, dtype=np.float32)


def occupied(raster: SiteRaster, inside: np.ndarray, params: ContainerParams,
             background: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Occupied pixels of the yard and the shadow-dark pixels (which are not boxes)."""
    image = raster.stack()
    clear = inside & raster.masks.clear
    if background is not None and background.shape == image.shape:
        distance = np.linalg.norm(image - background, axis=0)
        reference = np.array([np.median(b[clear]) for b in background]) if clear.any() else np.zeros(len(image))
    else:
        reference = pavement_reference(image[:, clear]) if clear.any() else np.zeros(len(image))
        distance = np.linalg.norm(image - reference[:, None, None], axis=0)
    bands, rows, cols = image.shape
    flat = raster.box_mean(3).reshape(bands, -1)
    shaded = shadow_like(flat, np.broadcast_to(reference[:, None], flat.shape), smooth=1).reshape(rows, cols)
    occ = clear & (distance > params.min_contrast) & ~shaded
    dark = shaded | (image[:3].mean(axis=0) < 0.6 * float(reference[:3].mean()))
    min_px = max(1, int(params.min_blob_m2 / raster.gsd_m ** 2))
    occ = ndimage.binary_opening(occ) if raster.gsd_m <= 1.0 else occ
    labels, n = ndimage.label(occ)
    if n:
        sizes = np.bincount(labels.ravel())
        strength = np.asarray(ndimage.mean(distance, labels, index=np.arange(n + 1)))
        strength[0] = 0.0
        keep = (sizes >= min_px) & (strength >= params.min_blob_contrast)  # painted boxes, not stains
        occ &= keep[labels]
    return occ, clear & dark


def shadow_height(raster: SiteRaster, occ: np.ndarray, dark: np.ndarray, params: ContainerParams) -> float | None:
    """Mean height (m) of the blocks' edge stacks from the shadows they cast on the pavement, or None."""
    elev, azim = raster.sun_elevation_deg, raster.sun_azimuth_deg
    if elev is None or azim is None or elev < params.min_sun_elevation_deg or raster.gsd_m > params.shadow_max_gsd_m:
        return None
    away = math.radians(azim + 180.0)
    step = np.array([-math.cos(away), math.sin(away)])  # (drow, dcol) per pixel, north-up window
    step /= np.abs(step).max()
    reach = int(np.ceil(4 * params.box_height_m / math.tan(math.radians(elev)) / raster.gsd_m)) + 2
    rows, cols = np.nonzero(occ)
    if rows.size == 0:
        return None
    lengths = np.zeros(rows.size)
    alive = np.ones(rows.size, dtype=bool)
    ended = np.zeros(rows.size, dtype=bool)
    for k in range(1, reach + 1):
        r = np.round(rows + k * step[0]).astype(int)
        c = np.round(cols + k * step[1]).astype(int)
        ok = (r >= 0) & (r < occ.shape[0]) & (c >= 0) & (c < occ.shape[1])
        r, c = np.clip(r, 0, occ.shape[0] - 1), np.clip(c, 0, occ.shape[1] - 1)
        is_occ, is_dark = occ[r, c], dark[r, c]
        if k == 1:
            alive &= ~is_occ & ok  # start only at the block's shadow-side edge
        stop = alive & (~is_dark | ~ok)
        ended |= stop & ~is_occ
        alive &= ~stop
        lengths[alive] = k
    usable = ended & (lengths > 0)
    if usable.sum() < 5:
        return None
    length_m = float(np.mean(lengths[usable]) + 0.5) * raster.gsd_m * float(np.hypot(*step))
    return length_m * math.tan(math.radians(elev))


def count_yard(raster: SiteRaster, feature: FeatureShape, params: ContainerParams,
               background: np.ndarray | None) -> tuple[FeatureCount, list[Detection]]:
    inside = polygon_mask(feature.pixels, raster.shape)
    area_px = int(inside.sum())
    seen_px = int((inside & raster.masks.clear).sum())
    seen = seen_px / area_px if area_px else 0.0
    occ, dark = occupied(raster, inside, params, background)
    area_m2 = float(occ.sum()) * raster.gsd_m ** 2
    slots = area_m2 / (params.slot_m2 / params.packing)
    height = shadow_height(raster, occ, dark, params)
    stack_low, stack, stack_high = params.stack_prior
    how = "prior"
    if height is not None and params.use_shadow_height:  # the blocks' edge stacks only: a mean, not the range
        stack, how = float(np.clip(height / params.box_height_m, stack_low, stack_high)), "shadow"
    rel = params.footprint_rel_error * max(1.0, raster.gsd_m) + 0.05
    value = slots * stack
    details = {"occupied_m2": round(area_m2, 1), "slots": round(slots, 1), "stack": stack,
               "stack_from": how, "shadow_height_m": None if height is None else round(height, 2)}
    part = FeatureCount(feature=feature.id, value=value, low=math.floor(slots * (1 - rel) * stack_low),
                        high=math.ceil(slots * (1 + rel) * stack_high), seen=seen, cloud=1.0 - seen,
                        unseen_capacity=(area_px - seen_px) * raster.gsd_m ** 2 / params.slot_m2 * stack_high,
                        details=details)
    detections = [Detection(geometry=g, label="containers", feature=feature.id) for g in outline_polygons(occ)]
    return part, detections


@register_counter(Quantity.CONTAINERS_TEU, METHOD, margin_m=10.0)  # 3x3 filters, shadow walks stop at the yard
def count_containers(raster: SiteRaster, features: Sequence[FeatureShape], *, background: Any = None,
                     max_cloud: float = 0.5, params: ContainerParams | None = None) -> Count:
    """TEU in every yard of a site, as one interval (None when too much is hidden)."""
    params = params or ContainerParams()
    backgrounds = background or {}
    parts, detections = [], []
    for feature in features:
        part, found = count_yard(raster, feature, params, backgrounds.get(feature.id))
        parts.append(part)
        detections.extend(found)
    interval, coverage, cloud = combine(parts, max_cloud)
    return Count(value=interval, coverage=coverage, cloud_fraction=cloud,
                 flags=[] if interval is not None else ["not_observed"],
                 parameters={"params": asdict(params), "yards": {p.feature: p.details for p in parts}},
                 detections=detections if interval is not None else [])
