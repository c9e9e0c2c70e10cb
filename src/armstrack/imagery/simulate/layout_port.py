"""Port layout: a straight quay with berths, container yards of ISO slots behind it, water and anchorage."""

from __future__ import annotations

import numpy as np
from shapely.geometry import Polygon

from armstrack.imagery.simulate.layout import Berth, Building, Layout, Yard, register
from armstrack.imagery.simulate.layout_rail import shed
from armstrack.model import SiteKind

BERTH_LENGTH_M = 230.0
SLOT_LENGTH_M = 6.058 + 0.35  # a 20-ft box and the gap to the next bay
SLOT_WIDTH_M = 2.438 + 0.45
ROWS_PER_BLOCK = 6
LANE_M = 9.0


def container_yard(layout: Layout, yard_id: str, a0: float, a1: float, c0: float, c1: float) -> Yard:
    """A yard rectangle of blocks of 20-ft ground slots (boxes lie along the quay).

    Slots are listed block by block, bay by bay, so a lot of boxes fills a compact patch of a
    block the way yard planners stack them; `pair` is the slot that completes a 40-ft position.
    """
    bays = int((a1 - a0 - 4) // SLOT_LENGTH_M)
    rows, across = [], c0 - 2 - SLOT_WIDTH_M / 2
    while across - SLOT_WIDTH_M / 2 > c1 + 2:
        rows.append(across)
        across -= SLOT_WIDTH_M + (LANE_M if len(rows) % ROWS_PER_BLOCK == 0 else 0.0)
    index: dict[tuple[int, int], int] = {}
    centres: list[tuple[float, float]] = []
    for block in range(0, len(rows), ROWS_PER_BLOCK):
        for bay in range(bays):
            for row in range(block, min(block + ROWS_PER_BLOCK, len(rows))):
                index[(bay, row)] = len(centres)
                centres.append(layout.to_map(a0 + 2 + (bay + 0.5) * SLOT_LENGTH_M, rows[row]))
    pair = np.full(len(centres), -1, dtype=np.int64)
    for (bay, row), i in index.items():
        if bay % 2 == 0 and (bay + 1, row) in index:
            pair[i] = index[(bay + 1, row)]
    return Yard(yard_id, Polygon(layout.quad(a0, a1, c0, c1)), np.array(centres), pair)


@register(SiteKind.PORT)
def port(layout: Layout, rng: np.random.Generator, snap: float) -> None:
    """Berths along a quay (water on its left), two container yards, sheds, an anchorage offshore."""
    site = layout.site
    n_berths = int(site.properties.get("sim_berths", 2))
    quay = n_berths * BERTH_LENGTH_M
    end = quay / 2 + 60
    water_depth = 330.0
    layout.water.append(("sea", layout.quad(-end - 50, end + 50, 0.0, water_depth + 50)))
    layout.surfaces.append(("concrete", layout.quad(-end - 50, end + 50, -36, 0.0)))
    layout.surfaces.append(("pavement", layout.quad(-quay / 2 - 10, quay / 2 + 10, -128, -36)))
    for k in range(n_berths):
        a0 = -quay / 2 + k * BERTH_LENGTH_M + 8
        layout.berths.append(Berth(f"{site.id}-berth-{k + 1}", layout.line(a0, 0.0, a0 + BERTH_LENGTH_M - 16, 0.0),
                                   water_side=1.0))
    for berth in layout.berths:  # ship-to-shore cranes: a thin boom over the quay and the water, 40 m up
        a0 = -quay / 2 + (int(berth.id.rsplit("-", 1)[1]) - 1) * BERTH_LENGTH_M
        for a in rng.uniform(a0 + 30, a0 + BERTH_LENGTH_M - 30, size=2):
            layout.cranes.append(Building(layout.quad(float(a) - 1.5, float(a) + 1.5, -28.0, 38.0), 40.0,
                                          str(rng.choice(["roof_blue", "roof_rust", "roof_metal"]))))
    half = quay / 2
    layout.yards.append(container_yard(layout, f"{site.id}-yard-1", -half + 5, -8, -42, -122))
    layout.yards.append(container_yard(layout, f"{site.id}-yard-2", 8, half - 5, -42, -122))
    layout.surfaces.append(("asphalt", layout.quad(-end - 50, end + 50, -138, -131)))
    layout.roads.append(layout.line(-end, -134.5, end, -134.5))
    shed(layout, rng, -half + 10, -half + 130, -148, -175)
    shed(layout, rng, 20, 150, -146, -172)
    shed(layout, rng, half - 70, half - 20, -150, -168, (5.0, 8.0))
    for a in np.linspace(-half + 100, half - 100, n_berths) if n_berths > 1 else [0.0]:
        layout.anchorage.append(layout.to_map(float(a), 240.0))
    layout.set_aoi(-end, end, -185, water_depth, snap)
