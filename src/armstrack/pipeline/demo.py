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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from armstrack.corridor.geojson import load_default
from armstrack.fusion.scoring import Score, found_of_rows, score, truth_of
from armstrack.imagery.simulate import SimulationConfig, simulate_archive
from armstrack.pipeline.run import RunReport, run_workspace
from armstrack.pipeline.workspace import Workspace, init_workspace
from armstrack.reports.synthetic import synthetic_reports

DEMO_SITES = ("tumangang", "khasan", "rajin", "dunai")


@dataclass(frozen=True)
class DemoConfig:
    days: int = 30
    revisit_days: float = 3.0
    gsds: tuple[float, ...] = (0.5, 3.0)
    seed: int = 7
    cloud_rate: float = 0.3
    sites: tuple[str, ...] = DEMO_SITES
    start: date = date(2023, 8, 1)


Comparison = Score  # found shipments against the simulator's truth (armstrack.fusion.scoring)


@dataclass
class DemoReport:
    workspace: Workspace
    run: RunReport
    comparison: Comparison
    seconds: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {"workspace": str(self.workspace.root), "run": self.run.as_dict(),
                "comparison": self.comparison.as_dict(), "seconds": {k: round(v, 1) for k, v in self.seconds.items()}}


def compare(found: list[dict[str, Any]], truth: list[dict[str, Any]], sites: tuple[str, ...]) -> Comparison:
    """Found shipments (`shipments --json` rows) scored against truth.json's consignments on routes
    whose both ends are among `sites` (the rules: armstrack.fusion.scoring)."""
    return score(found_of_rows(found), truth_of(truth), imaged=sites)


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
