"""Benchmark of the fusion: shipment detection, timing and volume coverage on simulated worlds.

Usage: python benchmarks/bench_fusion.py [--seeds 20] [--path truth|sim] [--days 60] [--grid 1,3,7:0,0.3,0.5]
                                         [--gsd 3] [--workers 1] [--sites a,b] [--out results.json]

Each world is a truth.json-shaped dict (shipments and the true count series of each site, the
simulated-archive contract). Measurements come either from the end-to-end path (`--path sim`:
simulate_archive -> measure_files, when those modules are installed) or from the truth series
through the noise model below (`--path truth`, the default):

* each site is imaged every `revisit` days (+-8 h jitter, around 02:00 UTC); a pass is cloudy with
  probability `cloud`, and a cloudy pass is a not-observed measurement;
* a clear pass reads the true count with a Gaussian error of sd = 0.7 + 3 % (rail cars),
  2 + 6 % (TEU), 0.2 (vessels), rounded, with a 90 % interval of +-1.645 sd (rounded up).

Scoring is `armstrack.fusion.scoring` (the demo's too): routes with both ends imaged, confidence
>= 0.5 is detected, greedy one-to-one matching on the route with the true departure inside the
window (a registered load first), consignments below the load imagery registers neither found nor
missed. Precision = matched / detected, recall = matched / true; timing error = |window midpoint -
true departure|; volume coverage = share of matched shipments whose count interval holds the true
count. The sim path also prints `recall_seen`: recall over the loads standing in at least one scene
on a feature less than half clouded (a load that comes and goes between passes leaves no trace).
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from armstrack.corridor.geojson import load_corridor, load_default
from armstrack.fusion.fuse import fuse
from armstrack.fusion.hypotheses import route_open
from armstrack.fusion.scoring import Score, TrueShipment, found_of_shipments, score, truth_of
from armstrack.model import Corridor, Interval, Measurement, Quantity

START = datetime(2023, 8, 1)
NOISE = {"rail_cars": (0.7, 0.03), "containers_teu": (2.0, 0.06), "vessels": (0.2, 0.0)}
SEA_ROUTES = [r for r in load_default().routes if r.from_site == "rajin"]
IMAGED = ("tumangang", "khasan", "rajin", "dunai", "vostochny-port")  # the noise model's imaged sites
SITES = {"tumangang": ("rail_cars",), "khasan": ("rail_cars",), "rajin": ("containers_teu", "vessels"),
         "dunai": ("containers_teu", "vessels"), "vostochny-port": ("containers_teu", "vessels")}


# a world as the fusion and the scorer see it: corridor, measurements, true shipments, the imaged
# sites (None: all) and, on the simulated path, the loads that stand in at least one clear pass
World_ = tuple[Corridor, list[Measurement], list[TrueShipment], tuple[str, ...] | None, set[str] | None]


class World:
    """True counts as step functions per (site, quantity), and the true shipments."""

    def __init__(self, days: int) -> None:
        self.days = days
        self.steps: dict[tuple[str, str], list[tuple[datetime, float]]] = {}
        self.shipments: list[dict[str, Any]] = []

    def add(self, site: str, quantity: str, at: datetime, delta: float) -> None:
        self.steps.setdefault((site, quantity), []).append((at, delta))

    def count(self, site: str, quantity: str, at: datetime, base: float) -> float:
        return base + sum(d for t, d in self.steps.get((site, quantity), []) if t <= at)


def make_world(seed: int, days: int = 60) -> tuple[World, dict[tuple[str, str], float]]:
    """Rail trains Tumangang -> Khasan and sailings Rajin -> Dunai / Vostochny, with background traffic."""
    rng = np.random.default_rng(seed)
    world = World(days)
    base = {("tumangang", "rail_cars"): 12.0, ("khasan", "rail_cars"): 6.0, ("rajin", "containers_teu"): 150.0,
            ("dunai", "containers_teu"): 40.0, ("vostochny-port", "containers_teu"): 400.0,
            ("rajin", "vessels"): 0.0, ("dunai", "vessels"): 0.0, ("vostochny-port", "vessels"): 2.0}
    for (site, quantity), level in base.items():  # background: small moves that come back
        for _ in range(days // (8 if quantity == "vessels" else 2)):
            at = START + timedelta(hours=float(rng.uniform(0, days * 24)))
            step = 1.0 if quantity == "vessels" else float(rng.integers(1, 3 if quantity == "rail_cars"
                                                                          else max(3, int(level * 0.04))))
            world.add(site, quantity, at, step)
            world.add(site, quantity, at + timedelta(hours=float(rng.uniform(12, 72))), -step)
    depart = START + timedelta(days=float(rng.uniform(5, 9)))
    while depart < START + timedelta(days=days - 6):
        _train(world, rng, depart)
        depart += timedelta(days=float(rng.uniform(8, 13)))
    sail = START + timedelta(days=float(rng.uniform(6, 10)))
    while sail < START + timedelta(days=days - 6):
        ports = [r.to_site for r in SEA_ROUTES if route_open(r, sail, sail)]  # the corridor's active periods
        _sailing(world, rng, sail, ports[int(rng.integers(len(ports)))] if len(ports) > 1 else ports[0])
        sail += timedelta(days=float(rng.uniform(9, 15)))
    return world, base


def _train(world: World, rng: np.random.Generator, depart: datetime) -> None:
    cars = int(rng.integers(35, 80))
    assemble = float(rng.uniform(4, 8))  # days the cars gather at Tumangang
    for part in np.array_split(np.arange(cars), 3):
        world.add("tumangang", "rail_cars", depart - timedelta(days=assemble * float(rng.uniform(0.3, 1))), len(part))
    world.add("tumangang", "rail_cars", depart, -cars)
    arrive = depart + timedelta(hours=float(rng.uniform(2, 10)))
    world.add("khasan", "rail_cars", arrive, cars)
    world.add("khasan", "rail_cars", arrive + timedelta(days=float(rng.uniform(3, 6))), -cars)  # transshipped on
    world.shipments.append({"route": "tumangang->khasan:rail", "depart": depart, "arrive": arrive, "count": cars,
                            "quantity": "rail_cars"})


def _sailing(world: World, rng: np.random.Generator, depart: datetime, port: str) -> None:
    teu = int(rng.integers(80, 320))
    staged = depart - timedelta(days=float(rng.uniform(3, 7)))
    world.add("rajin", "containers_teu", staged, teu)
    world.add("rajin", "containers_teu", depart, -teu)
    world.add("rajin", "vessels", depart - timedelta(days=float(rng.uniform(1, 2.5))), 1)
    world.add("rajin", "vessels", depart, -1)
    arrive = depart + timedelta(hours=float(rng.uniform(14, 40)))
    world.add(port, "vessels", arrive, 1)
    world.add(port, "vessels", arrive + timedelta(days=float(rng.uniform(1, 2.5))), -1)
    world.add(port, "containers_teu", arrive + timedelta(hours=6), teu)
    for k in range(3):  # moved on by rail over the next days
        world.add(port, "containers_teu", arrive + timedelta(days=3 + k), -teu / 3)
    world.shipments.append({"route": f"rajin->{port}:sea", "depart": depart, "arrive": arrive, "count": teu,
                            "quantity": "containers_teu"})


def observe(world: World, base: dict[tuple[str, str], float], revisit: float, cloud: float,
            seed: int) -> list[Measurement]:
    """Measurements from the truth through the noise model in the module docstring."""
    rng = np.random.default_rng(seed + 7919)
    out = []
    for site, quantities in SITES.items():
        at = START + timedelta(hours=float(rng.uniform(0, revisit * 24)))
        while at < START + timedelta(days=world.days):
            cloudy = rng.uniform() < cloud
            for quantity in quantities:
                out.append(_measure(world, base, site, quantity, at, cloudy, rng))
            at += timedelta(days=revisit, hours=float(rng.uniform(-8, 8)))
    return out


def _measure(world: World, base: dict[tuple[str, str], float], site: str, quantity: str, at: datetime,
             cloudy: bool, rng: np.random.Generator) -> Measurement:
    if cloudy:
        return Measurement(site, Quantity(quantity), at, None, "bench-noise", flags=["cloud"])
    truth = max(0.0, world.count(site, quantity, at, base[(site, quantity)]))
    floor, share = NOISE[quantity]
    sd = floor + share * truth
    value = max(0.0, float(round(truth + rng.normal(0, sd))))
    half = math.ceil(1.645 * sd)
    return Measurement(site, Quantity(quantity), at, Interval(value, max(0.0, value - half), value + half),
                       "bench-noise")


def truth_world(seed: int, revisit: float, cloud: float, days: int
                ) -> World_:
    """The noise-model path: a world of this module observed through `observe`."""
    world, base = make_world(seed, days)
    truth = [TrueShipment(f"bench-{i}", t["route"], t["depart"], t["quantity"], float(t["count"]))
             for i, t in enumerate(world.shipments)]
    return load_default(), observe(world, base, revisit, cloud, seed), truth, IMAGED, None


def sim_world(seed: int, revisit: float, cloud: float, days: int, keep: Path | None = None
              ) -> World_:
    """The end-to-end path: simulate_archive renders scenes, measure_files counts them (every route
    of truth.json is scored: the simulator images every site of the corridor). With `keep`, the
    archive and the measurements stay there and a later run reuses them."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="bench-fusion-") as folder:
            return _simulated(Path(folder), seed, revisit, cloud, days)
    where = "-" + "-".join(SITES_SIMULATED) if SITES_SIMULATED else ""
    return _simulated(keep / f"sim-{seed}-{revisit:g}-{cloud:g}-{days}-{GSD:g}m{where}", seed, revisit, cloud, days)


def _simulated(folder: Path, seed: int, revisit: float, cloud: float, days: int
               ) -> World_:
    from armstrack.imagery.simulate import SimulationConfig, simulate_archive
    from armstrack.pipeline.measure import measure_files

    if not (folder / "truth.json").is_file():
        config = SimulationConfig(days=days, revisit_days=revisit, cloud_rate=cloud, seed=seed, gsds=(GSD,),
                                  workers=WORKERS, sites=SITES_SIMULATED)
        simulate_archive(load_default(), folder, config)
    corridor = load_corridor(folder / "corridor.geojson")
    cache = folder / "measurements.json"
    if cache.is_file():
        measurements = [_measurement(row) for row in json.loads(cache.read_text(encoding="utf-8"))]
    else:
        measurements = [m for r in measure_files([folder / "scenes"], corridor) for m in r.measurements]
        cache.write_text(json.dumps([_row(m) for m in measurements]), encoding="utf-8")
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    if ORACLE:
        measurements = oracle(measurements, truth["series"])
    return corridor, measurements, truth_of(truth["shipments"]), SITES_SIMULATED, seen_in_clear_pass(truth)


def seen_in_clear_pass(truth: dict[str, Any], max_cloud: float = 0.5) -> set[str]:
    """The consignments that stand, in at least one scene, on a feature less than `max_cloud`
    clouded (the counters' own "observed" bar). A load that comes and goes between passes or
    under cloud at both ends leaves no trace in the pixels: no counter can register it."""
    seen = set()
    for scene in truth["scenes"]:
        cloud = scene.get("feature_cloud_fraction", {})
        for o in scene.get("objects", []):
            if o.get("consignment") and cloud.get(o.get("feature"), scene["cloud_fraction"]) < max_cloud:
                seen.add(str(o["consignment"]))
    return seen


def oracle(measurements: list[Measurement], series: dict[str, dict[str, list[dict[str, Any]]]]) -> list[Measurement]:
    """The same passes read perfectly: each observed measurement replaced by the true count at its
    time (+-1), not-observed ones kept. Separates what the fusion misses from what the counters miss."""
    out = []
    for m in measurements:
        points = series.get(m.site_id, {}).get(m.quantity.value)
        if m.value is None or not points:
            out.append(m)
            continue
        times = [_utc(p["t"]) for p in points]
        value = float(points[max(bisect.bisect_right(times, m.acquired) - 1, 0)]["value"])
        out.append(Measurement(m.site_id, m.quantity, m.acquired, Interval(value, max(0.0, value - 1), value + 1),
                               "oracle"))
    return out


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def _row(m: Measurement) -> dict[str, Any]:
    value = None if m.value is None else [m.value.value, m.value.low, m.value.high]
    return {"site": m.site_id, "quantity": m.quantity.value, "acquired": m.acquired.isoformat(), "value": value}


def _measurement(row: dict[str, Any]) -> Measurement:
    value = None if row["value"] is None else Interval(*row["value"])
    return Measurement(row["site"], Quantity(row["quantity"]), _utc(row["acquired"]), value, "bench-sim")


PATHS: dict[str, Any] = {"truth": truth_world, "sim": sim_world}
ORACLE = False  # set by --oracle
GSD = 3.0  # set by --gsd (sim path)
WORKERS = 1  # set by --workers (sim path)
SITES_SIMULATED: tuple[str, ...] | None = None  # set by --sites (sim path); None: every site


def run(seeds: list[int], revisit: float, cloud: float, path: str = "truth", days: int = 60,
        keep: Path | None = None) -> dict[str, Any]:
    total, seconds, started_all = Score(), 0.0, time.perf_counter()
    seen_true = seen_matched = 0
    for seed in seeds:
        extra = {"keep": keep} if path == "sim" else {}
        corridor, measurements, truth, imaged, seen = PATHS[path](seed, revisit, cloud, days, **extra)
        started = time.perf_counter()
        result = fuse(corridor, measurements)
        seconds += time.perf_counter() - started
        scored = score(found_of_shipments(result.shipments), truth, imaged)
        total.add(scored)
        if seen is not None:
            t, m = recall_among(scored, seen)
            seen_true, seen_matched = seen_true + t, seen_matched + m
    label = path + ("+oracle" if ORACLE and path == "sim" else "") + (f"@{GSD:g}m" if path == "sim" else "")
    info = total.as_dict()
    timing = info["median_timing_error_h"]
    return {"path": label, "days": days, "revisit_days": revisit, "cloud": cloud, "worlds": len(seeds),
            "true": total.true, "detected": total.found, "matched": total.matched,
            **{k: _round(info[k]) for k in ("precision", "recall", "recall_rail", "recall_sea")},
            "munitions_recall": _round(total.munitions_matched / max(total.munitions_true, 1)),
            "timing_median_h": None if timing is None else round(timing, 1),
            "volume_coverage": _round(info["volume_interval_covers_truth"]),
            **({"seen_in_a_clear_pass": seen_true,
                "recall_seen": _round(seen_matched / seen_true if seen_true else None)} if path == "sim" else {}),
            "fuse_seconds_per_world": round(seconds / len(seeds), 3),
            "wall_seconds": round(time.perf_counter() - started_all, 1)}


def recall_among(scored: Score, seen: set[str]) -> tuple[int, int]:
    """(true, matched) counting only the scored consignments in `seen` (from the score's rows:
    matched rows name their truth, missed rows their consignment)."""
    matched = [r["truth"] for r in scored.rows if r.get("truth") and not r.get("below_registered_load")]
    missed = [r["missed"] for r in scored.rows if "missed" in r]
    return (sum(1 for i in matched + missed if i in seen), sum(1 for i in matched if i in seen))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="worlds per setting")
    parser.add_argument("--first-seed", type=int, default=5000, help="fresh seeds, not the tests' ones")
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    parser.add_argument("--path", choices=sorted(PATHS), default="truth",
                        help="truth: the noise model; sim: simulate_archive -> measure_files (slow)")
    parser.add_argument("--days", type=int, default=60, help="days per world")
    parser.add_argument("--grid", default="1,3,7:0,0.3,0.5", help="revisits:clouds, e.g. 3:0.3")
    parser.add_argument("--keep", type=Path, default=None, help="sim: keep (and reuse) archives in this folder")
    parser.add_argument("--oracle", action="store_true", help="sim: replace each count by the truth at its pass")
    parser.add_argument("--gsd", type=float, default=3.0, help="sim: the GSD rendered and counted (m)")
    parser.add_argument("--workers", type=int, default=1, help="sim: sites rendered in parallel processes")
    parser.add_argument("--sites", default=None, help="sim: simulate these sites only (comma-separated); "
                        "only routes with both ends among them are scored")
    args = parser.parse_args()
    global ORACLE, GSD, WORKERS, SITES_SIMULATED
    ORACLE, GSD, WORKERS = args.oracle, args.gsd, args.workers
    SITES_SIMULATED = tuple(args.sites.split(",")) if args.sites else None
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    revisits, clouds = ([float(x) for x in part.split(",")] for part in args.grid.split(":"))
    rows = [run(seeds, revisit, cloud, args.path, args.days, args.keep) for revisit in revisits for cloud in clouds]
    for row in rows:
        print(json.dumps(row))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
