"""Check that a change to the measuring code leaves every count as it was.

Measures every scene of a simulated archive with `measure_files` (so the archive-background
recount runs too) and writes, per (scene, site), the `armstrack measure --json` line plus each
measurement's interval, coverage, cloud fraction, flags and parameters. Run it with `--save` on
the code before a change and with `--against` on the code after it: the --json lines must be the
same, and any other difference is listed.

Usage:
  python benchmarks/check_measure_unchanged.py --archive DIR [--seed 202 --days 3 --cloud-rate 0.4] --save before.jsonl
  python benchmarks/check_measure_unchanged.py --archive DIR --against before.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from armstrack.corridor.geojson import load_corridor, load_default
from armstrack.pipeline.measure import measure_files


def snapshot(archive: Path) -> list[dict[str, Any]]:
    """One record per (scene, site): the --json line and the details of each measurement."""
    corridor = load_corridor(archive / "corridor.geojson")
    tic = time.perf_counter()
    results = measure_files(sorted((archive / "scenes").rglob("*.tif")), corridor)
    print(f"{len(results)} (scene, site) results in {time.perf_counter() - tic:.1f} s", file=sys.stderr)
    records = []
    for r in results:
        line = r.as_json()
        line["measurements"] = [{"quantity": m.quantity.value, "coverage": m.coverage, "cloud": m.cloud_fraction,
                                 "value": None if m.value is None else [m.value.value, m.value.low, m.value.high],
                                 "flags": m.flags, "method": m.method, "window": m.window,
                                 "parameters": m.parameters} for m in r.measurements]
        records.append(json.loads(json.dumps(line, sort_keys=True, default=repr)))
    return records


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Paths (and values) where two JSON-like values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} -> {b!r}"]


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> int:
    """Print what differs; the number of --json lines that differ."""
    if len(before) != len(after):
        print(f"{len(before)} results before, {len(after)} after")
        return max(len(before), len(after))
    lines = details = 0
    for x, y in zip(before, after, strict=True):
        mx, my = x.pop("measurements"), y.pop("measurements")
        if x != y:
            lines += 1
            print(f"--json line differs: {x} -> {y}")
        found = differences(mx, my)
        if found:
            details += 1
            print(f"{x['scene']} {x['site']}: {'; '.join(found[:4])}")
    print(f"{len(before)} results: {lines} --json lines differ, {details} with other differences")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="simulated here first if it holds no archive")
    parser.add_argument("--seed", type=int, default=202)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--cloud-rate", type=float, default=0.4)
    parser.add_argument("--sites", default=None, help="comma-separated site ids to simulate (default: all)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--against", type=Path)
    args = parser.parse_args()
    if not (args.archive / "corridor.geojson").exists():
        from armstrack.imagery.simulate import SimulationConfig, simulate_archive

        sites = tuple(args.sites.split(",")) if args.sites else None
        simulate_archive(load_default(), args.archive, SimulationConfig(
            start=date(2023, 9, 1), days=args.days, revisit_days=1.0, gsds=(0.5, 1.0, 3.0, 10.0), seed=args.seed,
            cloud_rate=args.cloud_rate, sites=sites))
    records = snapshot(args.archive)
    if args.save:
        args.save.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in records))
        return
    before = [json.loads(line) for line in args.against.read_text().splitlines()]
    sys.exit(1 if compare(before, records) else 0)


if __name__ == "__main__":
    main()
