"""`armstrack run` (the main job) and `armstrack demo` (the main job on a simulated world)."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from armstrack.cli.app import app, console, emit_json, workspace_of
from armstrack.pipeline.run import RunReport, run_workspace


def shipments_table(shipments: list[dict[str, Any]], title: str = "shipments") -> Table:
    table = Table(title=title)
    for column in ("route", "mode", "window (UTC)", "confidence", "volume (90 % interval)", "evidence"):
        table.add_column(column)
    for s in shipments:
        window = f"{s['window']['start'][:16]} → {s['window']['end'][:16]}"
        table.add_row(s["route"], s["mode"], window, f"{s['confidence']:.2f} ({s['likelihood']})",
                      volume_text(s.get("volume") or {}), str(len(s.get("evidence", []))))
    return table


def volume_text(volume: dict[str, Any]) -> str:
    parts = []
    for name, value in volume.items():
        if isinstance(value, dict) and {"low", "high"} <= set(value):
            middle = value.get("median", value.get("value"))
            parts.append(f"{name} {middle:,.0f} [{value['low']:,.0f}–{value['high']:,.0f}]")
    return "; ".join(parts) or "-"


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
