"""The stable CLI contracts of the fusion verbs, through typer's runner on armstrack.cli.app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from armstrack.pipeline.workspace import Workspace
from tests.conftest import json_lines

from .test_runner import load_world

CSIS = [("2018-11-02", "6"), ("2019-06-01", "8"), ("2020-09-14", "12"), ("2021-05-03", "15"),
        ("2022-08-20", "20"), ("2023-07-10", "11")]
Cli = Callable[..., Result]


def _add(cli: Cli, ws: Path, date: str, value: str, *extra: str) -> Result:
    return cli("-w", ws, "measurements", "add", "--site", "tumangang", "--date", date, "--quantity", "rail_cars",
               "--value", value, "--source", "CSIS Beyond Parallel", *extra)


def test_hand_entered_counts_make_the_csis_anomaly(cli: Cli, workspace: Workspace) -> None:
    ws = workspace.root
    for date, value in CSIS:
        assert _add(cli, ws, date, value).exit_code == 0
    first = _add(cli, ws, "2023-10-05", "73", "--low", "70", "--high", "76", "--json")
    again = _add(cli, ws, "2023-10-05", "73", "--low", "70", "--high", "76", "--json")
    assert first.exit_code == again.exit_code == 0
    assert json_lines(first.stdout)[0]["created"] is True and json_lines(again.stdout)[0]["created"] is False
    result = cli("-w", ws, "anomalies", "--site", "tumangang", "--json")
    assert result.exit_code == 0, result.stderr
    (row,) = json_lines(result.stdout)
    assert {"site", "quantity", "date", "value", "baseline", "score", "unprecedented"} <= set(row)
    assert (row["site"], row["quantity"], row["date"], row["value"]) == ("tumangang", "rail_cars", "2023-10-05", 73)
    assert row["unprecedented"] is True and set(row["baseline"]) == {"median", "high"}  # type: ignore[arg-type]
    assert float(row["score"]) > 5  # type: ignore[arg-type]


def test_bad_input_is_one_line_and_exit_code_2(cli: Cli, workspace: Workspace) -> None:
    ws = workspace.root
    for args, needle in (((("--site", "atlantis")), "unknown site 'atlantis'"),
                         (("--site", "tumangang", "--quantity", "tanks"), "--quantity: expected one of"),
                         (("--site", "tumangang", "--date", "yesterday"), "--date: expected an ISO date"),
                         (("--site", "tumangang", "--low", "80"), "--low/--high")):
        base = {"--site": "tumangang", "--date": "2023-10-05", "--quantity": "rail_cars", "--value": "73"}
        base.update(dict(zip(args[::2], args[1::2], strict=True)))
        result = cli("-w", ws, "measurements", "add", *[x for kv in base.items() for x in kv])
        assert result.exit_code == 2, (args, result.stdout)
        assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = cli("-w", ws, "sources", "grade", "KCNA", "Z")
    assert result.exit_code == 2 and "expected one of A, B, C, D, E, F" in result.stderr


def test_estimate_contract_needs_no_workspace(cli: Cli) -> None:
    result = cli("estimate", "--containers", "5000", "--calibre", "152mm", "--json")
    assert result.exit_code == 0, result.stderr
    (out,) = json_lines(result.stdout)
    for name in ("shells", "tonnes"):
        assert set(out[name]) == {"median", "low", "high"}  # type: ignore[arg-type]
    shells = out["shells"]
    assert shells["low"] <= 2_000_000 <= shells["high"]  # type: ignore[index]
    assert out["assumptions"]["calibre"] == "152mm"  # type: ignore[index]
    rail = json_lines(cli("estimate", "--rail-cars", "60", "--json").stdout)[0]
    assert rail["shells"]["low"] < rail["shells"]["median"] < rail["shells"]["high"]  # type: ignore[index]
    assert cli("estimate", "--json").exit_code == 2


def test_fuse_shipments_sources_and_export(cli: Cli, workspace: Workspace, tmp_path: Path) -> None:
    from .worlds import claim

    load_world(workspace, [claim(["Dong-a Ilbo", "South Korean defense sources"], report="r1"),
                           claim(["Reuters", "KCNA"], status="denied", mode="unknown", places=(), report="r2"),
                           claim(["<b>Evil & Co</b>"], report="r3")])
    ws = workspace.root
    assert cli("-w", ws, "fuse").exit_code == 0
    rows = json_lines(cli("-w", ws, "shipments", "--json").stdout)
    assert rows
    for row in rows:
        assert {"route", "mode", "window", "confidence", "likelihood", "volume", "evidence"} <= set(row)
        assert set(row["window"]) == {"start", "end"}  # type: ignore[arg-type]
    rail = [r for r in rows if r["route"] == "tumangang->khasan:rail"]
    assert rail and all(r["volume"]["rail_cars"]["low"] <= r["volume"]["rail_cars"]["high"]  # type: ignore[index]
                        for r in rail)
    assert all(e["id"] for r in rail for e in r["evidence"])  # type: ignore[attr-defined]
    graded = cli("-w", ws, "sources", "grade", "KCNA", "E", "--reason", "supplier state media")
    assert graded.exit_code == 0
    assert cli("-w", ws, "fuse", "--json").exit_code == 0
    sources = {r["name"]: r for r in json_lines(cli("-w", ws, "sources", "--json").stdout)}
    assert sources["KCNA"]["reliability"] == "E" and sources["KCNA"]["edited"] is True
    assert sources["South Korean defense sources"]["reliability"] == "C"
    out = tmp_path / "export"
    result = cli("-w", ws, "export", "--out", out, "--json")
    assert result.exit_code == 0, result.stderr
    names = {Path(p).name for p in json_lines(result.stdout)[0]["files"]}  # type: ignore[union-attr]
    assert names == {"sites.geojson", "shipments.geojson", "measurements.csv", "claims.csv", "shipments.csv",
                     "report.html"}
    html = (out / "report.html").read_text()
    assert "data:image/png;base64," in html and "http://" not in html and "https://" not in html
    assert "tumangang-&gt;khasan:rail" in html
    assert "&lt;b&gt;Evil &amp; Co&lt;/b&gt;" in html and "<b>Evil" not in html
