"""Weather and season for one acquisition: vegetation phenology, snow, haze, clouds and their shadows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from armstrack.imagery.simulate.materials import colour
from armstrack.imagery.simulate.noise import Field, smoothstep
from armstrack.imagery.simulate.raster import Grid
from armstrack.imagery.simulate.sun import SunPosition
from armstrack.imagery.simulate.terrain import Ground

PATH_RADIANCE = np.array([0.055, 0.070, 0.105, 0.015], np.float32)  # haze adds blue, little NIR
CLOUD_MASK_ALPHA = 0.5  # a pixel counts as cloud when the cloud's opacity there exceeds this


@dataclass(frozen=True)
class Weather:
    """The sky over one site at one acquisition (shared by all its GSDs)."""

    cloud_cover: float  # target share of the AOI under cloud
    cloud_height_m: float
    haze: float  # 0 clear .. ~0.3 hazy
    snow: float  # 0 none .. 1 full cover where snow can lie
    field: Field | None  # the cloud field, None for a clear sky


def weather_for(rng: np.random.Generator, when: datetime, cloud_rate: float,
                bounds: tuple[float, float, float, float]) -> Weather:
    """Draw the acquisition's sky: cloudy with probability `cloud_rate`, snow by the calendar."""
    cloudy = rng.random() < cloud_rate
    cover = float(rng.uniform(0.05, 0.95)) if cloudy else 0.0
    month = when.month
    snow_chance = {12: 0.6, 1: 0.9, 2: 0.9, 3: 0.5, 11: 0.2, 4: 0.1}.get(month, 0.0)
    snow = float(rng.uniform(0.5, 1.0)) if rng.random() < snow_chance else 0.0
    haze = float(rng.uniform(0.0, 0.25 if month in (6, 7, 8) else 0.12))
    field = Field.over(rng, bounds, 4.0, beta=3.6) if cloudy else None
    return Weather(cover, float(rng.uniform(600, 2000)), haze, snow, field)


def greenness(doy: int) -> tuple[float, bool]:
    """0 dormant .. 1 full leaf at ~42 N; and whether it is autumn (yellowing rather than greening)."""
    if doy < 105 or doy > 305:
        return 0.0, doy > 305
    if doy < 155:
        return (doy - 105) / 50, False
    if doy <= 240:
        return 1.0, False
    return 1 - (doy - 240) / 65, True


def surface(ground: Ground, when: datetime, weather: Weather) -> tuple[np.ndarray, np.ndarray]:
    """Surface reflectance of the static ground on the day (vegetation in season, then snow) and the snow cover."""
    g, autumn = greenness(when.timetuple().tm_yday)
    grass = colour("grass") * g + colour("dry_grass" if autumn else "dormant_grass") * (1 - g)
    bare_trees = np.array([0.07, 0.065, 0.06, 0.16], np.float32)
    trees = colour("forest") * g + bare_trees * (1 - g)
    refl = ground.grass_weight[None] * grass[:, None, None]
    refl += ground.bare
    refl += ground.tree_weight[None] * trees[:, None, None]
    lying = np.zeros(ground.water.shape, np.float32)
    if weather.snow > 0:
        lying = smoothstep(ground.snow_holding * weather.snow + 0.25 * (ground.vegetation - 0.5), 0.3, 0.7)
        tone = lying if ground.snow_tone is None else lying * ground.snow_tone
        refl = refl * (1 - lying[None]) + colour("snow")[:, None, None] * tone[None]
    return refl.astype(np.float32, copy=False), lying.astype(np.float32, copy=False)


def cloud_opacity(weather: Weather, grid: Grid, shift: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """Cloud opacity 0..1 on a grid: the field thresholded so that `cloud_cover` of it is cloud.

    Clouds are soft over tens of metres, so fine grids sample the field at about 1 m and repeat it.
    """
    if weather.field is None:
        return np.zeros((grid.height, grid.width), np.float32)
    values = weather.field.values
    threshold = float(np.quantile(values, 1 - weather.cloud_cover))
    sample = weather.field.sample(grid, shift, step_m=1.0)
    return smoothstep(sample, threshold - 0.35, threshold + 0.35).astype(np.float32, copy=False)


def apply_sky(refl: np.ndarray, grid: Grid, weather: Weather, sun: SunPosition) -> tuple[np.ndarray, np.ndarray,
                                                                                        np.ndarray]:
    """Cloud shadows, haze and clouds over a reflectance image (in place); returns the cloud and shadow opacity.

    Shadows are the cloud field displaced away from the sun by the cloud height over tan(elevation).
    """
    opacity = cloud_opacity(weather, grid)
    shade = np.zeros_like(opacity)
    if weather.field is not None:
        dx, dy = sun.shadow_offset(weather.cloud_height_m)
        shade = cloud_opacity(weather, grid, shift=(dx, dy))
        under = shade > 0.002
        darkening = 1 - np.array([0.35, 0.37, 0.45, 0.28], np.float32)
        refl[:, under] *= 1 - shade[under][None] * darkening[:, None]
    if weather.haze > 0:
        refl *= np.float32(1 - 0.5 * weather.haze)
        refl += PATH_RADIANCE[:, None, None] * np.float32(weather.haze * 2)
    if weather.field is not None:
        cloudy = opacity > 0.002
        alpha = opacity[cloudy][None]
        cloud = colour("cloud")[:, None] * (0.85 + 0.15 * alpha)
        refl[:, cloudy] = refl[:, cloudy] * (1 - alpha) + cloud * alpha
    return refl, opacity, shade
