"""`armstrack corridor show|validate|export`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from armstrack.cli.app import app, console, emit_json, settings_of
from armstrack.corridor.geo import length_m
from armstrack.corridor.geojson import corridor_to_geojson, default_corridor_path, load_corridor
from armstrack.model import Corridor, FeatureRole

corridor_app = typer.Typer(help="Show, validate and export the corridor (sites, features, routes).",
                           no_args_is_help=True)
app.add_typer(corridor_app, name="corridor")

FILE_HELP = "Corridor GeoJSON (default: the workspace's, or outside one the built-in NK->Russia corridor)."


def corridor_file(ctx: typer.Context, path: Path | None) -> Path:
    if path is not None:
        return path
    settings = settings_of(ctx)
    return settings.corridor_path if settings.workspace else default_corridor_path()


def summary(corridor: Corridor) -> dict[str, object]:
    return {
        "name": corridor.name,
        "sites": [{"id": s.id, "name": s.name, "kind": s.kind.value, "country": s.country,
                   "precision": s.properties.get("precision"),
                   "tracks": len(s.features_of(FeatureRole.TRACK)),
                   "berths": len(s.features_of(FeatureRole.BERTH)),
                   "yards": len(s.features_of(FeatureRole.YARD))} for s in corridor.sites.values()],
        "routes": [{"id": r.id, "from": r.from_site, "to": r.to_site, "mode": r.mode.value,
                    "min_hours": r.min_hours, "max_hours": r.max_hours,
                    "length_km": None if r.geometry is None else round(length_m(r.geometry) / 1000, 1)}
                   for r in corridor.routes],
    }


@corridor_app.command("show")
def show(ctx: typer.Context, path: Path | None = typer.Argument(None, help=FILE_HELP),
         json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Summarise the corridor: sites with their features, routes with transit bounds.

    Example: armstrack corridor show --json
    """
    info = summary(load_corridor(corridor_file(ctx, path)))
    if json_out:
        emit_json(info)
        return
    sites = Table(title=f"corridor {info['name']}: sites")
    for column in ("id", "name", "kind", "country", "precision", "tracks", "berths", "yards"):
        sites.add_column(column)
    for site in info["sites"]:  # type: ignore[attr-defined]
        sites.add_row(*(str(site[c]) for c in ("id", "name", "kind", "country", "precision", "tracks",
                                                "berths", "yards")))
    routes = Table(title="routes")
    for column in ("from", "to", "mode", "transit (h)", "length (km)"):
        routes.add_column(column)
    for route in info["routes"]:  # type: ignore[attr-defined]
        routes.add_row(route["from"], route["to"], route["mode"],
                       f"{route['min_hours']:g}-{route['max_hours']:g}", str(route["length_km"] or "-"))
    console.print(sites)
    console.print(routes)


@corridor_app.command("validate")
def validate(ctx: typer.Context, path: Path | None = typer.Argument(None, help=FILE_HELP)) -> None:
    """Check a corridor file; every problem names its feature. Exit code 2 if any.

    Example: armstrack corridor validate my_corridor.geojson
    """
    target = corridor_file(ctx, path)
    corridor = load_corridor(target)
    console.print(f"{target}: valid ({len(corridor.sites)} sites, {len(corridor.routes)} routes)")


@corridor_app.command("export")
def export(ctx: typer.Context, path: Path | None = typer.Argument(None, help=FILE_HELP)) -> None:
    """Print the corridor as GeoJSON on stdout.

    Example: armstrack corridor export > corridor.geojson
    """
    emit_json(corridor_to_geojson(load_corridor(corridor_file(ctx, path))))
