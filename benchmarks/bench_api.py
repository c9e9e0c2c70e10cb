"""API latency under load: 50 concurrent clients against `armstrack serve` on loopback.

Builds a workspace with 100,000 claims and 10,000 measurements by bulk inserts, starts the server
in its own process, then sends a bounded number of requests per endpoint from 50 concurrent
clients (httpx.AsyncClient). Prints p50/p95 per endpoint and the ratio of each p95 to that of
/api/health (the cheapest endpoint) measured in the same run. Target: p95 <= 100 ms.

Usage: python benchmarks/bench_api.py [--claims 100000] [--measurements 10000] [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
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
from sqlalchemy import insert, text

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
# Indexes proposed for the schema (the lead's): `--indexes` adds them to the benchmark's database.
PROPOSED_INDEXES = [
    "CREATE INDEX ix_claims_period ON claims (period_start, id)",
    "CREATE INDEX ix_claims_mode_status_period ON claims (mode, status, period_start)",
    "CREATE INDEX ix_shipments_confidence ON shipments (confidence, id)",
    "CREATE INDEX ix_measurements_acquired ON measurements (acquired, id)",
]
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
            db.execute(insert(row_type.__table__), rows[start:start + 5000])  # type: ignore[arg-type]


def fill(workspace: Workspace, claims: int, measurements: int, rng: random.Random) -> dict[str, str]:
    """Bulk rows shaped like the runners' (content-hash ids, intervals, spans)."""
    now = datetime(2024, 1, 1)
    reports = [{"id": content_hash("bench-report", i), "url": f"https://example.org/{i}",
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
    rows = []
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
    shipments, links = [], []
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(workspace: Workspace, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from armstrack.cli import main; main()", "-w", str(workspace.root), "serve",
               "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


async def load(base: str, path: str, requests: int) -> list[float]:
    """`requests` GETs of `path` from CLIENTS concurrent clients; each latency in ms."""
    latencies: list[float] = []
    queue = iter(range(requests))
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        async def worker() -> None:
            for _ in queue:
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code} {response.text[:200]}")
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--measurements", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint")
    parser.add_argument("--indexes", action="store_true", help="add the proposed indexes first")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        workspace, _ = init_workspace(Path(tmp) / "ws")
        started = time.perf_counter()
        ids = fill(workspace, args.claims, args.measurements, rng)
        print(f"filled {args.claims} claims, {args.measurements} measurements in {time.perf_counter() - started:.1f} s")
        if args.indexes:
            with workspace.store.transaction() as db:
                for statement in [*PROPOSED_INDEXES, "ANALYZE"]:
                    db.execute(text(statement))
        port = free_port()
        server = serve(workspace, port)
        try:
            results = run_all(f"http://127.0.0.1:{port}", ids, args.requests)
        finally:
            server.terminate()
            server.wait(timeout=20)
    report(results, args)


def run_all(base: str, ids: dict[str, str], requests: int) -> dict[str, tuple[list[float], list[float]]]:
    endpoints = {
        "health (reference)": "/api/health",
        "shipments": "/api/shipments?limit=100",
        "shipment + evidence": f"/api/shipments/{ids['shipment']}",
        "claims page": "/api/claims?limit=100",
        "claims filtered": "/api/claims?mode=rail&status=alleged&from=2023-06-01&to=2023-09-30&limit=100",
        "claim quote": f"/api/claims/{ids['claim']}/quote",
        "measurements by site": "/api/measurements?site=tumangang&limit=100",
        "site series": "/api/sites/tumangang/series?quantity=rail_cars",
        "reports": "/api/reports?limit=50",
        "sites": "/api/sites",
    }
    asyncio.run(load(base, "/api/health", CLIENTS))  # warm up connections and caches
    results = {}
    for name, path in endpoints.items():
        with httpx.Client(base_url=base, timeout=60) as client:  # one client alone: the service time
            alone = []
            for _ in range(SOLO_REQUESTS):
                started = time.perf_counter()
                client.get(path).raise_for_status()
                alone.append((time.perf_counter() - started) * 1000)
        results[name] = (alone, asyncio.run(load(base, path, requests)))
    return results


def report(results: dict[str, tuple[list[float], list[float]]], args: argparse.Namespace) -> None:
    def p(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1]

    reference = p(results["health (reference)"][1], 95)
    print(f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.node()} · {platform.processor() or platform.machine()}"
          f" · {os.cpu_count()} CPUs · Python {platform.python_version()} · SQLite · {CLIENTS} concurrent clients, "
          f"{args.requests} requests per endpoint, proposed indexes {'on' if args.indexes else 'off'}, "
          f"uvicorn with {'uvloop+httptools' if _has('uvloop') and _has('httptools') else 'asyncio+h11'}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"\n| endpoint | alone p50 ms | {CLIENTS} clients p50 ms | p95 ms | p95 / health p95 | p95 <= 100 ms |"
          "\n|---|---|---|---|---|---|")
    for name, (alone, loaded) in results.items():
        p95 = p(loaded, 95)
        print(f"| {name} | {statistics.median(alone):.1f} | {p(loaded, 50):.1f} | {p95:.1f} | {p95 / reference:.1f} | "
              f"{'yes' if p95 <= TARGET_P95_MS else 'no'} |")


def _has(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


if __name__ == "__main__":
    main()
