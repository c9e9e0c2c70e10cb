"""`armstrack measure`: count rail cars, containers and vessels in scenes (files or the workspace)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from armstrack.cli.app import app, console, emit_json, progress_bar, settings_of, workspace_of
from armstrack.corridor.geojson import default_corridor_path, load_corridor
from armstrack.model import ArmstrackError
from armstrack.pipeline.measure import MeasureResult, measure_files, measure_workspace, measurement_chip


def _corridor_file(ctx: typer.Context, corridor: Path | None) -> Path:
    if corridor is not None:
        return corridor
    settings = settings_of(ctx)
    return settings.corridor_path if settings.workspace else default_corridor_path()


def _cell(result: MeasureResult, quantity: str) -> str:
    if quantity not in result.values:
        return "-"
    interval = result.values[quantity]
    return "not observed" if interval is None else f"{interval.value:g} [{interval.low:g}-{interval.high:g}]"


def _print_results(results: list[MeasureResult]) -> None:
    table = Table(title="measurements (value [90% interval])")
    for column in ("scene", "site", "acquired", "gsd m", "rail cars", "TEU", "vessels", "cloud", "coverage"):
        table.add_column(column)
    for r in results:
        table.add_row(r.scene, r.site, r.acquired, f"{r.gsd_m:g}", _cell(r, "rail_cars"),
                      _cell(r, "containers_teu"), _cell(r, "vessels"), f"{r.cloud_fraction:.2f}",
                      f"{r.coverage:.2f}")
    console.print(table)


@app.command("measure")
def measure(ctx: typer.Context,
            scenes: list[Path] = typer.Argument(None, help="Scene GeoTIFFs or folders; none: every scene "
                                                           "ingested in the workspace."),
            corridor: Path | None = typer.Option(None, "--corridor", help="Corridor GeoJSON for scene files "
                                                 "(default: the workspace's, else the built-in one)."),
            site: str | None = typer.Option(None, "--site", help="Only this site id."),
            scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address "
                                                 "(tcp://host:port), 'local' for a loopback cluster, or "
                                                 "'synchronous'."),
            force: bool = typer.Option(False, "--force", help="Re-measure (scene, site) pairs already measured."),
            chip: str | None = typer.Option(None, "--chip", help="Render the evidence PNG of this measurement id."),
            out: Path | None = typer.Option(None, "--out", help="PNG file for --chip."),
            json_out: bool = typer.Option(False, "--json", help="Print JSON (one line per scene and site).")) -> None:
    """Count rail cars, containers (TEU) and vessels with 90% intervals, per scene and site.

    Example: armstrack measure scenes/tumangang/*.tif --corridor corridor.geojson --json
    """
    if chip is not None:
        _chip(ctx, chip, out)
        return
    if scenes:
        results = measure_files(scenes, load_corridor(_corridor_file(ctx, corridor)), site=site,
                                scheduler=scheduler)
        if json_out:
            for result in results:
                emit_json(result.as_json())
        else:
            _print_results(results)
        return
    workspace = workspace_of(ctx)
    with progress_bar("measuring", json_out) as bar:
        report = measure_workspace(workspace, scheduler=scheduler, force=force, site=site,
                                   progress=bar)
    if json_out:
        emit_json(report.as_dict())
        return
    console.print(f"measured {report.measured} of {report.tasks} (scene, site) pairs "
                  f"({report.skipped} already done, {report.not_observed} quantities not observed, "
                  f"{len(report.failed)} failed) in {report.seconds:.1f} s on {report.scheduler}")
    for scene_id, site_id, error in report.failed:
        console.print(f"  failed: scene {scene_id} site {site_id}: {error}")


def _chip(ctx: typer.Context, measurement_id: str, out: Path | None) -> None:
    if out is None:
        raise ArmstrackError("--chip needs --out FILE.png")
    png = measurement_chip(workspace_of(ctx), measurement_id)
    out.write_bytes(png)
    console.print(f"wrote {out} ({len(png)} bytes)")
