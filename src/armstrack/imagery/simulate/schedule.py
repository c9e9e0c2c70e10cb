"""The truth behind the images: munitions shipments along the corridor's routes plus background traffic.

Every object at a site belongs to a `Presence`: one consignment (a train, a rake of cars, a lot of
containers, a vessel) whose count at the site steps over time. Counts at any time, the series in
truth.json and the objects drawn in a scene all come from the same presences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zlib import crc32

import numpy as np

from armstrack.model import Corridor, Route, SiteKind

RAIL_CARS, CONTAINERS, VESSEL = "rail_cars", "containers_teu", "vessels"
H = timedelta(hours=1)


@dataclass
class Presence:
    """A consignment at a site: (time, count) steps, the last one back to zero."""

    site: str
    consignment: str
    kind: str
    steps: list[tuple[datetime, int]]
    munitions: bool = False
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def first(self) -> datetime:
        return self.steps[0][0]

    @property
    def full(self) -> int:
        return max(n for _, n in self.steps)

    def count_at(self, t: datetime) -> int:
        value = 0
        for when, n in self.steps:
            if when > t:
                break
            value = n
        return value


@dataclass
class Schedule:
    shipments: list[dict[str, Any]]
    presences: list[Presence]

    def active(self, site: str, t: datetime) -> list[tuple[Presence, int]]:
        """Consignments at a site at time t with their counts, earliest arrival first."""
        out = [(p, p.count_at(t)) for p in self.presences if p.site == site]
        return sorted([(p, n) for p, n in out if n > 0], key=lambda pn: (pn[0].first, pn[0].consignment))

    def total(self, site: str, kind: str, t: datetime) -> int:
        return sum(p.count_at(t) for p in self.presences if p.site == site and p.kind == kind)

    def series(self, site: str, kind: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """The true count as a step function: one point at the start and one at each change."""
        times = sorted({w for p in self.presences if p.site == site and p.kind == kind
                        for w, _ in p.steps if start < w <= end})
        points: list[dict[str, Any]] = []
        for t in [start, *times]:
            value = self.total(site, kind, t)
            if not points or points[-1]["value"] != value:
                points.append({"t": iso(t), "value": value})
        return points


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def ramp(rng: np.random.Generator, total: int, t0: datetime, t1: datetime, up: bool) -> list[tuple[datetime, int]]:
    """A count rising from 0 to `total` (or falling from it) in a few blocks between t0 and t1."""
    blocks = int(rng.integers(2, 5))
    cuts = np.sort(rng.choice(np.arange(1, max(total, 2)), size=min(blocks - 1, max(total - 1, 0)), replace=False))
    levels = [int(c) for c in cuts] + [total]
    span = (t1 - t0).total_seconds()
    times = [t0 + timedelta(seconds=span * i / len(levels)) for i in range(len(levels))]
    if up:
        return list(zip(times, levels, strict=True))
    return [(times[0], total)] + [(times[i + 1] if i + 1 < len(times) else t1, total - levels[i])
                                  for i in range(len(levels))]


def transit_hours(rng: np.random.Generator, route: Route) -> float:
    return route.min_hours + (route.max_hours - route.min_hours) * float(rng.beta(1.5, 4.0))


def crossings(corridor: Corridor, route: Route) -> list[str]:
    """Border crossings a route passes through between its ends."""
    if route.geometry is None:
        return []
    return [s.id for s in corridor.sites.values() if s.kind is SiteKind.BORDER_CROSSING
            and s.id not in (route.from_site, route.to_site) and route.geometry.intersects(s.geometry)]


def sources(corridor: Corridor) -> list[str]:
    """Sites where shipments start: outgoing routes and no incoming ones."""
    incoming = {r.to_site for r in corridor.routes}
    return sorted({r.from_site for r in corridor.routes if r.from_site not in incoming})


def rng_for(seed: int, *names: str) -> np.random.Generator:
    """A generator for one purpose: the same seed and names always give the same stream."""
    return np.random.default_rng([seed, *(crc32(n.encode()) for n in names)])
