"""Speed of `armstrack measure`: against a bare window read, over a year of 3 m scenes, on Dask.

1. One site in one scene: `measure_site` (window read, masks, every counter) against a bare
   rasterio read of the same window and bands (the same file, window, band indexes and stored
   dtype: what any reader of those pixels pays), median of repeats, per GSD (ratio printed), for
   a rail yard (Tumangang, the reference) and a port (Rajin: yards and berths).
2. A year of daily 3 m scenes over every default site: `--days` simulated days re-dated into
   365 daily files per site (the same pixels under new acquisition times, so the measuring
   work is real and the archive stays small to make), measured on a loopback Dask cluster.
3. The first `--compare-days` days of that archive on 1 worker and on 2 workers (ratio printed).

Usage: python benchmarks/bench_measure_speed.py [--seed 202] [--days 20] [--year-days 365] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import rasterio

from armstrack.corridor.geojson import load_corridor, load_default
from armstrack.imagery.measure import measure_site
from armstrack.imagery.measure.tasks import READ_ROLES
from armstrack.imagery.scene import read_scene
from armstrack.imagery.window import read_site_window
from armstrack.model import Scene, Site
from armstrack.pipeline.measure import measure_files


def simulate(folder: Path, seed: int, days: int, gsds: tuple[float, ...], revisit: float) -> Path:
    from armstrack.imagery.simulate import SimulationConfig, simulate_archive

    if not (folder / "truth.json").exists():
        simulate_archive(load_default(), folder, SimulationConfig(start=date(2023, 9, 1), days=days,
                                                                  revisit_days=revisit, gsds=gsds, seed=seed,
                                                                  cloud_rate=0.0))
    return folder


def bare_read(path: Path, window: tuple[int, int, int, int], bands: list[int]) -> None:
    with rasterio.open(path) as src:
        src.read(bands, window=rasterio.windows.Window(*window))


@dataclass
class WindowTiming:
    """One site in one scene: medians of measuring and of the bare read, wall clock and CPU time."""

    gsd: float
    site: str
    measure_s: float
    bare_s: float
    measure_cpu_s: float
    bare_cpu_s: float
    first_s: float  # the first scene of a grid pays for its geometry
    second_s: float  # the second builds the grid's sampling weights


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def window_ratio(archive: Path, repeats: int, site_id: str = "tumangang") -> list[WindowTiming]:
    """Measure and bare read of one scene per GSD, alternated `repeats` (>= 3) times.

    The medians are what each further scene of the site on that grid costs (the site's pixel geometry
    and sampling weights are cached after the first two scenes). CPU time is reported beside the wall
    clock: on a shared machine the wall clock of a few milliseconds mostly measures the other jobs."""
    corridor = load_corridor(archive / "corridor.geojson")
    out = []
    seen: set[float] = set()
    for path in sorted((archive / "scenes").rglob("*.tif")):
        scene = read_scene(path, corridor=corridor)
        if scene.gsd_m in seen or site_id not in scene.site_ids:
            continue
        seen.add(scene.gsd_m)
        site = corridor.sites[site_id]
        out.append(time_scene(path, scene, site, repeats))
    return sorted(out, key=lambda t: t.gsd)


def time_scene(path: Path, scene: Scene, site: Site, repeats: int) -> WindowTiming:
    """A bare read of the site's window and `measure_site`, alternated `repeats` (>= 3) times."""
    window = read_site_window(scene, site, roles=[r for r in READ_ROLES if r in scene.bands])
    bands = [scene.bands[r] for r in READ_ROLES if r in scene.bands]
    bare, measured = [], []
    for _ in range(max(3, repeats)):
        bare.append(_timed(lambda: bare_read(path, window.window, bands)))
        measured.append(_timed(lambda: measure_site(scene, site)))
    return WindowTiming(gsd=scene.gsd_m, site=site.id, measure_s=statistics.median(m[0] for m in measured),
                        bare_s=statistics.median(b[0] for b in bare),
                        measure_cpu_s=statistics.median(m[1] for m in measured),
                        bare_cpu_s=statistics.median(b[1] for b in bare), first_s=measured[0][0],
                        second_s=measured[1][0])


def redate_year(source: Path, target: Path, year_days: int) -> list[Path]:
    """Copies of each site's 3 m scenes re-dated to one a day for `year_days` days."""
    target.mkdir(parents=True, exist_ok=True)
    by_site: dict[str, list[Path]] = {}
    for path in sorted((source / "scenes").rglob("*_3m.tif")):
        by_site.setdefault(path.parent.name, []).append(path)
    out = []
    for site, files in by_site.items():
        for day in range(year_days):
            when = date(2023, 1, 1) + timedelta(days=day)
            dst = target / f"{site}_{when:%Y%m%d}T021500Z_3m.tif"
            if not dst.exists():
                shutil.copyfile(files[day % len(files)], dst)
                with rasterio.open(dst, "r+") as ds:
                    ds.update_tags(TIFFTAG_DATETIME=f"{when:%Y:%m:%d} 02:15:00")
            out.append(dst)
    return out


def timed_run(paths: list[Path], corridor_path: Path, workers: int) -> float:
    from distributed import LocalCluster

    corridor = load_corridor(corridor_path)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        tic = time.perf_counter()
        results = measure_files(paths, corridor, scheduler=cluster.scheduler_address)
        seconds = time.perf_counter() - tic
    assert len(results) >= len(paths)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=202)
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--year-days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sites", default="tumangang,rajin", help="sites timed one scene at a time")
    parser.add_argument("--window-only", action="store_true", help="stop after the one-site, one-scene ratios")
    parser.add_argument("--compare-days", type=int, default=30, help="days of the year archive for 1 vs 2 workers")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="armstrack-speed-"))
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    small = simulate(work / "window", args.seed, 2, (0.5, 1.0, 3.0, 10.0), 1.0)
    for t in [row for site_id in args.sites.split(",") for row in window_ratio(small, args.repeats, site_id)]:
        print(f"one site, one scene: {t.site} at {t.gsd:g} m: measure {t.measure_s * 1000:.1f} ms (first scene of "
              f"the grid {t.first_s * 1000:.0f} ms, second {t.second_s * 1000:.0f} ms), bare window read "
              f"{t.bare_s * 1000:.1f} ms, ratio {t.measure_s / t.bare_s:.1f}; CPU time {t.measure_cpu_s * 1000:.1f} / "
              f"{t.bare_cpu_s * 1000:.1f} ms, ratio {t.measure_cpu_s / t.bare_cpu_s:.1f}")
    if args.window_only:
        return
    archive = simulate(work / "month3m", args.seed, args.days, (3.0,), 1.0)
    year = redate_year(archive, work / "year3m", args.year_days)
    print(f"year archive: {len(year)} scenes of 3 m ({args.year_days} days x "
          f"{len(year) // args.year_days} sites) from {args.days} simulated days")
    full = timed_run(year, archive / "corridor.geojson", 2)
    print(f"year of daily 3 m scenes, all sites, 2 workers: {full:.1f} s ({len(year) / full:.1f} scenes/s)")
    cutoff = f"{date(2023, 1, 1) + timedelta(days=args.compare_days):%Y%m%d}"
    part = [p for p in year if p.name.split("_")[-2][:8] < cutoff]
    one = timed_run(part, archive / "corridor.geojson", 1)
    two = timed_run(part, archive / "corridor.geojson", 2)
    print(f"the first {args.compare_days} days ({len(part)} scenes): 1 worker {one:.1f} s, 2 workers {two:.1f} s; "
          f"2 workers vs 1: {one / two:.2f}x faster")


if __name__ == "__main__":
    main()
