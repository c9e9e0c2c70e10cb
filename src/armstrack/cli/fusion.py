"""`armstrack fuse|anomalies|shipments|totals|estimate|export|sources|measurements add`: the fusion's verbs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.table import Table

from armstrack.cli.app import app, console, emit_json, workspace_of
from armstrack.fusion.volume import estimate_volume, load_assumptions
from armstrack.model import ArmstrackError
from armstrack.pipeline.export import export_workspace
from armstrack.pipeline.fusion import (
    add_manual_measurement,
    anomaly_rows,
    fuse_workspace,
    grade_source,
    shipment_rows,
    source_rows,
    workspace_totals,
)

measurements_app = typer.Typer(help="Measurements entered by hand (counts published elsewhere).",
                               no_args_is_help=True)
app.add_typer(measurements_app, name="measurements")
sources_app = typer.Typer(help="Sources and their Admiralty grades; `sources grade` sets one.",
                          invoke_without_command=True)
app.add_typer(sources_app, name="sources")

JSON_HELP = "Print JSON (one object per line)."


def _date(text: str, option: str = "--date") -> datetime:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ArmstrackError(f"{option}: expected an ISO date or time (2023-10-05 or 2023-10-05T02:15Z), "
                             f"got {text!r}") from None
    return parsed if parsed.tzinfo is None else parsed.astimezone(UTC).replace(tzinfo=None)


@measurements_app.command("add")
def measurements_add(ctx: typer.Context,
                     site: str = typer.Option(..., "--site", help="Site id from the corridor."),
                     date: str = typer.Option(..., "--date", help="UTC date or time of the observation."),
                     quantity: str = typer.Option(..., "--quantity", help="rail_cars, containers_teu or vessels."),
                     value: float = typer.Option(..., "--value", help="The count."),
                     low: float | None = typer.Option(None, "--low", help="Low end of its interval."),
                     high: float | None = typer.Option(None, "--high", help="High end of its interval."),
                     source: str | None = typer.Option(None, "--source", help="Who published the count."),
                     json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Add a count read elsewhere (a published figure) as a measurement; adding it again is a no-op.

    Example: armstrack measurements add --site tumangang --date 2023-10-05 --quantity rail_cars --value 73
    --source "CSIS Beyond Parallel"
    """
    m, created = add_manual_measurement(workspace_of(ctx), site, _date(date), quantity, value, low, high, source)
    assert m.value is not None
    if json_out:
        emit_json({"id": m.id, "created": created, "site": site, "quantity": m.quantity.value,
                   "date": m.acquired.isoformat(), "value": m.value.as_dict(), "source": source})
        return
    console.print(f"{'added' if created else 'already present'}: {m.quantity.value} {m.value.value:g} at {site} "
                  f"on {m.acquired:%Y-%m-%d} ({m.id})")


@app.command("fuse")
def fuse(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Fuse measurements and claims into anomalies, graded sources and shipment hypotheses.

    Example: armstrack fuse
    """
    report = fuse_workspace(workspace_of(ctx), progress=None if json_out else console.print)
    if json_out:
        emit_json(report.as_dict())
        return
    table = Table(title=f"{report.shipments} shipments, {report.anomalies} anomalies, {report.sources} sources")
    for column in ("route", "window (UTC)", "confidence", "likelihood", "volume (90%)"):
        table.add_column(column)
    for s in report.result.shipments:
        volume = ", ".join(f"{k} {v.value:,.0f} [{v.low:,.0f}-{v.high:,.0f}]" for k, v in s.volume.items())
        table.add_row(s.route_id, f"{s.window_start:%Y-%m-%d %H:%M} - {s.window_end:%Y-%m-%d %H:%M}",
                      f"{s.confidence:.2f}", s.likelihood.value, volume or "-")
    console.print(table)


@app.command("anomalies")
def anomalies(ctx: typer.Context, site: str | None = typer.Option(None, "--site", help="Only this site id."),
              json_out: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Measurements that depart from their site's baseline (fuses the workspace first).

    Example: armstrack anomalies --site tumangang --json
    """
    rows = anomaly_rows(workspace_of(ctx), site)
    if json_out:
        for row in rows:
            emit_json({k: row[k] for k in ("site", "quantity", "date", "value", "baseline", "score",
                                           "unprecedented", "id")})
        return
    table = Table(title=f"{len(rows)} anomalies")
    for column in ("site", "quantity", "date", "value", "baseline median", "baseline high", "score", "record"):
        table.add_column(column)
    for r in rows:
        table.add_row(r["site"], r["quantity"], r["date"], f"{r['value']:g}", f"{r['baseline']['median']:g}",
                      f"{r['baseline']['high']:g}", f"{r['score']:+.1f}", "unprecedented" if r["unprecedented"] else "")
    console.print(table)


@app.command("shipments")
def shipments(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Shipment hypotheses with window, confidence, likelihood, volume intervals and evidence.

    Example: armstrack shipments --json
    """
    rows = shipment_rows(workspace_of(ctx))
    if json_out:
        for row in rows:
            emit_json(row)
        return
    table = Table(title=f"{len(rows)} shipments")
    for column in ("id", "route", "window", "confidence", "likelihood", "status", "evidence"):
        table.add_column(column)
    for r in rows:
        table.add_row(r["id"][:10], r["route"], f"{r['window']['start'][:16]} - {r['window']['end'][:16]}",
                      f"{r['confidence']:.2f}", r["likelihood"], r["status"], str(len(r["evidence"])))
    console.print(table)


@app.command("estimate")
def estimate(containers: float | None = typer.Option(None, "--containers", help="Number of containers."),
             rail_cars: float | None = typer.Option(None, "--rail-cars", help="Number of rail cars."),
             teu: float | None = typer.Option(None, "--teu", help="Number of TEU."),
             calibre: str | None = typer.Option(None, "--calibre", help="152mm (default) or 122mm."),
             assumptions: Path | None = typer.Option(None, "--assumptions", help="Assumptions JSON to use "
                                                     "instead of the built-in one."),
             json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Shells and tonnes for a number of containers, rail cars or TEU, with 90% intervals.

    Example: armstrack estimate --containers 5000 --calibre 152mm --json
    """
    result = estimate_volume(containers=containers, rail_cars=rail_cars, teu=teu, calibre=calibre,
                             assumptions=load_assumptions(assumptions))
    out = {name: {"median": round(i.value), "low": round(i.low), "high": round(i.high)}
           for name, i in result.intervals().items() if name in ("shells", "tonnes", "containers")}
    out["assumptions"] = result.assumptions
    if json_out:
        emit_json(out)
        return
    for name in ("containers", "shells", "tonnes"):
        console.print(f"{name}: {out[name]['median']:,} (90% interval {out[name]['low']:,} - {out[name]['high']:,})")


@app.command("totals")
def totals(ctx: typer.Context, start: str | None = typer.Option(None, "--from", help="Period start (UTC date)."),
           end: str | None = typer.Option(None, "--to", help="Period end (UTC date)."),
           min_confidence: float = typer.Option(0.5, "--min-confidence", help="Count shipments at least this "
                                                "likely."),
           calibre: str | None = typer.Option(None, "--calibre", help="152mm (default) or 122mm."),
           json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Shells, tonnes and containers summed over the shipments of a period, with 90% intervals
    (the Monte Carlo draws are summed, not the intervals; rejected shipments are left out).

    Example: armstrack totals --from 2023-08-01 --to 2023-12-31 --json
    """
    result = workspace_totals(workspace_of(ctx), None if start is None else _date(start, "--from"),
                              None if end is None else _date(end, "--to"), min_confidence, calibre)
    if json_out:
        emit_json(result.as_dict())
        return
    console.print(f"{len(result.shipments)} shipments with confidence >= {min_confidence:g}")
    for name, i in result.volume.items():
        console.print(f"{name}: {i.value:,.0f} (90% interval {i.low:,.0f} - {i.high:,.0f})")


@app.command("export")
def export(ctx: typer.Context, out: Path | None = typer.Option(None, "--out", help="Folder (default: "
                                                                "the workspace's `export` folder)."),
           json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Write GeoJSON, CSV and a self-contained HTML report of the workspace.

    Example: armstrack export --out tumen-report
    """
    workspace = workspace_of(ctx)
    paths = export_workspace(workspace, out or workspace.root / "export")
    if json_out:
        emit_json({"files": [str(p) for p in paths]})
        return
    for path in paths:
        console.print(str(path))


@sources_app.callback()
def sources(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """List sources with their Admiralty reliability grade and why.

    Example: armstrack sources --json
    """
    if ctx.invoked_subcommand is not None:
        return
    rows = source_rows(workspace_of(ctx))
    if json_out:
        for row in rows:
            emit_json(row)
        return
    table = Table(title=f"{len(rows)} sources")
    for column in ("name", "kind", "grade", "reason", "edited"):
        table.add_column(column)
    for r in rows:
        table.add_row(r["name"], r["kind"], r["reliability"], r["reason"], "yes" if r["edited"] else "")
    console.print(table)


@sources_app.command("grade")
def grade(ctx: typer.Context, name: str = typer.Argument(..., help="Source name."),
          reliability: str = typer.Argument(..., help="Admiralty grade A-F."),
          reason: str = typer.Option("", "--reason", help="Why (shown next to the grade)."),
          json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Set a source's reliability grade; the analyst's grade is kept on every later fusion.

    Example: armstrack sources grade "KCNA" E --reason "state media of the supplier"
    """
    row = grade_source(workspace_of(ctx), name, reliability, reason)
    if json_out:
        emit_json(row)
        return
    console.print(f"{row['name']}: {row['reliability']} ({row['reason']})")
