"""The static ground of a site on one pixel grid: land cover, paved surfaces, water, roofs and track.

Built once per site and grid; each acquisition then only changes the season, snow and what moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from armstrack.imagery.simulate.layout import Layout
from armstrack.imagery.simulate.materials import colour
from armstrack.imagery.simulate.noise import Field, smoothstep
from armstrack.imagery.simulate.raster import Grid, local_frame, paint, polygon_mask, rectangle, shade
from armstrack.imagery.simulate.schedule import rng_for

SNOW_HOLDING = {"ballast": 0.35, "asphalt": 0.3, "pavement": 0.45, "concrete": 0.6, "gravel": 0.7}  # cleared, warm
SLEEPER_PITCH_M = 0.55
SLEEPER_HALF_LENGTH_M = 1.35


@dataclass
class Ground:
    """Static layers: non-vegetated colour, vegetation and forest fractions, snow holding, water."""

    grid: Grid
    base: np.ndarray  # (4, H, W) reflectance without vegetation
    vegetation: np.ndarray  # (H, W) 0..1
    forest: np.ndarray  # (H, W) 0..1 share of the vegetation that is tree canopy
    snow_holding: np.ndarray  # (H, W) 0..1
    water: np.ndarray  # (H, W) bool
    snow_tone: np.ndarray | None = None  # (H, W) brightness of lying snow

    def freeze(self) -> None:
        """Precompute what every acquisition needs: bare ground and the grass and tree weights."""
        v = self.vegetation
        self.bare = (self.base * (1 - v)[None]).astype(np.float32)
        self.grass_weight = (v * (1 - self.forest)).astype(np.float32)
        self.tree_weight = (v * self.forest).astype(np.float32)


def build_ground(layout: Layout, grid: Grid, seed: int) -> Ground:
    rng = rng_for(seed, layout.site.id, "terrain")
    bounds = layout.aoi.buffer(40).bounds
    fields = [Field.over(rng, bounds, r, beta) for r, beta in ((6.0, 3.4), (1.5, 2.6), (12.0, 3.6))]
    cover, grain, woods = (f.sample(grid, step_m=step) for f, step in zip(fields, (1.0, 0.5, 2.0), strict=True))
    vegetation = smoothstep(cover + 0.35 * grain, -0.9, 0.6).astype(np.float32)
    forest = smoothstep(woods, 0.55, 1.0).astype(np.float32)
    soil = colour("soil")[:, None, None] * ((1.0 + 0.12 * grain) * (1.0 + 0.08 * cover))[None]
    ground = Ground(grid, soil.astype(np.float32, copy=False), vegetation, forest,
                    np.ones(vegetation.shape, np.float32), np.zeros(vegetation.shape, bool))
    fields_and_trees(ground, layout, rng)
    for material, vertices in layout.water:
        _surface(ground, vertices, material, holding=1.0 if layout.frozen_water else 0.0, water=True)
    for material, vertices in layout.surfaces:
        _surface(ground, vertices, material, holding=SNOW_HOLDING.get(material, 0.9))
    ground.base *= np.where(ground.vegetation == 0, 1.0 + 0.07 * grain, 1.0)[None]  # grit, stains, patches
    segments = [(t.line.coords[0], t.line.coords[-1], t.gauge_mm) for t in layout.tracks] + layout.throats
    for a, b, gauge in segments:
        draw_track(ground, np.asarray(a), np.asarray(b), gauge / 1000.0)
    ground.snow_holding *= 1.0 - 0.6 * ground.forest  # snow falls through and off tree crowns
    ground.snow_tone = (0.9 + 0.1 * grain).astype(np.float32)  # drifts, tracks, wind crust
    ground.base *= np.where(ground.water, 1.0 + 0.07 * grain, 1.0)[None]  # wind ripples
    for building in (b for b in layout.buildings if b.painted):
        _surface(ground, building.vertices, building.roof, holding=1.0,
                 vegetated=building.roof == "grass")
        if building.roof != "grass":  # a pitched roof: the half facing away from the sun is darker
            v = building.vertices
            half = np.array([v[0], v[1], (v[1] + v[2]) / 2, (v[3] + v[0]) / 2])
            shade(ground.base, grid, half, np.full(4, 0.8, np.float32))
    ground.freeze()
    return ground


def fields_and_trees(ground: Ground, layout: Layout, rng: np.random.Generator) -> None:
    """Crop parcels (ploughed, sparse, full) and scattered tree crowns over the open ground."""
    west, south, east, north = layout.aoi.buffer(40).bounds
    area = (east - west) * (north - south)
    for _ in range(int(area / 9000)):
        cx, cy = rng.uniform(west, east), rng.uniform(south, north)
        quad = rectangle(cx, cy, rng.uniform(40, 160), rng.uniform(20, 70), layout.heading + rng.uniform(-4, 4))
        hit = polygon_mask(ground.grid, quad)
        if hit is None:
            continue
        window, inside = hit
        cover = float(rng.choice([0.1, 0.5, 0.85, 1.0]))
        ground.vegetation[window][inside] *= cover
        ground.base[:, window[0], window[1]][:, inside] *= np.float32(rng.uniform(0.8, 1.15))
    for _ in range(int(area / 1500)):
        cx, cy = rng.uniform(west, east), rng.uniform(south, north)
        r = rng.uniform(1.5, 4.0)
        hit = polygon_mask(ground.grid, np.array([(cx + r * np.cos(a), cy + r * np.sin(a))
                                                  for a in np.linspace(0, 2 * np.pi, 8, endpoint=False)]))
        if hit is not None:
            window, inside = hit
            ground.vegetation[window][inside] = 1.0
            ground.forest[window][inside] = 1.0


def _surface(ground: Ground, vertices: np.ndarray, material: str, holding: float, water: bool = False,
             vegetated: bool = False) -> None:
    hit = polygon_mask(ground.grid, vertices)
    if hit is None:
        return
    (rows, cols), inside = hit
    if not vegetated:
        paint(ground.base, ground.grid, vertices, colour(material if material != "grass" else "soil"))
    ground.vegetation[rows, cols][inside] = 1.0 if vegetated else 0.0
    ground.snow_holding[rows, cols][inside] = holding
    ground.water[rows, cols][inside] = water


def draw_track(ground: Ground, p0: np.ndarray, p1: np.ndarray, gauge_m: float, piece_m: float = 25.0) -> None:
    """Sleepers every 0.55 m, two rails (blended by the share of a pixel they cover) and an oily centre.

    Drawn in short pieces so that only pixels near the line are visited, whatever its direction.
    """
    d = p1 - p0
    length = float(np.hypot(*d))
    if length < 1:
        return
    heading = float(np.degrees(np.arctan2(d[0], d[1])))
    u = d / length
    v = np.array([-u[1], u[0]])
    for s0 in np.arange(0.0, length, piece_m):
        s1 = min(s0 + piece_m, length)
        a, b = p0 + u * s0, p0 + u * s1
        window = ground.grid.window_of(np.array([a - 2 * v, b - 2 * v, b + 2 * v, a + 2 * v]))
        if window is not None:
            _track_piece(ground, window, p0, heading, (s0, s1), gauge_m)


def _track_piece(ground: Ground, window: tuple[slice, slice], p0: np.ndarray, heading: float,
                 span: tuple[float, float], gauge_m: float) -> None:
    s, c = local_frame(ground.grid, window, (float(p0[0]), float(p0[1])), heading)
    inside = (s >= span[0]) & (s < span[1]) & (np.abs(c) < 1.9)
    if not inside.any():
        return
    base = ground.base[:, window[0], window[1]]
    ground.vegetation[window][inside] = 0.0
    ground.snow_holding[window][inside] = 0.25
    oily = inside & (np.abs(c) < gauge_m / 2)
    base[:, oily] = base[:, oily] * 0.5 + colour("ballast_oily")[:, None] * 0.5
    sleeper = inside & (np.abs(c) < SLEEPER_HALF_LENGTH_M) & ((s % SLEEPER_PITCH_M) < 0.26)
    base[:, sleeper] = base[:, sleeper] * 0.3 + colour("sleeper")[:, None] * 0.7
    res = ground.grid.res
    rail = np.clip(1.0 - np.abs(np.abs(c) - gauge_m / 2) / res, 0.0, 1.0) * min(0.075 / res, 1.0) * 1.6
    rail = np.where(inside, np.clip(rail, 0, 1), 0.0).astype(np.float32)
    base[:] = base * (1 - rail) + colour("rail")[:, None, None] * rail
