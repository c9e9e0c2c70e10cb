"""Cloud, cloud-shadow and snow masks: Sentinel-2 SCL where the scene has it, spectral tests otherwise.

The spectral tests use only red, green, blue and NIR (no SWIR, so no true NDSI). They run on
cells of about `cell_m` metres (block means) so that a white rail car or a stack of white
containers is never taken for a cloud: clouds are extensive, objects are small. A cell is cloud
when it is bright, grey-white (all visible bands alike) and as bright in the NIR as in the
visible; snow is bright and white with the NIR clearly below the visible (snow's NIR drop), and
cloud shadow is land much darker than the scene's clear land within a shadow's reach of a cloud,
with the dim cells joined to such a dark core (its rim, its part over bright pavement). Land is
told from water by a NIR well below the green, which a shadow keeps (NDWI does not: shade dims
the NIR most).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from armstrack.imagery.measure.base import Masks

# Sentinel-2 L2A scene classification codes.
SCL_NODATA = (0, 1)
SCL_SHADOW = (3,)
SCL_CLOUD = (9, 10)  # high probability and cirrus: reported as cloud
SCL_HAZE = (8,)  # medium probability: not read, not reported as cloud
SCL_SNOW = (11,)
SPECTRAL = ("red", "green", "blue", "nir")  # the bands the spectral tests read


@dataclass(frozen=True)
class MaskParams:
    """Thresholds of the spectral tests (reflectance 0-1)."""

    cell_m: float = 30.0
    cloud_reflectance: float = 0.66  # a thick cloud's mean visible reflectance
    opaque: float = 0.5  # a cell is cloud where the cloud would make up this share of its light
    ground_brightness: float = 0.15  # typical clear ground, for the opacity estimate
    cloud_whiteness: float = 0.25
    cloud_nir_ratio: float = 0.88  # NIR / visible at or above this for cloud (snow's NIR drops)
    snow_brightness: float = 0.50
    shadow_darkening: float = 0.55  # below this share of the clear-land median brightness
    shadow_dimming: float = 0.65  # dim cells joined to a dark shadow core are shadow too (its rim, bright ground)
    shadow_reach_m: float = 3000.0  # cloud shadows lie within this distance of a cloud (sun unknown)
    water_nir_ratio: float = 0.45  # NIR below this share of green: water (shaded land keeps its NIR)
    highest_cloud_m: float = 4000.0  # the highest cloud whose shadow is looked for (sun known)


def scl_masks(scl: np.ndarray, valid: np.ndarray) -> Masks:
    """Masks from a Sentinel-2 scene classification layer."""
    return Masks(valid=valid & ~np.isin(scl, SCL_NODATA), cloud=np.isin(scl, SCL_CLOUD),
                 shadow=np.isin(scl, SCL_SHADOW), snow=np.isin(scl, SCL_SNOW), method="scl",
                 haze=np.isin(scl, SCL_HAZE))


def _cells(array: np.ndarray, valid: np.ndarray, k: int, count: np.ndarray | None = None,
           all_valid: bool = False) -> np.ndarray:
    """Block means over k x k cells (edges padded), ignoring invalid pixels (`count`: the valid
    pixels per cell, when already known; `all_valid`: every pixel is valid, nothing to blank)."""
    rows, cols = array.shape
    pr, pc = (-rows) % k, (-cols) % k
    a = array if all_valid else np.where(valid, array, np.float32(0.0))
    if pr or pc:
        a = np.pad(a, ((0, pr), (0, pc)))
    shape = (a.shape[0] // k, k, a.shape[1] // k, k)
    total = a.reshape(shape).sum(axis=(1, 3))
    if count is None:
        count = _valid_count(valid, k)
    return np.asarray(total / np.maximum(count, 1.0), dtype=np.float32)


def _valid_count(valid: np.ndarray, k: int) -> np.ndarray:
    """Valid pixels per k x k cell (edge cells are smaller)."""
    rows, cols = valid.shape
    if valid.all():  # whole cells but at the edges: no pass over the pixels
        per_row = np.minimum(k, rows - k * np.arange(-(-rows // k)))
        per_col = np.minimum(k, cols - k * np.arange(-(-cols // k)))
        return np.outer(per_row, per_col).astype(np.float32)
    w = np.pad(valid, ((0, (-rows) % k), (0, (-cols) % k)))
    return np.asarray(w.reshape(w.shape[0] // k, k, w.shape[1] // k, k).sum(axis=(1, 3)), dtype=np.float32)


def _expand(cells: np.ndarray, k: int, shape: tuple[int, int], valid: np.ndarray) -> np.ndarray:
    """A cell mask back on the pixels (valid ones only); no cell set: an all-False array, made for free."""
    if not cells.any():
        return np.zeros(shape, dtype=bool)
    return np.repeat(np.repeat(cells, k, axis=0), k, axis=1)[: shape[0], : shape[1]] & valid


def spectral_masks(bands: dict[str, np.ndarray], valid: np.ndarray, gsd_m: float,
                   params: MaskParams = MaskParams(), sun: tuple[float, float] | None = None) -> Masks:
    """Masks from red/green/blue/NIR tests on cells of about `params.cell_m` metres (`sun`: the sun's
    elevation and azimuth in degrees, where known: it sets how far from a cloud its shadow may fall)."""
    k = max(1, round(params.cell_m / gsd_m))
    count = _valid_count(valid, k)
    all_valid = bool(valid.all())
    cell = {name: _cells(band, valid, k, count, all_valid) for name, band in bands.items() if name in SPECTRAL}
    visible = [cell[n] for n in ("red", "green", "blue") if n in cell]
    bright = np.mean(visible, axis=0)
    white = np.max(np.abs(np.array(visible) - bright), axis=0) / np.maximum(bright, 1e-3)
    nir_ratio = cell["nir"] / np.maximum(bright, 1e-3) if "nir" in cell else np.ones_like(bright)
    threshold = params.opaque * params.cloud_reflectance + (1 - params.opaque) * params.ground_brightness
    whitish = white < params.cloud_whiteness
    cloud = (bright > threshold) & whitish & (nir_ratio >= params.cloud_nir_ratio)
    snow = (bright > params.snow_brightness) & whitish & (nir_ratio < params.cloud_nir_ratio)
    shadow = _shadow_cells(cell, bright, cloud, snow, k * gsd_m, params, sun)
    shape = valid.shape
    return Masks(valid=valid, cloud=_expand(cloud, k, shape, valid), snow=_expand(snow, k, shape, valid),
                 shadow=_shadow_pixels(bands, shadow, k, valid, params), method="spectral")


def _shadow_pixels(bands: dict[str, np.ndarray], cells: np.ndarray, k: int, valid: np.ndarray,
                   params: MaskParams) -> np.ndarray:
    """The shadow cells on the pixels, less the water pixels in them: a cell on the shore is dark for
    its water, and the water is not shadow (shadow is looked for on land only)."""
    pixels = _expand(cells, k, valid.shape, valid)
    if not pixels.any():
        return pixels
    return pixels & (bands["nir"] >= params.water_nir_ratio * bands["green"])


def _shadow_cells(cell: dict[str, np.ndarray], bright: np.ndarray, cloud: np.ndarray, snow: np.ndarray,
                  cell_size_m: float, params: MaskParams, sun: tuple[float, float] | None = None) -> np.ndarray:
    """Land cells much darker than the clear land, within a shadow's reach of a cloud (or snow).

    Land is told from water by its NIR, not by NDWI: a shadow dims the NIR more than the green, so
    shaded pavement reads as water by NDWI and its shadow went unmasked. The reach is the longest
    shadow at the sun's elevation where the sun is known: the shadows that fall on a site come from
    clouds up to a few kilometres away, well outside the site's window."""
    hidden = cloud | snow
    if not hidden.any() or "nir" not in cell or "green" not in cell:
        return np.zeros_like(cloud)
    land = cell["nir"] >= params.water_nir_ratio * cell["green"]  # water: NIR far below green, even in shade
    clear_land = land & ~hidden
    if clear_land.sum() < 4:
        return np.zeros_like(cloud)
    reference = float(np.median(bright[clear_land]))
    dark = clear_land & (bright < params.shadow_darkening * reference)
    reach_m = params.shadow_reach_m if sun is None else _longest_shadow_m(sun[0], params)
    near = ndimage.distance_transform_edt(~hidden) * cell_size_m <= reach_m
    dim = clear_land & near & (bright < params.shadow_dimming * reference)
    return _grown(dark & near, dim)


def _grown(seeds: np.ndarray, dim: np.ndarray) -> np.ndarray:
    """The dim cells connected to a seed (hysteresis): a shadow's penumbra and its part over bright
    pavement are only dim, but they join the dark core of the same shadow; a dim field on its own is not shadow."""
    if not seeds.any() or not (dim & ~seeds).any():
        return np.asarray(seeds)
    labels, _ = ndimage.label(seeds | dim)
    keep = np.unique(labels[seeds])
    return np.asarray(np.isin(labels, keep[keep > 0]))


def _longest_shadow_m(elevation_deg: float, params: MaskParams) -> float:
    """How far from its cloud a shadow can fall: the highest cloud over the tangent of the sun's elevation."""
    return params.highest_cloud_m / math.tan(math.radians(max(elevation_deg, 5.0)))


def quality_masks(bands: dict[str, np.ndarray], valid: np.ndarray, gsd_m: float, scl: np.ndarray | None = None,
                  params: MaskParams = MaskParams(), sun: tuple[float, float] | None = None) -> Masks:
    """SCL masks where the scene carries a classification layer, spectral masks otherwise."""
    if scl is not None:
        return scl_masks(scl, valid)
    return spectral_masks(bands, valid, gsd_m, params, sun)
