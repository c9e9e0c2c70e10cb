"""Rail layouts: a marshalling yard with a ladder at each end, a border bridge, an ammunition depot."""

from __future__ import annotations

import math

import numpy as np

from armstrack.imagery.simulate.layout import Building, Layout, Track, register
from armstrack.model import SiteKind

TRACK_SPACING_M = 4.8  # centre to centre, within the 4.5-5.3 m of 1435 and 1520 mm yards
LADDER_ANGLE_DEG = 16.0
ROOFS = ("roof_metal", "roof_rust", "roof_blue", "roof_green", "roof_dark")


def gauges_for(country: str, n: int) -> list[int]:
    """North Korean yards are standard gauge with a dual-gauge pair; Russian ones the reverse."""
    home, other = (1520, 1435) if country.startswith("RUS") else (1435, 1520)
    return [other if k >= n - 2 else home for k in range(n)]


def lay_yard(layout: Layout, rng: np.random.Generator, n: int, length: float) -> tuple[list[float], float]:
    """Parallel tracks with ladders and ballast; returns the tracks' across offsets and the throat length."""
    site = layout.site
    across = [(k - (n - 1) / 2) * TRACK_SPACING_M for k in range(n)]
    half = length / 2
    throat = (across[-1] - across[0]) / math.tan(math.radians(LADDER_ANGLE_DEG))
    gauges = gauges_for(site.country, n)
    layout.surfaces.append(("ballast", np.array([
        layout.to_map(-half - throat, across[0] - 3.0), layout.to_map(half + throat, across[0] - 3.0),
        layout.to_map(half, across[-1] + 3.0), layout.to_map(-half, across[-1] + 3.0)])))
    for k, offset in enumerate(across):
        layout.tracks.append(Track(f"{site.id}-track-{k + 1}", layout.line(-half, offset, half, offset), gauges[k]))
        reach = half + throat * (n - 1 - k) / max(n - 1, 1)
        for sign in (-1, 1):
            layout.throats.append((layout.to_map(sign * half, offset), layout.to_map(sign * reach, offset),
                                   gauges[k]))
    for sign in (-1, 1):
        layout.throats.append((layout.to_map(sign * half, across[-1]), layout.to_map(sign * (half + throat),
                                                                                     across[0]), gauges[0]))
    return across, throat


def main_line(layout: Layout, offset: float, a0: float, a1: float, gauge: int) -> None:
    layout.surfaces.append(("ballast", layout.quad(a0, a1, offset - 2.6, offset + 2.6)))
    layout.throats.append((layout.to_map(a0, offset), layout.to_map(a1, offset), gauge))


def shed(layout: Layout, rng: np.random.Generator, a0: float, a1: float, c0: float, c1: float,
         height: tuple[float, float] = (7.0, 12.0)) -> None:
    layout.buildings.append(Building(layout.quad(a0, a1, c0, c1), float(rng.uniform(*height)),
                                     str(rng.choice(ROOFS))))


@register(SiteKind.RAIL_YARD)
def rail_yard(layout: Layout, rng: np.random.Generator, snap: float) -> None:
    """A station with a platform on the main line and a freight yard of parallel tracks beside it."""
    n = int(layout.site.properties.get("sim_tracks", 8 if layout.site.country == "PRK" else 10))
    length = float(layout.site.properties.get("sim_track_length_m", 850.0))
    across, throat = lay_yard(layout, rng, n, length)
    end = length / 2 + throat + 50
    main_line(layout, across[0], -end, end, layout.tracks[0].gauge_mm)
    c0, c1 = across[0], across[-1]
    layout.surfaces.append(("concrete", layout.quad(-130, 130, c0 - 9.5, c0 - 3.2)))
    layout.surfaces.append(("asphalt", layout.quad(-end, end, c0 - 41, c0 - 34)))
    layout.roads.append(layout.line(-end, c0 - 37.5, end, c0 - 37.5))
    layout.surfaces.append(("pavement", layout.quad(-length / 2 + 40, length / 2 - 120, c1 + 6, c1 + 50)))
    shed(layout, rng, -28, 28, c0 - 30, c0 - 14, (8.0, 11.0))
    shed(layout, rng, -length / 2 + 60, -length / 2 + 230, c1 + 12, c1 + 38)
    shed(layout, rng, 40, 200, c1 + 14, c1 + 36)
    for a in rng.uniform(-end + 20, end - 40, size=4):
        shed(layout, rng, a, a + rng.uniform(10, 22), c0 - 60, c0 - rng.uniform(47, 52), (4.0, 7.0))
    layout.set_aoi(-end, end, c0 - 65, c1 + 62, snap)


@register(SiteKind.DEPOT)
def depot(layout: Layout, rng: np.random.Generator, snap: float) -> None:
    """Unloading tracks beside rows of earth-covered magazines and warehouses."""
    length = float(layout.site.properties.get("sim_track_length_m", 600.0))
    across, throat = lay_yard(layout, rng, int(layout.site.properties.get("sim_tracks", 5)), length)
    end = length / 2 + throat + 40
    main_line(layout, across[0], -end, end, layout.tracks[0].gauge_mm)
    c1 = across[-1]
    layout.surfaces.append(("concrete", layout.quad(-length / 2, length / 2, c1 + 3.5, c1 + 12)))
    layout.surfaces.append(("asphalt", layout.quad(-end, end, c1 + 14, c1 + 21)))
    layout.roads.append(layout.line(-end, c1 + 17.5, end, c1 + 17.5))
    for a in np.arange(-length / 2 + 20, length / 2 - 40, 55.0):
        shed(layout, rng, a, a + 36, c1 + 26, c1 + 44, (6.0, 9.0))
        layout.buildings.append(Building(layout.quad(a + 6, a + 34, c1 + 62, c1 + 80), 4.0, "grass"))
        layout.buildings.append(Building(layout.quad(a + 6, a + 34, c1 + 96, c1 + 114), 4.0, "grass"))
    layout.surfaces.append(("gravel", layout.quad(-length / 2, length / 2, c1 + 84, c1 + 92)))
    layout.set_aoi(-end, end, across[0] - 30, c1 + 125, snap)


@register(SiteKind.BORDER_CROSSING)
def border_bridge(layout: Layout, rng: np.random.Generator, snap: float) -> None:
    """A river with a single-deck rail bridge carrying a 1520 mm and a 1435 mm track."""
    site = layout.site
    span = float(site.properties.get("sim_bridge_length_m", 600.0))
    river = span * 0.75
    end = span / 2 + 110
    layout.frozen_water = True
    layout.water.append(("river", layout.quad(-river / 2, river / 2, -200, 200)))
    for sign in (-1, 1):  # muddy banks
        edge = sign * river / 2
        layout.surfaces.append(("soil", layout.quad(min(edge, edge + sign * 14), max(edge, edge + sign * 14),
                                                    -200, 200)))
    layout.surfaces.append(("ballast", layout.quad(-end, end, -6.0, 6.0)))
    layout.surfaces.append(("concrete", layout.quad(-span / 2, span / 2, -6.0, 6.0)))
    for k, (offset, gauge) in enumerate(((-2.4, 1520), (2.4, 1435))):
        line = layout.line(-end + 10, offset, end - 10, offset)
        layout.tracks.append(Track(f"{site.id}-track-{k + 1}", line, gauge))
    layout.buildings.append(Building(layout.quad(-span / 2, span / 2, -6.0, 6.0), 9.0, "concrete", painted=False))
    for a in np.arange(-span / 2, span / 2 + 1, 60.0):  # piers stand in the river below the deck
        layout.surfaces.append(("concrete", layout.quad(a - 1.5, a + 1.5, -7.5, 7.5)))
    layout.surfaces.append(("asphalt", layout.quad(-end, -span / 2, 20, 27)))
    shed(layout, rng, -end + 20, -end + 55, -40, -22, (5.0, 8.0))
    shed(layout, rng, end - 60, end - 25, 22, 40, (5.0, 8.0))
    layout.set_aoi(-end, end, -60, 60, snap)
