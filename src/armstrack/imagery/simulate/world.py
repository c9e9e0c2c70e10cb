"""`simulate_archive`: a corridor's sites imaged over days at several GSDs, with the truth behind them."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from armstrack.imagery.simulate import layout_port, layout_rail  # noqa: F401  (register the layouts)
from armstrack.imagery.simulate.background import background
from armstrack.imagery.simulate.layout import LAYOUTS, Layout, build_layout
from armstrack.imagery.simulate.schedule import CONTAINERS, RAIL_CARS, VESSEL, Schedule, rng_for
from armstrack.imagery.simulate.shipments import make_schedule
from armstrack.model import ArmstrackError, Corridor

SOLAR_HOURS = 10.5  # sun-synchronous morning pass, local mean solar time


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate: the period, how often each site is imaged, at which GSDs, and the seed."""

    start: date = date(2023, 8, 1)
    days: int = 30
    revisit_days: float = 3.0
    gsds: tuple[float, ...] = (0.5, 3.0, 10.0)
    seed: int = 7
    sites: tuple[str, ...] | None = None
    cloud_rate: float = 0.3
    quicklooks: bool = False
    workers: int = 1  # sites rendered in parallel processes; the archive is the same for any number

    def check(self, corridor: Corridor) -> None:
        if self.days < 1:
            raise ArmstrackError(f"days must be at least 1, got {self.days}")
        if not self.revisit_days > 0:
            raise ArmstrackError(f"revisit must be a positive number of days, got {self.revisit_days}")
        if not self.gsds or any(not 0.25 <= g <= 60 for g in self.gsds):
            raise ArmstrackError(f"gsd values must lie within 0.25-60 m, got {list(self.gsds)}")
        if len(set(self.gsds)) != len(self.gsds):
            raise ArmstrackError(f"gsd values must differ, got {list(self.gsds)}")
        if self.workers < 1:
            raise ArmstrackError(f"workers must be at least 1, got {self.workers}")
        if not 0.0 <= self.cloud_rate <= 1.0:
            raise ArmstrackError(f"cloud rate must lie within [0, 1], got {self.cloud_rate}")
        for site_id in self.sites or ():
            site = corridor.site(site_id)
            if site.kind not in LAYOUTS:
                raise ArmstrackError(f"site {site_id!r} is a {site.kind.value}: the simulator lays out "
                                     f"{', '.join(k.value for k in LAYOUTS)} only")


@dataclass
class SimulationResult:
    """Where the archive went, the truth entries of its scenes, the shipment legs and the speed per GSD."""

    out_dir: Path
    corridor_path: Path
    truth_path: Path
    scenes: list[dict[str, Any]]
    shipments: list[dict[str, Any]]
    timings: dict[str, dict[str, float]] = field(default_factory=dict)  # per GSD: scenes, seconds, megapixels
    wall_seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        return {"out_dir": str(self.out_dir), "corridor": str(self.corridor_path), "truth": str(self.truth_path),
                "scenes": len(self.scenes), "shipments": len(self.shipments),
                "wall_seconds": round(self.wall_seconds, 2),
                "speed": {gsd: {"scenes": t["scenes"], "seconds": round(t["seconds"], 2),
                                "scenes_per_s": round(t["scenes"] / max(t["seconds"], 1e-9), 2),
                                "mpx_per_s": round(t["megapixels"] / max(t["seconds"], 1e-9), 4)}
                          for gsd, t in self.timings.items()}}


def snap_unit(gsds: tuple[float, ...]) -> float:
    """The smallest length that every GSD divides (so all GSDs tile the same AOI), if it is reasonable."""
    unit = Fraction(0)
    for gsd in gsds:
        g = Fraction(gsd).limit_denominator(100)
        unit = g if unit == 0 else Fraction(math.lcm(unit.numerator * g.denominator, g.numerator * unit.denominator),
                                            unit.denominator * g.denominator)
    if unit > 60:
        return max(gsds)
    return float(unit * math.ceil(10 / unit))  # at least 10 m, so AOIs hardly depend on the GSDs


def passes(config: SimulationConfig) -> list[tuple[date, float]]:
    """(day, local solar hour) of every pass: one each revisit at ~10:30 solar time, or for revisits
    under a day round(1 / revisit) passes a day spread from 08:00 to 16:00."""
    if config.revisit_days < 1:
        per_day = max(1, round(1 / config.revisit_days))
        hours = [SOLAR_HOURS] if per_day == 1 else [8.0 + j * 8.0 / (per_day - 1) for j in range(per_day)]
        return [(config.start + timedelta(days=d), h) for d in range(config.days) for h in hours]
    out, k = [], 0
    while (offset := k * config.revisit_days) < config.days:
        out.append((config.start + timedelta(days=math.floor(offset + 1e-9)), SOLAR_HOURS))
        k += 1
    return out


def quantities(layout: Layout) -> list[str]:
    return ([RAIL_CARS] if layout.tracks else []) + ([CONTAINERS] if layout.yards else []) + (
        [VESSEL] if layout.berths else [])


def plan(corridor: Corridor, config: SimulationConfig) -> tuple[dict[str, Layout], Schedule, datetime, datetime]:
    """Layouts of the simulated sites and the schedule of the whole world over the period."""
    config.check(corridor)
    ids = list(config.sites or [s.id for s in corridor.sites.values() if s.kind in LAYOUTS])
    snap = snap_unit(tuple(config.gsds))
    layouts = {i: build_layout(corridor, corridor.site(i), rng_for(config.seed, i, "layout"), snap) for i in ids}
    start = datetime(config.start.year, config.start.month, config.start.day, tzinfo=UTC)
    end = start + timedelta(days=config.days)
    bg = [p for i, lay in layouts.items()
          for p in background(lay.site, quantities(lay), config.seed, start, end)]
    return layouts, make_schedule(corridor, config.seed, start, end, bg), start, end


def simulate_archive(corridor: Corridor, out_dir: str | Path, config: SimulationConfig) -> SimulationResult:
    """Write scenes, STAC items, the synthetic corridor and truth.json for `config` into `out_dir`."""
    from armstrack.imagery.simulate.archive import write_archive

    tic = time.perf_counter()
    result = write_archive(corridor, Path(out_dir), config, *plan(corridor, config))
    result.wall_seconds = time.perf_counter() - tic
    return result
