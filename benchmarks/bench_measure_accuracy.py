"""Accuracy of `armstrack measure` on a simulated archive, per GSD and quantity.

Simulates an archive with a seed the counters were not tuned on (or reads one given with
--archive), measures every scene with `measure_files`, and prints for each GSD and quantity the
mean absolute error relative to the true mean, the share of true values inside the reported
interval, the mean interval width over the true mean (how much the interval says), and the
cloud-fraction error; counts on clear scenes (feature cloud < 5 %), then apart on partly clouded
scenes (5-50 %) with their worst errors.

Usage: python benchmarks/bench_measure_accuracy.py [--seed 303] [--days 20] [--archive DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from armstrack.corridor.geojson import load_corridor, load_default
from armstrack.pipeline.measure import measure_files
from measure_eval import evaluate, load_truth

TARGETS = {("rail_cars", 0.5): 0.05, ("rail_cars", 1.0): 0.10, ("rail_cars", 3.0): 0.25}


def simulate(folder: Path, seed: int, days: int, gsds: tuple[float, ...], sites: tuple[str, ...] | None,
             start: date) -> Path:
    from armstrack.imagery.simulate import SimulationConfig, simulate_archive

    config = SimulationConfig(start=start, days=days, revisit_days=2.0, gsds=gsds, seed=seed, sites=sites)
    simulate_archive(load_default(), folder, config)
    return folder


def _print_table(rows: list[dict[str, Any]], targets: bool = True) -> None:
    """Print one accuracy table, with the targets of the clear-scene figures beside it (`targets`)."""
    print(f"{'gsd':>5} {'quantity':<15} {'n':>4} {'mean':>7} {'MAE/mean':>9} {'covered':>8} {'width':>6} "
          f"{'not obs':>8}  target")
    for row in rows:
        target = TARGETS.get((row["quantity"], row["gsd_m"])) if targets else None
        print(f"{row['gsd_m']:>5g} {row['quantity']:<15} {row['n']:>4} {row['mean_truth'] or 0:>7} "
              f"{row['mae_rel']:>9.3f} {row['coverage']:>8.2f} {row['width_rel']:>6.2f} {row['not_observed']:>8}  "
              f"{'' if target is None else f'<= {target:.2f}, covered >= 0.90'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=303)
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2023, 10, 1))
    parser.add_argument("--gsds", default="0.5,1,3,10")
    parser.add_argument("--sites", default="", help="comma-separated site ids (default: all)")
    parser.add_argument("--archive", type=Path, help="an existing simulated archive instead of a new one")
    parser.add_argument("--scheduler", default=None, help="'local' or a Dask scheduler address")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = args.archive
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="armstrack-bench-"))
        gsds = tuple(float(g) for g in args.gsds.split(","))
        simulate(folder, args.seed, args.days, gsds, tuple(args.sites.split(",")) if args.sites else None, args.start)
    truth = load_truth(folder)
    corridor = load_corridor(folder / truth["corridor"])
    paths = [folder / s["file"] for s in truth["scenes"]]
    started = time.perf_counter()
    results = [r.as_json() for r in measure_files(paths, corridor, scheduler=args.scheduler)]
    seconds = time.perf_counter() - started
    ev = evaluate(truth, results)
    report = {"seed": truth["seed"], "scenes": len(paths), "seconds": round(seconds, 1),
              "accuracy": ev.table(), "cloud": ev.cloud_table(), "cloudy_feature_scenes": ev.cloudy_scenes,
              "zero_under_cloud": ev.zero_under_cloud, "misses": ev.misses[:20],
              "partly_clouded": ev.partial_table(), "worst_partly_clouded": ev.worst_partial()}
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"archive seed {truth['seed']}: {len(paths)} scenes measured in {seconds:.1f} s")
    print("clear scenes (feature cloud < 5 %)")
    _print_table(ev.table())
    print("partly clouded scenes (feature cloud 5-50 %)")
    _print_table(ev.partial_table(), targets=False)
    print("worst errors on partly clouded scenes (scene, site, quantity, feature cloud, truth, got)")
    for e in ev.worst_partial():
        print(f"  {e['scene']} {e['site']} {e['quantity']} cloud {e['feature_cloud']:.2f}: truth {e['truth']}, "
              f"got {e['got']} ({e['low']}-{e['high']})")
    for row in ev.cloud_table():
        print(f"cloud fraction at {row['gsd_m']:g} m: mean abs error {row['cloud_mae']} (max {row['max_error']}) "
              f"over {row['n']} scenes")
    print(f"features under cloud (> max_cloud): {ev.cloudy_scenes}, of them reported as 0: {ev.zero_under_cloud}")


if __name__ == "__main__":
    main()
