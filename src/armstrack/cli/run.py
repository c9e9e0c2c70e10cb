"""`armstrack run` (the main job) and `armstrack demo` (the main job on a simulated world)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from armstrack.cli.app import app, console, emit_json, workspace_of
from armstrack.pipeline.demo import DemoConfig, DemoReport, run_demo
from armstrack.pipeline.run import RunReport, run_workspace
from armstrack.web.server import serve_workspace


def shipments_table(shipments: list[dict[str, Any]], title: str = "shipments") -> Table:
    table = Table(title=title)
    for column in ("route", "window (UTC)", "confidence", "volume, 90 % interval", "evidence"):
        table.add_column(column)
    for s in shipments:
        window = f"{s['window']['start'][:10]} → {s['window']['end'][5:10]}"
        table.add_row(s["route"].split(":")[0].replace("->", " → "), window, f"{s['confidence']:.2f} {s['likelihood']}",
                      volume_text(s.get("volume") or {}), str(len(s.get("evidence", []))))
    return table


UNITS = {"rail_cars": "cars", "containers_teu": "TEU", "containers": "containers", "shells": "shells"}


def compact(x: float) -> str:
    """1234 -> 1.2k, 3456789 -> 3.5M: short numbers for narrow tables."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:.1f}{suffix}"
    return f"{x:.0f}"


def volume_text(volume: dict[str, Any]) -> str:
    parts = []
    for name, value in volume.items():
        if name in UNITS and isinstance(value, dict) and {"low", "high"} <= set(value):
            middle = float(value.get("median") or value.get("value") or value["low"])
            parts.append(f"{compact(middle)} {UNITS[name]} [{compact(value['low'])}–{compact(value['high'])}]")
    return "\n".join(parts) or "-"


def print_run(report: RunReport) -> None:
    info = report.as_dict()
    console.print(f"scenes: {info['scenes']['added']} new, {info['scenes']['present']} known; "
                  f"reports: {info['reports']['added']} new, {info['reports']['unchanged']} known; "
                  f"measured {report.measure.measured} (scene, site) pairs; "
                  f"{report.extract.claims} claims from {report.extract.reports} reports; "
                  f"{report.fusion.anomalies} anomalies, {report.fusion.shipments} shipments")
    console.print(shipments_table(report.shipments))
    for problem in report.problems:
        console.print(f"[yellow]problem:[/] {problem}")
    console.print(f"exports in {report.exports[0].parent if report.exports else '-'}")


@app.command()
def run(ctx: typer.Context,
        scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:port)."),
        json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The main job: ingest what is new in the inboxes, measure, extract, screen, fuse, export.

    Example: armstrack run --json
    """
    workspace = workspace_of(ctx)
    report = run_workspace(workspace, scheduler=scheduler, say=None if json_out else console.log)
    if json_out:
        emit_json(report.as_dict())
    else:
        print_run(report)


def print_comparison(report: DemoReport) -> None:
    info = report.comparison.as_dict()
    table = Table(title="found shipments against the simulator's truth (routes with both ends imaged)")
    for column in ("true", "found", "matched", "precision", "recall", "median timing error (h)",
                   "volume interval covers truth"):
        table.add_column(column)

    def fmt(value: Any) -> str:
        return "-" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)

    table.add_row(*(fmt(info[k]) for k in ("true", "found", "matched", "precision", "recall",
                                            "median_timing_error_h", "volume_interval_covers_truth")))
    console.print(table)
    console.print("timings (s): " + ", ".join(f"{k} {v:.0f}" for k, v in report.seconds.items()))


@app.command()
def demo(ctx: typer.Context,
         folder: Path = typer.Argument(Path("demo-workspace"), help="Workspace folder for the demo."),
         days: int = typer.Option(30, "--days", help="Days of simulated imagery."),
         revisit: float = typer.Option(3.0, "--revisit", help="Days between passes over each site."),
         seed: int = typer.Option(7, "--seed", help="Seed of the simulated world."),
         serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Serve the dashboard afterwards."),
         json_out: bool = typer.Option(False, "--json", help="Print JSON (implies --no-serve).")) -> None:
    """The main job on a simulated world: simulate imagery and reports, ingest, run, compare with truth.

    Example: armstrack demo demo-workspace --days 30 --no-serve
    """
    config = DemoConfig(days=days, revisit_days=revisit, seed=seed)
    report = run_demo(folder, config, say=None if json_out else console.log)
    if json_out:
        emit_json(report.as_dict())
        return
    print_run(report.run)
    print_comparison(report)
    if serve_after:
        serve_workspace(report.workspace, say=console.print)
