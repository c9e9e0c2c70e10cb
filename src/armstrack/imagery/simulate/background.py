"""Ordinary traffic at each site: rakes of wagons, lots of containers, vessel calls, passing trains.

Levels follow what is published for the corridor: Tumangang held at most ~20 cars in five years
before 2023 (CSIS), so its local rakes stay within 12 cars and an ordinary train (shipments.py,
`COMMERCIAL_SIZE`) adds at most 8; the other sites get plausible levels of their kind. Generators are registered
per quantity in `BACKGROUND`; `site.properties["sim_background"]` can override the caps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np

from armstrack.imagery.simulate.schedule import CONTAINERS, RAIL_CARS, VESSEL, Presence, rng_for
from armstrack.imagery.simulate.shipments import PASS_SPEED_MPS, VESSEL_LENGTH_M
from armstrack.model import Site, SiteKind

CAPS: dict[str, dict[str, int]] = {  # most of each quantity that background traffic reaches
    "tumangang": {RAIL_CARS: 12},  # with an ordinary train of at most 8 cars: 20, the five-year maximum
    "khasan": {RAIL_CARS: 45},
}
KIND_CAPS: dict[SiteKind, dict[str, int]] = {
    SiteKind.RAIL_YARD: {RAIL_CARS: 40},
    SiteKind.DEPOT: {RAIL_CARS: 30},
    SiteKind.BORDER_CROSSING: {RAIL_CARS: 40},
    SiteKind.PORT: {CONTAINERS: 160, VESSEL: 1},
}
Generator = Callable[[Site, int, np.random.Generator, datetime, datetime], list[Presence]]
BACKGROUND: dict[str, Generator] = {}


def register(quantity: str) -> Callable[[Generator], Generator]:
    def wrap(fn: Generator) -> Generator:
        BACKGROUND[quantity] = fn
        return fn

    return wrap


def cap_of(site: Site, quantity: str) -> int:
    override = site.properties.get("sim_background", {})
    if isinstance(override, dict) and quantity in override:
        return int(override[quantity])
    return CAPS.get(site.id, {}).get(quantity, KIND_CAPS.get(site.kind, {}).get(quantity, 10))


def arrivals(site: Site, kind: str, rng: np.random.Generator, start: datetime, end: datetime, cap: int,
             size: tuple[int, int], dwell_h: tuple[float, float], gap_h: float | None = None,
             **attrs: object) -> list[Presence]:
    """Consignments arriving at random, staying a while and leaving, never pushing the total over `cap`.

    Without `gap_h` (mean hours between arrivals) arrivals come often enough to keep ~60% of the cap.
    """
    mean_size, mean_dwell = sum(size) / 2, sum(dwell_h) / 2
    gap_h = gap_h or mean_size * mean_dwell / max(0.6 * cap, 1.0)
    out: list[Presence] = []
    t, number = start - timedelta(hours=dwell_h[1]), 0
    while t < end:
        t += timedelta(hours=float(rng.exponential(gap_h)))
        n = int(rng.integers(size[0], size[1] + 1))
        stay = timedelta(hours=float(rng.uniform(*dwell_h)))
        busy = [sum(p.count_at(t + stay * f) for p in out) for f in (0.0, 0.5, 1.0)]
        if max(busy) + n > cap:
            continue
        number += 1
        out.append(Presence(site.id, f"{site.id}-{kind}-bg-{number:03d}", kind,
                            [(t.replace(second=0, microsecond=0), n), (t + stay, 0)], attrs=dict(attrs)))
    return out


@register(RAIL_CARS)
def rail_background(site: Site, seed: int, rng: np.random.Generator, start: datetime,
                    end: datetime) -> list[Presence]:
    cap = cap_of(site, RAIL_CARS)
    if site.kind is SiteKind.BORDER_CROSSING:
        trains = arrivals(site, RAIL_CARS, rng, start, end, cap, (10, min(cap, 40)), (0.05, 0.1),
                          gap_h=30.0, locomotive=True, speed_mps=PASS_SPEED_MPS)
        for p in trains:
            p.attrs["enter"] = p.first
        return trains
    return arrivals(site, RAIL_CARS, rng, start, end, cap, (2, min(cap, 14)), (24.0, 120.0))


@register(CONTAINERS)
def container_background(site: Site, seed: int, rng: np.random.Generator, start: datetime,
                         end: datetime) -> list[Presence]:
    cap = cap_of(site, CONTAINERS)
    return arrivals(site, CONTAINERS, rng, start, end, cap, (4, max(cap // 4, 5)), (48.0, 240.0))


@register(VESSEL)
def vessel_background(site: Site, seed: int, rng: np.random.Generator, start: datetime,
                      end: datetime) -> list[Presence]:
    calls = arrivals(site, VESSEL, rng, start, end, cap_of(site, VESSEL), (1, 1), (10.0, 60.0))
    for p in calls:
        p.attrs.update(place=str(rng.choice(["berth", "berth", "anchor"])),
                       length_m=int(rng.uniform(*VESSEL_LENGTH_M)))
    return calls


def background(site: Site, quantities: list[str], seed: int, start: datetime, end: datetime) -> list[Presence]:
    """Background presences of every quantity the site's layout can hold."""
    out: list[Presence] = []
    for quantity in quantities:
        out += BACKGROUND[quantity](site, seed, rng_for(seed, "background", site.id, quantity), start, end)
    return out
