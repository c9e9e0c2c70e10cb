"""From the fine render to what a sensor records: misregistration, area averaging, blur, noise, quantising.

Sensors are registered by name in `SENSORS`; `sensor_for(gsd)` picks the one closest in GSD.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter

from armstrack.imagery.simulate.raster import Grid

FINE_RES_M = 0.25
MAX_SUBSAMPLES = 20  # for runs without a GSD under 5 m
SCALE = 10000.0
NODATA = 0


@dataclass(frozen=True)
class Sensor:
    name: str
    gsd_m: float
    psf_sigma_px: float  # Gaussian point-spread, in output pixels
    noise_floor: float  # reflectance units
    shot_noise: float  # times sqrt(reflectance)
    scl: bool = False  # writes a Sentinel-2 style scene classification band


SENSORS: dict[str, Sensor] = {}


def register(sensor: Sensor) -> Sensor:
    SENSORS[sensor.name] = sensor
    return sensor


register(Sensor("sim-0.5m", 0.5, 0.55, 0.004, 0.010))
register(Sensor("sim-3m", 3.0, 0.45, 0.003, 0.006))
register(Sensor("sim-10m", 10.0, 0.40, 0.002, 0.004, scl=True))


def sensor_for(gsd: float) -> Sensor:
    """The registered sensor with this GSD, or a copy of the nearest one resized to it."""
    best = min(SENSORS.values(), key=lambda s: abs(math.log(s.gsd_m / gsd)))
    if math.isclose(best.gsd_m, gsd):
        return best
    return Sensor(f"sim-{gsd:g}m", gsd, best.psf_sigma_px, best.noise_floor, best.shot_noise, scl=gsd >= 10)


def fine_resolution(gsds: tuple[float, ...] | list[float]) -> float:
    """The render resolution of a run: 0.25 m when a sub-metre GSD is wanted, else coarser (faster)."""
    smallest = min(gsds)
    if smallest <= 1.0:
        return FINE_RES_M
    return 2 * FINE_RES_M if smallest <= 5.0 else smallest / MAX_SUBSAMPLES


def subsamples(gsd: float, fine: float = FINE_RES_M) -> int:
    """Fine pixels per output pixel side: gsd / fine when whole, else the next whole number."""
    n = round(gsd / fine)
    if n >= 1 and math.isclose(n * fine, gsd, rel_tol=1e-9):
        return n
    return max(1, math.ceil(gsd / fine - 1e-9))


def output_grid(aoi_bounds: tuple[float, float, float, float], gsd: float) -> Grid:
    west, south, east, north = aoi_bounds
    return Grid(west, north, gsd, math.ceil((east - west) / gsd - 1e-9), math.ceil((north - south) / gsd - 1e-9))


def crop(fine: np.ndarray, margin: int, shift: tuple[int, int], shape: tuple[int, int]) -> np.ndarray:
    """The fine pixels under the output grid, displaced by (cols, rows) fine pixels: misregistration."""
    r0, c0 = margin + shift[1], margin + shift[0]
    return fine[..., r0:r0 + shape[0], c0:c0 + shape[1]]


def block_mean(fine: np.ndarray, n: int) -> np.ndarray:
    """Area average over n x n blocks: mixed pixels come out as the physical mixture."""
    *lead, h, w = fine.shape
    total = np.zeros((*lead, h // n, w // n), np.float32)
    for i in range(n):
        for j in range(n):
            total += fine[..., i::n, j::n]
    return total / np.float32(n * n)


def degrade(refl: np.ndarray, sensor: Sensor, rng: np.random.Generator) -> np.ndarray:
    """Blur by the point-spread function, add signal-dependent noise, quantise to uint16 x 10000."""
    blurred = np.stack([gaussian_filter(band, sensor.psf_sigma_px, mode="nearest") for band in refl])
    sigma = sensor.noise_floor + sensor.shot_noise * np.sqrt(np.clip(blurred, 0, None))
    noisy = blurred + rng.standard_normal(blurred.shape, dtype=np.float32) * sigma
    return np.clip(np.rint(noisy * SCALE), 1, 65535).astype(np.uint16)


SCL_CLASSES = {"shadow": 2, "cloud_shadow": 3, "vegetation": 4, "bare": 5, "water": 6,
               "cloud_medium": 8, "cloud_high": 9, "snow": 11}


def scene_classification(dn: np.ndarray, opacity: np.ndarray, shade: np.ndarray, water: np.ndarray,
                         snow: np.ndarray) -> np.ndarray:
    """Sentinel-2 SCL codes from the recorded bands and the true sky (as L2A processing would guess)."""
    refl = dn.astype(np.float32) / SCALE
    red, nir = refl[0], refl[3]
    ndvi = (nir - red) / np.maximum(nir + red, 1e-6)
    scl = np.full(red.shape, SCL_CLASSES["bare"], np.uint16)
    scl[ndvi > 0.35] = SCL_CLASSES["vegetation"]
    scl[water & (nir < 0.05)] = SCL_CLASSES["water"]
    scl[snow > 0.5] = SCL_CLASSES["snow"]
    scl[shade > 0.5] = SCL_CLASSES["cloud_shadow"]
    scl[opacity > 0.35] = SCL_CLASSES["cloud_medium"]
    scl[opacity > 0.5] = SCL_CLASSES["cloud_high"]
    return scl
