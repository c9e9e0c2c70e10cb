"""Render one acquisition of one site: the fine scene once per fine grid, then each GSD's degraded image."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from armstrack.imagery.simulate.atmosphere import Weather, apply_sky, surface
from armstrack.imagery.simulate.draw import draw_scene
from armstrack.imagery.simulate.layout import Layout
from armstrack.imagery.simulate.objects import SimObject
from armstrack.imagery.simulate.raster import Grid
from armstrack.imagery.simulate.schedule import rng_for
from armstrack.imagery.simulate.sensor import (
    block_mean,
    crop,
    degrade,
    output_grid,
    scene_classification,
    sensor_for,
    subsamples,
)
from armstrack.imagery.simulate.sun import SunPosition
from armstrack.imagery.simulate.terrain import Ground, build_ground


@dataclass
class Image:
    """One GSD's recorded image with its grid and how far its content is misregistered (metres east, north)."""

    gsd: float
    grid: Grid
    data: np.ndarray  # (bands, H, W) uint16
    shift_m: tuple[float, float]


@dataclass
class Renderer:
    """Renders a site's acquisitions, keeping the static ground of each fine grid between them."""

    layout: Layout
    seed: int
    fine: float  # render resolution of the run (see sensor.fine_resolution)
    grounds: dict[tuple[float, int, int], Ground] = field(default_factory=dict)

    def fine_key(self, gsd: float) -> tuple[float, int, int]:
        n = subsamples(gsd, self.fine)
        out = output_grid(self.layout.aoi.bounds, gsd)
        return round(gsd / n, 9), out.width * n, out.height * n

    def render(self, when: datetime, weather: Weather, sun: SunPosition, objects: list[SimObject],
               gsds: list[float]) -> list[Image]:
        groups: dict[tuple[float, int, int], list[float]] = {}
        for gsd in gsds:
            groups.setdefault(self.fine_key(gsd), []).append(gsd)
        images = []
        for key, members in groups.items():
            steps = [subsamples(g, self.fine) for g in members]
            base_n, margin = math.gcd(*steps), max(steps)
            res, width, height = key
            west, _, _, north = self.layout.aoi.bounds
            grid = Grid(west, north, res, width, height).expanded(margin)
            ground = self.grounds.get(key)
            if ground is None:
                ground = self.grounds[key] = build_ground(self.layout, grid, self.seed)
            refl, snow = surface(ground, when, weather)
            draw_scene(refl, grid, objects, self.layout.buildings, sun)
            _, opacity, shade = apply_sky(refl, grid, weather, sun)
            # area-average once to the coarsest step all members share; each GSD continues from there
            base = block_mean(refl, base_n)
            layers: tuple[np.ndarray, ...] = ()
            if any(sensor_for(g).scl for g in members):
                layers = tuple(block_mean(layer.astype(np.float32), base_n)
                               for layer in (opacity, shade, ground.water, snow))
            for gsd in members:
                images.append(self._record(gsd, when, margin // base_n, res * base_n, base, layers))
        return sorted(images, key=lambda image: gsds.index(image.gsd))

    def _record(self, gsd: float, when: datetime, margin: int, res: float, base: np.ndarray,
                truth_layers: tuple[np.ndarray, ...]) -> Image:
        """Crop with a random misregistration of up to one output pixel, average, degrade, classify."""
        sensor = sensor_for(gsd)
        n = round(gsd / res)
        out = output_grid(self.layout.aoi.bounds, gsd)
        rng = rng_for(self.seed, self.layout.site.id, when.isoformat(), f"{gsd:g}")
        shift = (int(rng.integers(-n, n + 1)), int(rng.integers(-n, n + 1)))
        shape = (out.height * n, out.width * n)
        data = degrade(block_mean(crop(base, margin, shift, shape), n), sensor, rng)
        if sensor.scl:
            opacity, shade, water, snow = (block_mean(crop(layer, margin, shift, shape), n) for layer in truth_layers)
            data = np.concatenate([data, scene_classification(data, opacity, shade, water > 0.5, snow)[None]])
        return Image(gsd, out, data, (-shift[0] * res, shift[1] * res))
