"""`armstrack init` and `armstrack status`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from armstrack.cli.app import app, console, emit_json, workspace_of
from armstrack.pipeline.workspace import init_workspace


@app.command()
def init(folder: Path = typer.Argument(Path("."), help="Folder to make the workspace in."),
         corridor: Path | None = typer.Option(None, "--corridor", help="Corridor GeoJSON instead of "
                                                                          "the default NK->Russia one."),
         json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Make a workspace: config file, database, caches and corridor.

    Example: armstrack init tumen-watch --corridor my_corridor.geojson
    """
    workspace, created = init_workspace(folder, corridor)
    counts = workspace.store.counts()
    if json_out:
        emit_json({"workspace": str(workspace.root), "created": created, **counts})
        return
    verb = "created" if created else "refreshed"
    console.print(f"{verb} workspace [bold]{workspace.root}[/] with {counts['sites']} sites and "
                  f"{counts['routes']} routes")


@app.command()
def status(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """What the workspace holds: one count per vocabulary item.

    Example: armstrack status --json
    """
    workspace = workspace_of(ctx)
    counts = workspace.store.counts()
    if json_out:
        emit_json(counts)
        return
    table = Table(title=f"workspace {workspace.root}")
    table.add_column("item")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name.replace("_", " "), str(count))
    console.print(table)
