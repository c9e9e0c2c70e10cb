"""Measure runner: (scene, site) tasks on Dask, results written back to `measurements` in batches.

Each task reads only its site's window and returns `Measurement`s; the caller writes them, one
transaction per batch, keyed by `Measurement.id` (re-running is a no-op). Pairs already measured
are skipped unless `force`, which replaces their rows. The cluster is a `distributed` scheduler
at a given address, or a LocalCluster on loopback sized to the machine; `"synchronous"` runs the
tasks in this process (no cluster), which is what `measure_files` does by default.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from armstrack.imagery.measure import SiteResult, measure_site
from armstrack.imagery.measure.rail import RailParams
from armstrack.imagery.measure.tasks import recount_rail
from armstrack.imagery.scene import read_scene
from armstrack.model import ArmstrackError, Corridor, Interval, Measurement, Quantity, Scene, Site
from armstrack.pipeline.scenes import expand_sources, load_scenes
from armstrack.pipeline.workspace import Workspace
from armstrack.store import upsert
from armstrack.store.schema import MeasurementRow

SYNCHRONOUS = "synchronous"
BATCH = 64
Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class MeasureResult:
    """One scene over one site: the numbers of the stable `armstrack measure --json` line."""

    scene: str  # file name
    site: str
    acquired: str
    gsd_m: float
    values: dict[str, Interval | None]
    cloud_fraction: float
    coverage: float
    measurements: list[Measurement] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scene": self.scene, "site": self.site, "acquired": self.acquired,
                               "gsd_m": self.gsd_m}
        for quantity in Quantity:
            interval = self.values.get(quantity.value)
            out[quantity.value] = None if interval is None else {
                "value": int(interval.value), "low": int(interval.low), "high": int(interval.high)}
        out["cloud_fraction"] = self.cloud_fraction
        out["coverage"] = self.coverage
        return out


@dataclass
class MeasureReport:
    """What a workspace run did."""

    tasks: int = 0
    skipped: int = 0
    measured: int = 0
    written: int = 0
    not_observed: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (scene id, site, reason)
    seconds: float = 0.0
    scheduler: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"tasks": self.tasks, "skipped": self.skipped, "measured": self.measured, "written": self.written,
                "not_observed": self.not_observed, "seconds": round(self.seconds, 2), "scheduler": self.scheduler,
                "failed": [{"scene": s, "site": t, "error": e} for s, t, e in self.failed]}


def to_result(result: SiteResult) -> MeasureResult:
    values: dict[str, Interval | None] = {m.quantity.value: m.value for m in result.measurements}
    return MeasureResult(scene=Path(result.scene_path).name, site=result.site_id,
                         acquired=result.acquired.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                         gsd_m=result.gsd_m, values=values, cloud_fraction=result.cloud_fraction,
                         coverage=result.coverage, measurements=result.measurements)


def _task(scene: Scene, site: Site, max_cloud: float) -> SiteResult | str:
    """One (scene, site): a SiteResult, or the reason it failed (bad input stays one line). The rail
    profiles travel back only at the GSDs where a background recount can use them."""
    try:
        result = measure_site(scene, site, max_cloud=max_cloud)
    except ArmstrackError as exc:
        return str(exc)
    if result.gsd_m > RailParams().background_max_gsd_m:
        result.rail_profiles = None
    return result


def _batch(pairs: Sequence[tuple[Scene, Site]], max_cloud: float) -> list[SiteResult | str]:
    """The Dask task: several (scene, site) pairs of one site in a row, so that a worker reuses the
    site's pixel geometry across scenes of one grid and the scheduler handles fewer, longer tasks."""
    return [_task(scene, site, max_cloud) for scene, site in pairs]


def chunks(items: Sequence[Any], workers: int, per_worker: int = 4, most: int = 32) -> list[Sequence[Any]]:
    """Consecutive slices of `items`: about `per_worker` per worker, at most `most` items each."""
    size = max(1, min(most, math.ceil(len(items) / max(1, workers * per_worker))))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _workers(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


@contextmanager
def dask_client(scheduler: str | None, workers: int = 0) -> Iterator[Any]:
    """A distributed Client on `scheduler`, or on a loopback LocalCluster of `workers` processes."""
    if scheduler == SYNCHRONOUS:
        yield None
        return
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ArmstrackError(f"dask scheduler {scheduler!r} cannot be reached ({exc})") from None
        with client:
            yield client
        return
    n = workers or max(1, os.cpu_count() or 1)
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def run_tasks(client: Any, pairs: Sequence[tuple[Scene, Site]], max_cloud: float
              ) -> Iterator[tuple[Scene, Site, SiteResult | str]]:
    """Run (scene, site) pairs on a Dask client (None: in this process), in batches of consecutive
    pairs, yielding each pair as its batch finishes."""
    if client is None:
        for scene, site in pairs:
            yield scene, site, _task(scene, site, max_cloud)
        return
    from distributed import as_completed

    futures = {client.submit(_batch, batch, max_cloud, pure=False): batch
               for batch in chunks(pairs, _workers(client))}
    for future in as_completed(futures):
        for (scene, site), outcome in zip(futures.pop(future), future.result(), strict=True):
            yield scene, site, outcome


def by_site_and_gsd(pairs: Sequence[tuple[Scene, Site]]) -> list[list[tuple[Scene, Site]]]:
    """Pairs grouped by (site, GSD): the scenes that can share a background, in time order."""
    groups: dict[tuple[str, float], list[tuple[Scene, Site]]] = {}
    for scene, site in sorted(pairs, key=lambda p: (p[1].id, p[0].gsd_m, p[0].acquired)):
        groups.setdefault((site.id, round(scene.gsd_m, 3)), []).append((scene, site))
    return list(groups.values())


def finish_group(results: list[SiteResult], max_cloud: float) -> None:
    """Recount rail cars of one (site, GSD) group against its shared background, then drop the profiles."""
    by_window: dict[tuple[int, int, int, int], list[SiteResult]] = {}
    for r in results:
        by_window.setdefault(r.window, []).append(r)
    for group in by_window.values():
        recount_rail(group, max_cloud)
    for r in results:
        r.rail_profiles = None


def run_groups(client: Any, pairs: Sequence[tuple[Scene, Site]], max_cloud: float,
               progress: Progress | None = None
               ) -> Iterator[tuple[list[SiteResult], list[tuple[str, str, str]]]]:
    """Run every task at once; yield each (site, GSD) group, finished against its background, as soon
    as its last task is in: (results, failures as (scene id, site id, reason))."""
    groups = by_site_and_gsd(pairs)
    group_of = {(scene.id, site.id): k for k, group in enumerate(groups) for scene, site in group}
    left = [len(g) for g in groups]
    results: list[list[SiteResult]] = [[] for _ in groups]
    failures: list[list[tuple[str, str, str]]] = [[] for _ in groups]
    ordered = [pair for group in groups for pair in group]
    for done, (scene, site, outcome) in enumerate(run_tasks(client, ordered, max_cloud), start=1):
        k = group_of[(scene.id, site.id)]
        if isinstance(outcome, str):
            failures[k].append((scene.id, site.id, outcome))
        else:
            results[k].append(outcome)
        left[k] -= 1
        if progress is not None:
            progress(done, len(ordered))
        if left[k] == 0:
            finish_group(results[k], max_cloud)
            yield results[k], failures[k]
            results[k], failures[k] = [], []


def _read_batch(sources: Sequence[str], corridor: Corridor) -> list[Scene]:
    return [read_scene(source, corridor=corridor) for source in sources]


def read_scenes(client: Any, sources: list[str], corridor: Corridor) -> list[Scene]:
    """Scene headers, read on the cluster when there is one (a year of files is thousands of opens),
    in batches so that the corridor travels once per batch."""
    if client is None:
        return _read_batch(sources, corridor)
    futures = client.map(_read_batch, chunks(sources, _workers(client), most=256), corridor=corridor, pure=False)
    return [scene for batch in client.gather(futures) for scene in batch]


def measure_files(paths: Sequence[str | Path], corridor: Corridor, site: str | None = None,
                  scheduler: str | None = None, max_cloud: float = 0.5) -> list[MeasureResult]:
    """Measure scene files against a corridor without a workspace: one result per (scene, site).

    `scheduler`: None runs in this process; "local" starts a loopback LocalCluster; an address
    uses that Dask scheduler. Results come back in (acquisition time, site) order.
    """
    if site is not None:
        corridor.site(site)
    mode = SYNCHRONOUS if scheduler is None else ("" if scheduler == "local" else scheduler)
    results = []
    with dask_client(mode) as client:
        pairs = [(scene, corridor.sites[s]) for scene in read_scenes(client, expand_sources(paths), corridor)
                 for s in scene.site_ids if site is None or s == site]
        for finished, failed in run_groups(client, pairs, max_cloud):
            for scene_id, site_id, reason in failed:
                raise ArmstrackError(f"scene {scene_id}: site {site_id}: {reason}")
            results += [to_result(r) for r in finished]
    return sorted(results, key=lambda r: (r.acquired, r.site, r.scene))


def measurement_row(m: Measurement) -> dict[str, Any]:
    """A Measurement as a `measurements` row (not observed: value, low and high NULL)."""
    v = m.value
    return {"id": m.id, "site_id": m.site_id, "quantity": m.quantity.value,
            "acquired": m.acquired.astimezone(UTC).replace(tzinfo=None),
            "value": None if v is None else v.value, "low": None if v is None else v.low,
            "high": None if v is None else v.high, "method": m.method, "scene_id": m.scene_id,
            "window": None if m.window is None else list(m.window), "coverage": m.coverage,
            "cloud_fraction": m.cloud_fraction, "flags": list(m.flags), "parameters": m.parameters,
            "source": m.source}


def measured_pairs(workspace: Workspace) -> set[tuple[str, str]]:
    """(scene id, site id) pairs that already have measurement rows."""
    with workspace.store.session() as session:
        rows = session.execute(select(MeasurementRow.scene_id, MeasurementRow.site_id).distinct()).all()
    return {(str(a), str(b)) for a, b in rows if a is not None}


def write_batch(workspace: Workspace, results: list[SiteResult], replace: bool) -> int:
    """Write one batch of results in one transaction; `replace` first drops their old rows."""
    rows = [measurement_row(m) for r in results for m in r.measurements]
    with workspace.store.transaction() as session:
        if replace:
            for r in results:
                session.execute(delete(MeasurementRow).where(MeasurementRow.scene_id == r.scene_id,
                                                             MeasurementRow.site_id == r.site_id))
        return upsert(session, MeasurementRow, rows)


def workspace_pairs(workspace: Workspace, site: str | None, force: bool) -> tuple[list[tuple[Scene, Site]], int]:
    """The (scene, site) pairs to measure and how many were skipped as done."""
    corridor = workspace.corridor()
    if site is not None:
        corridor.site(site)
    done = set() if force else measured_pairs(workspace)
    pairs, skipped = [], 0
    for scene in load_scenes(workspace, site):
        for site_id in scene.site_ids:
            if (site is not None and site_id != site) or site_id not in corridor.sites:
                continue
            if (scene.id, site_id) in done:
                skipped += 1
                continue
            pairs.append((scene, corridor.sites[site_id]))
    return pairs, skipped


def measure_workspace(workspace: Workspace, scheduler: str | None = None, force: bool = False,
                      site: str | None = None, progress: Progress | None = None) -> MeasureReport:
    """Measure every ingested scene over the sites it covers, on Dask, and store the measurements.

    `scheduler`: an address (tcp://host:port), else the `dask_scheduler` setting, else a local
    cluster sized by `dask_workers` (0: one worker per core); "synchronous" runs in this process.
    """
    started = time.perf_counter()
    settings = workspace.settings
    address = scheduler or settings.dask_scheduler or ""
    pairs, skipped = workspace_pairs(workspace, site, force)
    report = MeasureReport(tasks=len(pairs), skipped=skipped, scheduler=address or "local")
    with dask_client(address, settings.dask_workers) as client:
        for finished, failed in run_groups(client, pairs, settings.max_cloud, progress):
            report.failed += failed
            for start in range(0, len(finished), BATCH):
                batch = finished[start:start + BATCH]
                report.measured += len(batch)
                report.not_observed += sum(1 for r in batch for m in r.measurements if m.value is None)
                report.written += write_batch(workspace, batch, force)
    report.seconds = time.perf_counter() - started
    return report


def measurement_chip(workspace: Workspace, measurement_id: str) -> bytes:
    """The evidence PNG of a stored measurement: its scene's window re-measured with its method."""
    from armstrack.imagery.measure.tasks import site_chip

    with workspace.store.session() as session:
        row = session.get(MeasurementRow, measurement_id)
    if row is None:
        raise ArmstrackError(f"measurement {measurement_id!r}: not in the workspace")
    if row.scene_id is None:
        raise ArmstrackError(f"measurement {measurement_id!r}: was entered by hand and has no scene to draw")
    scenes = {s.id: s for s in load_scenes(workspace, row.site_id)}
    if row.scene_id not in scenes:
        raise ArmstrackError(f"measurement {measurement_id!r}: its scene {row.scene_id} is not in the workspace")
    site = workspace.corridor().site(row.site_id)
    return site_chip(scenes[row.scene_id], site, row.quantity, row.method, workspace.settings.max_cloud)
