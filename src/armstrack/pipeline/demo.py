"""The demo: the main job on a simulated world, compared with that world's truth.

1. simulate a corridor archive with a shipment schedule into the workspace's scene inbox;
2. make the workspace with the simulator's corridor (its synthetic facility layouts);
3. write synthetic reports about the schedule (true, exaggerated, a denial, reposts) into the
   report inbox;
4. run the main job (`run_workspace`);
5. score the shipments found against the simulator's truth.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from armstrack.corridor.geojson import load_default
from armstrack.imagery.simulate import SimulationConfig, simulate_archive
from armstrack.pipeline.run import RunReport, run_workspace
from armstrack.pipeline.workspace import Workspace, init_workspace
from armstrack.reports.synthetic import synthetic_reports

DEMO_SITES = ("tumangang", "khasan", "rajin", "dunai")
DETECTED = 0.5  # a shipment hypothesis at or above this confidence counts as found


@dataclass(frozen=True)
class DemoConfig:
    days: int = 30
    revisit_days: float = 3.0
    gsds: tuple[float, ...] = (0.5, 3.0)
    seed: int = 7
    cloud_rate: float = 0.3
    sites: tuple[str, ...] = DEMO_SITES
    start: date = date(2023, 8, 1)


@dataclass
class Comparison:
    """Shipments found against the simulator's truth, on routes whose both ends are imaged."""

    true: int
    found: int
    matched: int
    timing_hours: list[float] = field(default_factory=list)
    volume_covered: list[bool] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.true if self.true else None

    def as_dict(self) -> dict[str, Any]:
        return {"true": self.true, "found": self.found, "matched": self.matched,
                "precision": self.precision, "recall": self.recall,
                "median_timing_error_h": sorted(self.timing_hours)[len(self.timing_hours) // 2]
                if self.timing_hours else None,
                "volume_interval_covers_truth": (sum(self.volume_covered) / len(self.volume_covered))
                if self.volume_covered else None,
                "shipments": self.rows}


@dataclass
class DemoReport:
    workspace: Workspace
    run: RunReport
    comparison: Comparison
    seconds: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {"workspace": str(self.workspace.root), "run": self.run.as_dict(),
                "comparison": self.comparison.as_dict(), "seconds": {k: round(v, 1) for k, v in self.seconds.items()}}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)


def _true_count(truth: dict[str, Any]) -> tuple[str, float] | None:
    for quantity in ("rail_cars", "containers_teu"):
        if truth.get(quantity):
            return quantity, float(truth[quantity])
    return None


def compare(found: list[dict[str, Any]], truth: list[dict[str, Any]], sites: tuple[str, ...]) -> Comparison:
    """Greedy one-to-one matching: a found shipment matches a true one on the same route whose
    departure lies inside its window."""
    scored = [t for t in truth if t["from"] in sites and t["to"] in sites and t.get("munitions", True)]
    detected = [s for s in found if s["confidence"] >= DETECTED and s["route"].split("->")[0] in sites
                and s["route"].split("->")[1].split(":")[0] in sites]
    remaining = list(scored)
    result = Comparison(true=len(scored), found=len(detected), matched=0)
    for shipment in sorted(detected, key=lambda s: -s["confidence"]):
        start, end = _utc(shipment["window"]["start"]), _utc(shipment["window"]["end"])
        match = next((t for t in remaining if t["route"] == shipment["route"]
                      and start <= _utc(t["depart"]) <= end), None)
        row = {"route": shipment["route"], "window": shipment["window"], "confidence": shipment["confidence"],
               "truth": None if match is None else match["id"]}
        if match is not None:
            remaining.remove(match)
            result.matched += 1
            middle = start + (end - start) / 2
            result.timing_hours.append(abs((middle - _utc(match["depart"])).total_seconds()) / 3600)
            count = _true_count(match)
            interval = (shipment.get("volume") or {}).get(count[0]) if count else None
            if count and isinstance(interval, dict):
                covered = interval["low"] <= count[1] <= interval["high"]
                result.volume_covered.append(covered)
                row["volume_covers_truth"] = covered
        result.rows.append(row)
    result.rows += [{"route": t["route"], "missed": t["id"], "depart": t["depart"]} for t in remaining]
    return result


def run_demo(folder: Path, config: DemoConfig | None = None,
             say: Callable[[str], None] | None = None) -> DemoReport:
    """Simulate, ingest, run and compare (see the module docstring); idempotent for one folder."""
    config = config or DemoConfig()
    tell = say or (lambda _message: None)
    seconds: dict[str, float] = {}
    folder = folder.expanduser().resolve()
    scenes_dir = folder / "inbox" / "scenes"
    tic = time.perf_counter()
    tell(f"simulating {config.days} days of imagery over {', '.join(config.sites)} ...")
    simulation = simulate_archive(load_default(), scenes_dir, SimulationConfig(
        start=config.start, days=config.days, revisit_days=config.revisit_days, gsds=config.gsds,
        seed=config.seed, sites=config.sites, cloud_rate=config.cloud_rate, workers=2))
    seconds["simulate"] = time.perf_counter() - tic
    workspace, _ = init_workspace(folder, corridor_file=simulation.corridor_path)
    truth = json.loads(simulation.truth_path.read_text(encoding="utf-8"))
    reports_dir = workspace.settings.path(workspace.settings.report_inbox)
    for report in synthetic_reports(truth, seed=config.seed):
        (reports_dir / f"{report.name}.html").write_text(report.to_html(), encoding="utf-8")
    tic = time.perf_counter()
    run = run_workspace(workspace, say=tell)
    seconds["run"] = time.perf_counter() - tic
    comparison = compare(run.shipments, truth["shipments"], config.sites)
    return DemoReport(workspace=workspace, run=run, comparison=comparison, seconds=seconds)
