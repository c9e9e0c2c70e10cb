"""`armstrack simulate`: a simulated imagery archive of the corridor's sites with its truth."""

from __future__ import annotations

from pathlib import Path

import typer

from armstrack.cli.app import app, console, emit_json, fail, parse_day
from armstrack.corridor.geojson import load_corridor, load_default
from armstrack.imagery.simulate import SimulationConfig, simulate_archive


def _floats(text: str, option: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        fail(f"{option}: expected comma-separated numbers such as 0.5,3,10, got {text!r}")
        raise


@app.command()
def simulate(
    out: Path = typer.Option(..., "--out", help="Folder to write scenes/, stac/, corridor.geojson, truth.json."),
    days: int = typer.Option(30, "--days", help="Length of the simulated period in days."),
    revisit: float = typer.Option(3.0, "--revisit", help="Days between acquisitions of each site."),
    gsd: str = typer.Option("0.5,3,10", "--gsd", help="Ground sample distances in metres, comma-separated."),
    seed: int = typer.Option(7, "--seed", help="Random seed: the same seed gives the same archive."),
    corridor: Path | None = typer.Option(None, "--corridor", help="Corridor GeoJSON (default: built-in)."),
    start: str = typer.Option("2023-08-01", "--start", help="First day, YYYY-MM-DD."),
    sites: str | None = typer.Option(None, "--sites", help="Site ids to simulate, comma-separated (default: all "
                                                             "rail yards, crossings, depots and ports)."),
    cloud_rate: float = typer.Option(0.3, "--cloud-rate", help="Chance that an acquisition has clouds."),
    quicklooks: bool = typer.Option(False, "--quicklooks", help="Also write PNG quick-looks in quicklooks/."),
    workers: int = typer.Option(2, "--workers", help="Sites rendered in parallel processes (same output)."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Simulate realistic scenes of the corridor's sites with known truth (scenes, STAC, truth.json).

    Example: armstrack simulate --out sim --days 30 --revisit 3 --gsd 0.5,3 --sites tumangang,rajin
    """
    config = SimulationConfig(
        start=parse_day(start, "--start") or SimulationConfig.start, days=days, revisit_days=revisit,
        gsds=_floats(gsd, "--gsd"), seed=seed, cloud_rate=cloud_rate, quicklooks=quicklooks, workers=workers,
        sites=tuple(s.strip() for s in sites.split(",") if s.strip()) if sites else None)
    world = load_corridor(corridor) if corridor else load_default()
    with console.status(f"simulating {days} days into {out}"):
        result = simulate_archive(world, out, config)
    summary = result.summary()
    if json_out:
        emit_json(summary)
        return
    console.print(f"wrote {summary['scenes']} scenes, {summary['shipments']} shipment legs, truth in "
                  f"{summary['truth']}")
    for name, speed in summary["speed"].items():
        console.print(f"  {name} m: {speed['scenes']} scenes, {speed['scenes_per_s']} scenes/s, "
                      f"{speed['mpx_per_s']} Mpx/s")
