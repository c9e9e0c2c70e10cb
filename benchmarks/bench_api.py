"""API latency under load: 50 concurrent clients against `armstrack serve` on loopback.

Builds a workspace with 100,000 claims and 10,000 measurements by bulk inserts, starts
`armstrack serve --workers N` in its own process, then loads each endpoint from 50 concurrent
connections for a bounded time with `wrk` (a C load generator: it leaves the CPUs to the server),
or with httpx.AsyncClient (`--load httpx`, a bounded number of requests) where wrk is not installed.
Each endpoint is loaded twice: the same URL again and again (answers from the response cache after
the first) and with a query parameter that changes on every request (`_n=`, ignored by the API: every
request misses the cache and runs its queries). Prints p50/p95 per endpoint and each p95 against that
of /api/health (the cheapest endpoint) measured in the same run. Target: p95 <= 100 ms.

Usage: python benchmarks/bench_api.py [--claims 100000] [--measurements 10000] [--workers 1]
       [--duration 10] [--load wrk|httpx] [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from armstrack.model import content_hash
from armstrack.pipeline.workspace import Workspace, init_workspace
from armstrack.store.schema import (
    AnomalyRow,
    Base,
    ClaimRow,
    EvidenceLinkRow,
    MeasurementRow,
    ReportRow,
    ShipmentRow,
    SourceRow,
)

CLIENTS = 50
SOLO_REQUESTS = 20
TARGET_P95_MS = 100.0
SITES = ["tumangang", "khasan", "rajin", "dunai", "vostochny-port", "tikhoretsk"]
QUANTITY = {"tumangang": "rail_cars", "khasan": "rail_cars", "tikhoretsk": "rail_cars", "rajin": "containers_teu",
            "dunai": "containers_teu", "vostochny-port": "vessels"}
ROUTES = ["tumangang->khasan:rail", "rajin->dunai:sea", "rajin->vostochny-port:sea", "khasan->tikhoretsk:rail"]
TEXT = ("A synthetic report sentence about rail cars at Tumangang and containers at Rajin, written for the "
        "benchmark. ") * 12


def bulk(workspace: Workspace, row_type: type[Base], rows: list[dict[str, Any]]) -> None:
    with workspace.store.transaction() as db:
        for start in range(0, len(rows), 5000):
            db.execute(insert(row_type), rows[start:start + 5000])


def fill(workspace: Workspace, claims: int, measurements: int, rng: random.Random) -> dict[str, str]:
    """Bulk rows shaped like the runners' (content-hash ids, intervals, spans)."""
    now = datetime(2024, 1, 1)
    reports: list[dict[str, Any]] = [{"id": content_hash("bench-report", i), "url": f"https://example.org/{i}",
                "publisher": f"outlet {i % 40}", "title": f"report {i}", "author": None,
                "published": date(2023, 1, 1) + timedelta(days=i % 700),
                "text": TEXT, "story_id": None, "raw_path": None, "properties": {}, "ingested_at": now,
                "extracted_at": now} for i in range(max(1, claims // 50))]
    bulk(workspace, ReportRow, reports)
    bulk(workspace, SourceRow, [{"id": content_hash(f"outlet {i}".casefold()), "name": f"outlet {i}",
                                 "kind": "publisher", "reliability": "ABCDEF"[i % 6], "reason": "benchmark",
                                 "edited": False}
                                for i in range(40)])
    bulk(workspace, ClaimRow, [_claim(i, reports[i % len(reports)]["id"], rng) for i in range(claims)])
    start = datetime(2023, 1, 1)
    rows: list[dict[str, Any]] = []
    for i in range(measurements):
        site = SITES[i % len(SITES)]
        value = None if rng.random() < 0.1 else float(rng.randint(5, 80))
        rows.append({"id": content_hash("bench-m", i), "site_id": site, "quantity": QUANTITY[site],
                     "acquired": start + timedelta(hours=6 * i), "value": value,
                     "low": None if value is None else value - 3, "high": None if value is None else value + 3,
                     "method": "bench", "scene_id": None, "window": None, "coverage": 1.0, "cloud_fraction": 0.1,
                     "flags": [], "parameters": {}, "source": "benchmark"})
    bulk(workspace, MeasurementRow, rows)
    bulk(workspace, AnomalyRow, [{"id": content_hash("bench-a", r["id"]), "site_id": r["site_id"],
                                  "quantity": r["quantity"], "acquired": r["acquired"], "value": r["value"],
                                  "baseline_median": 20.0, "baseline_high": 40.0, "score": 3.0,
                                  "unprecedented": False, "measurement_id": r["id"]}
                                 for r in rows if r["value"] is not None and r["value"] > 75])
    shipments: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for i in range(400):
        shipment_id = content_hash("bench-s", i)
        window_start = start + timedelta(days=2 * i)
        shipments.append({"id": shipment_id, "route_id": ROUTES[i % 4], "mode": ROUTES[i % 4][-4:].strip(":"),
                          "window_start": window_start, "window_end": window_start + timedelta(days=10),
                          "confidence": rng.random(), "likelihood": "likely", "reasoning": ["benchmark"],
                          "volume": {"rail_cars": {"value": 40, "low": 20, "high": 60}}, "status": "proposed",
                          "note": None})
        for j in range(6):
            claim = content_hash("bench-claim", i * 6 + j)
            kind, ref = ("claim", claim) if j % 2 else ("measurement", rows[i + j]["id"])
            links.append({"id": content_hash(shipment_id, j), "shipment_id": shipment_id, "kind": kind, "ref_id": ref,
                          "supports": j != 5, "weight": 0.5, "explanation": "benchmark link"})
    bulk(workspace, ShipmentRow, shipments)
    bulk(workspace, EvidenceLinkRow, links)
    return {"shipment": shipments[0]["id"], "claim": content_hash("bench-claim", 1)}


def _claim(i: int, report_id: str, rng: random.Random) -> dict[str, Any]:
    month = rng.randint(0, 23)
    period = f"{2023 + month // 12}-{month % 12 + 1:02d}"
    return {"id": content_hash("bench-claim", i), "report_id": report_id, "supplier": "North Korea",
            "recipient": "Russia", "materiel": ["shells"], "mode": ("rail", "sea", "unknown")[i % 3],
            "places": ["Rajin"], "period_start": period, "period_end": period, "quantity": None,
            "status": ("alleged", "confirmed", "denied", "planned")[i % 4], "attribution": [f"outlet {i % 40}"],
            "origin": f"outlet {i % 40}", "hedge": None, "probability": round(rng.random(), 2),
            "evidence_type": ["media"], "quote": TEXT[:60], "span_start": 0, "span_end": 60, "properties": {}}


# wrk's Lua hooks: per-thread ids, a changing `_n=` parameter when VARY is set, percentiles as JSON.
WRK_SCRIPT = """
local threads, n, id = {}, 0, 0
function setup(thread) id = id + 1; thread:set("id", id); table.insert(threads, thread) end
function init(args) vary = args[1] == "vary" end
function request()
  if not vary then return wrk.format(nil, wrk.path) end
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "_n=" .. id .. "-" .. n)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "p50": %f, "p95": %f, "p99": %f, "errors": %d}\\n', summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""
ENDPOINTS = {
    "health (reference)": "/api/health",
    "shipments": "/api/shipments?limit=100",
    "shipment + evidence": "/api/shipments/{shipment}",
    "claims page": "/api/claims?limit=100",
    "claims filtered": "/api/claims?mode=rail&status=alleged&from=2023-06-01&to=2023-09-30&limit=100",
    "claim quote": "/api/claims/{claim}/quote",
    "measurements by site": "/api/measurements?site=tumangang&limit=100",
    "site series": "/api/sites/tumangang/series?quantity=rail_cars",
    "reports": "/api/reports?limit=50",
    "sites": "/api/sites",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(workspace: Workspace, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from armstrack.cli import main; main()", "-w", str(workspace.root), "serve",
               "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                time.sleep(1 + workers)  # every worker up
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def with_n(path: str, n: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}_n={n}"


def wrk_load(base: str, path: str, vary: bool, duration: float, script: Path) -> dict[str, float]:
    """One wrk run: CLIENTS connections on one thread for `duration` seconds; latencies in ms."""
    command = ["wrk", "-t1", f"-c{CLIENTS}", f"-d{duration:g}s", "--timeout", "30s", "-s", str(script),
               base + path, "--", "vary" if vary else "same"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    if result["errors"]:
        raise SystemExit(f"{path}: {result['errors']:g} failed requests\n{output}")
    return result


async def httpx_load(base: str, path: str, vary: bool, requests: int) -> dict[str, float]:
    """`requests` GETs of `path` from CLIENTS concurrent httpx clients; latencies in ms."""
    latencies: list[float] = []
    queue = iter(range(requests))
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        async def worker() -> None:
            for n in queue:
                started = time.perf_counter()
                response = await client.get(with_n(path, f"h-{n}") if vary else path)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code} {response.text[:200]}")
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "errors": 0}


def alone(base: str, path: str) -> float:
    """Median service time of one client alone, every request a cache miss (ms)."""
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for n in range(SOLO_REQUESTS):
            started = time.perf_counter()
            client.get(with_n(path, f"solo-{n}")).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run_all(base: str, ids: dict[str, str], args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        for name, template in ENDPOINTS.items():
            path = template.format(**ids)
            results[name] = {"alone": alone(base, path)}
            for mode, vary in (("same", False), ("vary", True)):
                if args.load == "wrk":
                    results[name][mode] = wrk_load(base, path, vary, args.duration, Path(script.name))
                else:
                    results[name][mode] = asyncio.run(httpx_load(base, path, vary, args.requests))
    finally:
        os.unlink(script.name)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--measurements", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="armstrack serve --workers")
    parser.add_argument("--load", choices=["wrk", "httpx"], default="wrk" if shutil.which("wrk") else "httpx",
                        help="load generator (default: wrk when installed)")
    parser.add_argument("--duration", type=float, default=10, help="seconds per endpoint and mode (wrk)")
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint and mode (httpx)")
    args = parser.parse_args()
    if args.measurements < 406:
        parser.error("--measurements: at least 406 (400 shipments link 6 measurements each, overlapping)")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        workspace, _ = init_workspace(Path(tmp) / "ws")
        started = time.perf_counter()
        ids = fill(workspace, args.claims, args.measurements, rng)
        print(f"filled {args.claims} claims, {args.measurements} measurements in {time.perf_counter() - started:.1f} s")
        workspace.store.dispose()
        port = free_port()
        server = serve(workspace, port, args.workers)
        try:
            results = run_all(f"http://127.0.0.1:{port}", ids, args)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(results, args)


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    reference = {mode: results["health (reference)"][mode]["p95"] for mode in ("same", "vary")}
    load = (f"wrk, 1 thread, {CLIENTS} connections, {args.duration:g} s per endpoint and mode" if args.load == "wrk"
            else f"httpx.AsyncClient, {CLIENTS} clients, {args.requests} requests per endpoint and mode")
    print(f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.node()} · {platform.processor() or platform.machine()}"
          f" · {os.cpu_count()} CPUs · Python {platform.python_version()} · SQLite (WAL) · "
          f"{args.claims} claims, {args.measurements} measurements · armstrack serve --workers {args.workers} "
          f"({_event_loop()}) · load: {load} · load average {os.getloadavg()[0]:.1f}")
    print("\n| endpoint | alone p50 ms | same URL: p50 ms | p95 ms | p95 / health | requests | "
          "every request new: p50 ms | p95 ms | p95 / health | requests | p95 <= 100 ms (same / new) |"
          "\n|---|---|---|---|---|---|---|---|---|---|---|")
    for name, result in results.items():
        cells = [f"{result['alone']:.1f}"]
        for mode in ("same", "vary"):
            r = result[mode]
            cells += [f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['p95'] / reference[mode]:.1f}", f"{r['requests']:.0f}"]
        verdict = " / ".join("yes" if result[mode]["p95"] <= TARGET_P95_MS else "no" for mode in ("same", "vary"))
        print(f"| {name} | {' | '.join(cells)} | {verdict} |")


def _event_loop() -> str:
    from armstrack.web.server import event_loop

    return event_loop()


if __name__ == "__main__":
    main()
