"""The main job: ingest whatever is new, measure, extract, screen, fuse, export.

Each stage is its own runner and its own transactions; a stage that fails on one item reports it
and goes on, so one bad file never stops the job. Running it twice changes nothing the second
time (every stage is idempotent).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armstrack.pipeline.export import export_workspace
from armstrack.pipeline.fusion import FusionReport, fuse_workspace, shipment_rows
from armstrack.pipeline.measure import MeasureReport, measure_workspace
from armstrack.pipeline.reports import ExtractReport, add_reports, extract_reports
from armstrack.pipeline.reports import IngestReport as ReportIngest
from armstrack.pipeline.scenes import IngestReport as SceneIngest
from armstrack.pipeline.scenes import add_scenes
from armstrack.pipeline.screening import ScreenReport, list_infos, screen_workspace
from armstrack.pipeline.workspace import Workspace

Say = Callable[[str], None]


@dataclass
class RunReport:
    """What one run of the main job did, stage by stage."""

    scenes: SceneIngest
    reports: ReportIngest
    measure: MeasureReport
    extract: ExtractReport
    screen: ScreenReport | None
    fusion: FusionReport
    exports: list[Path]
    seconds: dict[str, float] = field(default_factory=dict)
    shipments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """One line per item a stage could not handle."""
        return ([f"scene {s}: {e}" for s, e in self.scenes.failed]
                + [f"report {e}" for e in self.reports.errors]
                + [f"measure {s} at {t}: {e}" for s, t, e in self.measure.failed]
                + [f"extract {e}" for e in self.extract.errors])

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenes": {"added": len(self.scenes.added), "present": len(self.scenes.present),
                       "failed": len(self.scenes.failed)},
            "reports": {"added": len(self.reports.added), "unchanged": len(self.reports.unchanged),
                        "failed": len(self.reports.errors)},
            "measure": self.measure.as_dict(),
            "extract": self.extract.as_dict(),
            "screen": None if self.screen is None else self.screen.as_dict(),
            "fusion": self.fusion.as_dict(),
            "exports": [str(p) for p in self.exports],
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
            "problems": self.problems,
            "shipments": self.shipments,
        }


def _inbox_files(folder: Path) -> list[str]:
    return [str(folder)] if folder.is_dir() and any(folder.iterdir()) else []


def run_workspace(workspace: Workspace, scheduler: str | None = None, say: Say | None = None) -> RunReport:
    """Run every stage over the workspace; see the module docstring."""
    tell = say or (lambda _message: None)
    settings = workspace.settings
    seconds: dict[str, float] = {}

    def timed(stage: str, job: Callable[[], Any]) -> Any:
        tell(f"{stage} ...")
        started = time.perf_counter()
        result = job()
        seconds[stage] = time.perf_counter() - started
        return result

    scene_inbox = _inbox_files(settings.path(settings.scene_inbox))
    report_inbox = _inbox_files(settings.path(settings.report_inbox))
    scenes = timed("ingest scenes", lambda: add_scenes(workspace, scene_inbox) if scene_inbox else SceneIngest())
    reports = timed("ingest reports",
                    lambda: add_reports(workspace, report_inbox) if report_inbox else ReportIngest())
    measured = timed("measure", lambda: measure_workspace(workspace, scheduler=scheduler))
    extracted = timed("extract", lambda: extract_reports(workspace))
    screened = timed("screen", lambda: screen_workspace(workspace) if list_infos(workspace) else None)
    fused = timed("fuse", lambda: fuse_workspace(workspace))
    exports = timed("export", lambda: export_workspace(workspace, settings.path(settings.export_dir)))
    return RunReport(scenes=scenes, reports=reports, measure=measured, extract=extracted, screen=screened,
                     fusion=fused, exports=exports, seconds=seconds, shipments=shipment_rows(workspace))
