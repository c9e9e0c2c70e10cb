"""Exports: GeoJSON (sites, shipments along routes), CSV tables and one self-contained HTML report.

The HTML report needs no network: charts are matplotlib PNGs embedded as data URIs and every piece
of text from the store is escaped.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from matplotlib import colormaps
from matplotlib.dates import date2num
from matplotlib.figure import Figure  # the object API renders without a display or pyplot state
from shapely.geometry import LineString, mapping
from sqlalchemy import select

from armstrack.fusion.anomalies import baselines_along
from armstrack.fusion.baseline import Point, series_of
from armstrack.model import ArmstrackError, Corridor, Quantity
from armstrack.pipeline.fusion import measurement_of, shipment_rows
from armstrack.pipeline.workspace import Workspace
from armstrack.store.schema import AnomalyRow, ClaimRow, MeasurementRow


def export_workspace(workspace: Workspace, out_dir: Path) -> list[Path]:
    """Write sites.geojson, shipments.geojson, measurements.csv, claims.csv, shipments.csv and
    report.html into `out_dir`; returns the paths written."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArmstrackError(f"{out_dir}: cannot make the export folder ({exc.strerror})") from None
    corridor = workspace.corridor()
    shipments = shipment_rows(workspace)
    with workspace.store.session() as session:
        measurements = list(session.scalars(select(MeasurementRow).order_by(MeasurementRow.acquired)))
        claims = list(session.scalars(select(ClaimRow)))
        anomalies = list(session.scalars(select(AnomalyRow)))
    paths = [
        _write_json(out_dir / "sites.geojson", sites_geojson(corridor)),
        _write_json(out_dir / "shipments.geojson", shipments_geojson(corridor, shipments)),
        _write_csv(out_dir / "measurements.csv", _measurement_records(measurements)),
        _write_csv(out_dir / "claims.csv", _claim_records(claims)),
        _write_csv(out_dir / "shipments.csv", _shipment_records(shipments)),
    ]
    report = out_dir / "report.html"
    report.write_text(render_report(corridor, measurements, anomalies, shipments), encoding="utf-8")
    return [*paths, report]


def _write_json(path: Path, obj: Any) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path


def _write_csv(path: Path, records: Sequence[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        if records:
            writer = csv.DictWriter(fh, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
    return path


def sites_geojson(corridor: Corridor) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": mapping(s.geometry),
         "properties": {"id": s.id, "name": s.name, "kind": s.kind.value, "country": s.country}}
        for s in corridor.sites.values()]}


def shipments_geojson(corridor: Corridor, shipments: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Each shipment drawn along its route (or a straight line between the sites' centres)."""
    routes = {r.id: r for r in corridor.routes}
    features = []
    for s in shipments:
        route = routes.get(s["route"])
        if route is None:
            continue
        line = route.geometry or LineString([corridor.site(route.from_site).geometry.centroid,
                                             corridor.site(route.to_site).geometry.centroid])
        features.append({"type": "Feature", "geometry": mapping(line), "properties": {
            "id": s["id"], "route": s["route"], "mode": s["mode"], "window_start": s["window"]["start"],
            "window_end": s["window"]["end"], "confidence": s["confidence"], "likelihood": s["likelihood"],
            "status": s["status"], "volume": s["volume"]}})
    return {"type": "FeatureCollection", "features": features}


def _measurement_records(rows: Sequence[MeasurementRow]) -> list[dict[str, Any]]:
    return [{"id": r.id, "site": r.site_id, "quantity": r.quantity, "acquired": r.acquired.isoformat(),
             "value": r.value, "low": r.low, "high": r.high, "method": r.method, "scene_id": r.scene_id,
             "cloud_fraction": r.cloud_fraction, "source": r.source} for r in rows]


def _claim_records(rows: Sequence[ClaimRow]) -> list[dict[str, Any]]:
    return [{"id": r.id, "report_id": r.report_id, "supplier": r.supplier, "recipient": r.recipient,
             "mode": r.mode, "places": "; ".join(r.places or []), "period_start": r.period_start,
             "period_end": r.period_end, "status": r.status, "attribution": " < ".join(r.attribution or []),
             "hedge": r.hedge, "quote": r.quote} for r in rows]


def _shipment_records(shipments: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    records = []
    for s in shipments:
        record = {"id": s["id"], "route": s["route"], "mode": s["mode"], "window_start": s["window"]["start"],
                  "window_end": s["window"]["end"], "confidence": s["confidence"], "likelihood": s["likelihood"],
                  "status": s["status"]}
        for name in ("rail_cars", "containers_teu", "shells", "tonnes"):
            v = s["volume"].get(name) or {}
            record.update({f"{name}": v.get("value"), f"{name}_low": v.get("low"), f"{name}_high": v.get("high")})
        record["evidence"] = len(s["evidence"])
        records.append(record)
    return records


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def series_chart(site: str, quantity: Quantity, points: list[Point], anomalies: Sequence[AnomalyRow]) -> str:
    """A site's series with its baseline band (median to high) and anomalies, as a PNG data URI."""
    fig = Figure(figsize=(8, 2.6))
    ax = fig.subplots()
    times = [date2num(p.at) for p in points]
    values = [p.value.value for p in points]
    errors = [[p.value.value - p.value.low for p in points], [p.value.high - p.value.value for p in points]]
    baselines = baselines_along(points)
    known = [(p.at, b) for p, b in zip(points, baselines, strict=True) if b is not None]
    if known:
        ax.fill_between([date2num(t) for t, _ in known], [b.median for _, b in known], [b.high for _, b in known],
                        step="post", alpha=0.25, color="tab:blue", label="baseline (median to high)")
    ax.errorbar(times, values, yerr=errors, fmt="o-", ms=3, lw=0.8, color="black", label="observed (90%)")
    for a in anomalies:
        marker, size = ("*", 12) if a.unprecedented else ("o", 7)
        ax.plot(date2num(a.acquired), a.value, marker, color="tab:red", ms=size)
    ax.xaxis_date()
    ax.set_title(f"{site}: {quantity.value}")
    ax.legend(loc="upper left", fontsize=7)
    fig.autofmt_xdate()
    return _png(fig)


def timeline_chart(shipments: Sequence[dict[str, Any]]) -> str | None:
    """Each shipment's window as a bar on its route's row, coloured by confidence."""
    if not shipments:
        return None
    routes = sorted({s["route"] for s in shipments})
    fig = Figure(figsize=(8, 0.6 + 0.5 * len(routes)))
    ax = fig.subplots()
    colours = colormaps["RdYlGn"]
    for s in shipments:
        start, end = datetime.fromisoformat(s["window"]["start"]), datetime.fromisoformat(s["window"]["end"])
        ax.barh(routes.index(s["route"]), date2num(end) - date2num(start), left=date2num(start), height=0.4,
                color=colours(s["confidence"]), edgecolor="black", lw=0.5)
    ax.set_yticks(range(len(routes)), routes, fontsize=7)
    ax.xaxis_date()
    ax.set_title("shipment windows (colour: confidence, red low to green high)")
    fig.autofmt_xdate()
    return _png(fig)


def render_report(corridor: Corridor, measurements: Sequence[MeasurementRow], anomalies: Sequence[AnomalyRow],
                  shipments: Sequence[dict[str, Any]]) -> str:
    """The HTML report: charts per site and quantity, the timeline and the shipments table."""
    e = html.escape
    series = series_of(measurement_of(r) for r in measurements)
    ids = {measurement_of(r).id: r.id for r in measurements}
    parts = [f"<!doctype html><meta charset='utf-8'><title>armstrack report: {e(corridor.name)}</title>",
             "<style>body{font-family:sans-serif;max-width:70em;margin:auto}td,th{border:1px solid #ccc;"
             "padding:3px;vertical-align:top;font-size:85%}table{border-collapse:collapse}</style>",
             f"<h1>armstrack report: {e(corridor.name)}</h1>"]
    timeline = timeline_chart(shipments)
    if timeline:
        parts.append(f"<h2>Shipments timeline</h2><img alt='timeline' src='{timeline}'>")
    parts.append("<h2>Shipments</h2><table><tr><th>route</th><th>window (UTC)</th><th>confidence</th>"
                 "<th>volume (90% interval)</th><th>reasoning</th></tr>")
    for s in shipments:
        volume = "<br>".join(f"{e(k)}: {v['value']:,.0f} [{v['low']:,.0f} - {v['high']:,.0f}]"
                             for k, v in s["volume"].items())
        parts.append(f"<tr><td>{e(s['route'])}<br><small>{e(s['id'])} ({e(s['status'])})</small></td>"
                     f"<td>{e(s['window']['start'])}<br>{e(s['window']['end'])}</td>"
                     f"<td>{s['confidence']:.2f}<br>{e(s['likelihood'])}</td><td>{volume or '-'}</td>"
                     f"<td>{'<br>'.join(e(line) for line in s['reasoning'])}</td></tr>")
    parts.append("</table><h2>Sites</h2>")
    for (site, quantity), points in sorted(series.items()):
        mine = [a for a in anomalies if a.site_id == site and a.quantity == quantity.value]
        chart = series_chart(site, quantity, points, mine)
        parts.append(f"<h3>{e(site)}: {e(quantity.value)}</h3><img alt='{e(site)}' src='{chart}'>")
        if mine:
            parts.append("<ul>" + "".join(
                f"<li>{a.acquired:%Y-%m-%d}: {a.value:g} (baseline {a.baseline_median:g}, high "
                f"{a.baseline_high:g}, score {a.score:+.1f}{', unprecedented' if a.unprecedented else ''}; "
                f"measurement {e(str(a.measurement_id or ''))})</li>" for a in mine) + "</ul>")
    parts.append(f"<p><small>{len(ids)} measurements; every number with its 90% interval.</small></p>")
    return "\n".join(parts)
