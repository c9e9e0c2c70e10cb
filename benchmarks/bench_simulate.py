"""Simulator speed per GSD against writing the same arrays with bare rasterio.

    python benchmarks/bench_simulate.py [--days 3] [--sites tumangang,rajin] [--gsds 0.5,3,10] [--demo]

For each GSD alone, simulates the sites (one acquisition a day, 30% cloud chance, one process) and
times it; the reference, timed in the same run, is rasterio writing the very arrays the simulator
produced to tiled GeoTIFFs with the same profile (the floor any simulator that writes GeoTIFFs has).
`--demo` also times the `make demo` configuration: all sites, 30 days, revisit 3, GSDs 0.5 and 3,
two worker processes. Prints scenes/s and Mpx/s per GSD with the ratio to the reference.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

import rasterio

from armstrack.corridor.geojson import load_default
from armstrack.imagery.simulate import SimulationConfig, simulate_archive


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def rewrite_seconds(folder: Path, files: list[str]) -> float:
    """Time bare rasterio writing the simulator's arrays again, with the same profile."""
    arrays = []
    for name in files:
        with rasterio.open(folder / name) as src:
            arrays.append((src.read(), src.profile))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k, (data, profile) in enumerate(arrays):
            with rasterio.open(Path(tmp) / f"{k}.tif", "w", **profile) as dst:
                dst.write(data)
    return time.perf_counter() - start


def bench_gsd(gsd: float, sites: tuple[str, ...], days: int) -> dict[str, float]:
    config = SimulationConfig(start=date(2023, 10, 1), days=days, revisit_days=1.0, gsds=(gsd,), seed=1,
                              sites=sites, cloud_rate=0.3)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = simulate_archive(load_default(), tmp, config)
        seconds = time.perf_counter() - start
        files = [s["file"] for s in result.scenes]
        reference = rewrite_seconds(Path(tmp), files)
    megapixels = result.timings[f"{gsd:g}"]["megapixels"]
    return {"scenes": len(files), "seconds": seconds, "megapixels": megapixels, "reference": reference}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--sites", default="tumangang,rajin")
    parser.add_argument("--gsds", default="0.5,3,10")
    parser.add_argument("--demo", action="store_true", help="also time the make-demo configuration")
    args = parser.parse_args()
    sites = tuple(args.sites.split(","))
    print(f"machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, "
          f"rasterio {rasterio.__version__}, GDAL {rasterio.__gdal_version__}; load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"sites {','.join(sites)}, {args.days} acquisitions each, one GSD at a time, one process")
    print(f"{'gsd':>5} {'scenes':>6} {'s':>7} {'scenes/s':>9} {'Mpx/s':>8} {'write-only s':>12} {'ratio':>6}")
    for gsd in (float(g) for g in args.gsds.split(",")):
        r = bench_gsd(gsd, sites, args.days)
        print(f"{gsd:>5g} {r['scenes']:>6.0f} {r['seconds']:>7.2f} {r['scenes'] / r['seconds']:>9.2f} "
              f"{r['megapixels'] / r['seconds']:>8.3f} {r['reference']:>12.3f} {r['seconds'] / r['reference']:>6.1f}x")
    if args.demo:
        config = SimulationConfig(days=30, revisit_days=3.0, gsds=(0.5, 3.0), workers=2)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            result = simulate_archive(load_default(), tmp, config)
            seconds = time.perf_counter() - start
        print(f"demo configuration: {len(result.scenes)} scenes of {len({s['site'] for s in result.scenes})} sites "
              f"in {seconds:.1f} s wall with 2 workers ({len(result.scenes) / seconds:.2f} scenes/s)")


if __name__ == "__main__":
    main()
