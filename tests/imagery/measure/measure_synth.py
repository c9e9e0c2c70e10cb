"""Tiny synthetic rasters for the counter unit tests: a straight track, a yard, a quay, drawn in numpy.

Everything is generated from a seed by the functions here (no files): ballast with noise, cars of
14-20 m with coupler gaps, container blocks, hulls on water. Pixel geometry is returned with it.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from shapely.geometry import LineString, Polygon

from armstrack.imagery.measure.base import FeatureShape, Masks, SiteRaster
from armstrack.model import FeatureRole

BALLAST = np.array([0.17, 0.16, 0.15, 0.20], dtype=np.float32)
PAVEMENT = np.array([0.20, 0.198, 0.192, 0.22], dtype=np.float32)
SEA = np.array([0.022, 0.038, 0.048, 0.006], dtype=np.float32)
CAR_PAINTS = [(0.19, 0.105, 0.075, 0.24), (0.05, 0.05, 0.052, 0.065), (0.24, 0.24, 0.24, 0.26),
              (0.07, 0.12, 0.085, 0.18)]


def _raster(image: np.ndarray, gsd: float, rng: np.random.Generator, cloud: np.ndarray | None = None,
            blur_px: float = 0.5) -> SiteRaster:
    image = np.stack([ndimage.gaussian_filter(b, blur_px) for b in image])
    image += rng.normal(0, 0.006, image.shape).astype(np.float32)
    valid = np.ones(image.shape[1:], dtype=bool)
    cloud = np.zeros_like(valid) if cloud is None else cloud
    masks = Masks(valid=valid, cloud=cloud, shadow=np.zeros_like(valid), snow=np.zeros_like(valid))
    bands = {n: image[i].astype(np.float32) for i, n in enumerate(("red", "green", "blue", "nir"))}
    return SiteRaster(bands=bands, masks=masks, gsd_m=gsd, sun_elevation_deg=40.0, sun_azimuth_deg=160.0)


def track_scene(seed: int, n_cars: int, gsd: float = 0.5, length_m: float = 600.0,
                cloud_cols: tuple[int, int] | None = None) -> tuple[SiteRaster, FeatureShape, int]:
    """One east-west track with `n_cars` cars drawn from its west end; returns raster, track, truth."""
    rng = np.random.default_rng(seed)
    width, height = int(length_m / gsd), int(40 / gsd)
    image = np.broadcast_to(BALLAST[:, None, None], (4, height, width)).copy()
    row = height / 2
    x = 20.0
    for _ in range(n_cars):
        car = rng.uniform(14.0, 20.0)
        c0, c1 = int(x / gsd), int((x + car - 1.0) / gsd)
        r0, r1 = int(row - 1.6 / gsd), int(row + 1.6 / gsd)
        image[:, r0:r1, c0:c1] = np.array(CAR_PAINTS[rng.integers(len(CAR_PAINTS))], dtype=np.float32)[:, None, None]
        x += car
    cloud = None
    if cloud_cols is not None:
        cloud = np.zeros((height, width), dtype=bool)
        cloud[:, cloud_cols[0]:cloud_cols[1]] = True
        image[:, cloud] = np.array([0.7, 0.71, 0.74, 0.68], dtype=np.float32)[:, None]
    line = LineString([(5.0 / gsd, row), (width - 5.0 / gsd, row)])
    track = FeatureShape(id="test-track-1", role=FeatureRole.TRACK, pixels=line)
    return _raster(image, gsd, rng, cloud), track, n_cars


def yard_scene(seed: int, blocks: int, gsd: float = 0.5, stack: int = 2) -> tuple[SiteRaster, FeatureShape, int]:
    """A paved yard with blocks of 20-ft boxes (4 rows x 5 bays each), stacked `stack` high."""
    rng = np.random.default_rng(seed)
    size = int(200 / gsd)
    image = np.broadcast_to(PAVEMENT[:, None, None], (4, size, size)).copy()
    teu = 0
    for b in range(blocks):
        r0, c0 = 20 + (b // 3) * 50, 20 + (b % 3) * 55
        for i in range(4):
            for j in range(5):
                rr, cc = int((r0 + i * 2.6) / gsd), int((c0 + j * 6.2) / gsd)
                paint = np.array([0.15, 0.26, 0.38, 0.33], dtype=np.float32) * rng.uniform(0.8, 1.2)
                image[:, rr:rr + int(2.44 / gsd), cc:cc + int(6.06 / gsd)] = paint[:, None, None]
                teu += stack
    yard = Polygon([(10 / gsd, 10 / gsd), (190 / gsd, 10 / gsd), (190 / gsd, 190 / gsd), (10 / gsd, 190 / gsd)])
    return _raster(image, gsd, rng), FeatureShape(id="test-yard-1", role=FeatureRole.YARD, pixels=yard), teu


def quay_scene(seed: int, lengths: list[float], gsd: float = 1.0) -> tuple[SiteRaster, list[FeatureShape], int]:
    """A north-south quay with land to the west and sea to the east; hulls berthed along it."""
    rng = np.random.default_rng(seed)
    size = int(800 / gsd)
    image = np.broadcast_to(SEA[:, None, None], (4, size, size)).copy()
    quay = int(300 / gsd)
    image[:, :, :quay] = PAVEMENT[:, None, None]
    y = 20.0
    for length in lengths:
        beam = length / 7
        hull = np.array([0.2, 0.205, 0.21, 0.22], dtype=np.float32)
        image[:, int(y / gsd):int((y + length) / gsd), quay + int(2 / gsd):quay + int((2 + beam) / gsd)] = \
            hull[:, None, None]
        y += length + 25
    image[:, int(600 / gsd):int(700 / gsd), int(600 / gsd):int(615 / gsd)] = \
        np.array([0.04, 0.04, 0.045, 0.05], dtype=np.float32)[:, None, None]  # one ship at anchor, 100 m
    berth = FeatureShape(id="test-berth-1", role=FeatureRole.BERTH,
                         pixels=LineString([(quay, 5 / gsd), (quay, 560 / gsd)]))
    aoi = FeatureShape(id="test", role=FeatureRole.SITE,
                       pixels=Polygon([(0, 0), (size, 0), (size, size), (0, size)]))
    return _raster(image, gsd, rng), [berth, aoi], len(lengths) + 1
