"""`armstrack scenes add|list`: ingest GeoTIFF/COG files, folders, URLs and STAC sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from armstrack.cli.app import BAD_INPUT, app, console, emit_json, parse_day, progress_bar, workspace_of
from armstrack.imagery.scene import parse_time
from armstrack.model import ArmstrackError
from armstrack.pipeline.scenes import IngestReport, add_scenes, add_stac, load_scenes

scenes_app = typer.Typer(help="Ingest and list scenes (GeoTIFF, COG, STAC).", no_args_is_help=True)
app.add_typer(scenes_app, name="scenes")




def _print_report(report: IngestReport, json_out: bool) -> None:
    if json_out:
        emit_json(report.as_dict())
    else:
        console.print(f"{len(report.added)} scene(s) added, {len(report.present)} already present, "
                      f"{len(report.failed)} failed")
    for _source, reason in report.failed:
        typer.echo(f"error: {reason}", err=True)
    if report.failed:
        raise typer.Exit(BAD_INPUT)


@scenes_app.command("add")
def add(ctx: typer.Context,
        paths: list[str] = typer.Argument(None, help="GeoTIFF/COG files, folders (walked for .tif/.tiff) "
                                                     "or http(s) URLs."),
        acquired: str | None = typer.Option(None, "--acquired", help="Acquisition time (ISO 8601, UTC) when the "
                                                                       "files do not carry TIFFTAG_DATETIME."),
        sensor: str | None = typer.Option(None, "--sensor", help="Sensor name, e.g. planetscope."),
        stac: str | None = typer.Option(None, "--stac", help="STAC Item/Catalog/Collection JSON or STAC API URL."),
        collection: str | None = typer.Option(None, "--collection", help="STAC collection, e.g. sentinel-2-l2a."),
        start: str | None = typer.Option(None, "--from", help="First acquisition date (YYYY-MM-DD)."),
        end: str | None = typer.Option(None, "--to", help="Last acquisition date (YYYY-MM-DD)."),
        max_cloud: float | None = typer.Option(None, "--max-cloud", help="Largest scene cloud cover, 0..1."),
        json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Ingest scenes; each file's error is one line, exit code 2 if any failed (the others are kept).

    Example: armstrack scenes add imagery/ --sensor planetscope && armstrack scenes add --stac catalog.json
    """
    if bool(stac) == bool(paths):
        raise ArmstrackError("give scene files/folders/URLs, or --stac SOURCE (not both)")
    workspace = workspace_of(ctx)
    if stac:
        with progress_bar("ingesting") as bar:
            report = add_stac(workspace, stac, collection, parse_day(start, "--from"), parse_day(end, "--to"),
                              max_cloud, progress=lambda item, done, total: bar(done, total, Path(item).name))
    else:
        when = parse_time(acquired, "--acquired") if acquired else None
        with progress_bar("ingesting") as bar:
            report = add_scenes(workspace, paths, acquired=when, sensor=sensor,
                                progress=lambda item, done, total: bar(done, total, Path(item).name))
    _print_report(report, json_out)


@scenes_app.command("list")
def list_scenes(ctx: typer.Context, site: str | None = typer.Option(None, "--site", help="Only scenes over this site."),
                json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the workspace's scenes in acquisition order.

    Example: armstrack scenes list --site tumangang --json
    """
    workspace = workspace_of(ctx)
    if site is not None:
        workspace.corridor().site(site)
    scenes = load_scenes(workspace, site)
    rows: list[dict[str, Any]] = [
        {"id": s.id, "acquired": s.acquired.isoformat().replace("+00:00", "Z"), "sensor": s.sensor,
         "gsd_m": s.gsd_m, "crs": s.crs, "sites": s.site_ids, "cloud_fraction": s.cloud_fraction,
         "cloud_source": s.properties.get("cloud_source"), "bands": sorted(s.bands), "path": s.path}
        for s in scenes]
    if json_out:
        emit_json(rows)
        return
    table = Table(title=f"{len(rows)} scene(s)")
    for column in ("id", "acquired", "sensor", "gsd (m)", "sites", "cloud", "path"):
        table.add_column(column, no_wrap=column in ("id", "acquired"), overflow="fold")
    for r in rows:
        cloud = ", ".join(f"{k} {v:.0%}" for k, v in r["cloud_fraction"].items()) or "-"
        table.add_row(str(r["id"])[:12], str(r["acquired"]), str(r["sensor"]), f"{r['gsd_m']:g}",
                      ", ".join(r["sites"]), cloud, str(r["path"]))
    console.print(table)
