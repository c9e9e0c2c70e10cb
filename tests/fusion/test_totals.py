"""Totals over a period: the shipments' own draws summed, filtered by period and confidence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from typer.testing import Result

from armstrack.corridor.geojson import load_default
from armstrack.fusion.fuse import fuse
from armstrack.fusion.totals import shipment_totals
from armstrack.pipeline.workspace import Workspace
from tests.conftest import json_lines

from .test_runner import load_world
from .worlds import rail_world


def _rail_shipments() -> list:
    ms, _ = rail_world([(14, 60), (35, 45)], days=60)
    return [s for s in fuse(load_default(), ms).shipments if s.route_id == "tumangang->khasan:rail"]


def test_a_single_shipment_totals_to_its_own_intervals() -> None:
    first, _second = _rail_shipments()
    totals = shipment_totals([first])
    assert totals.shipments == [first.id]
    for name in ("shells", "tonnes"):
        assert totals.volume[name] == first.volume[name]


def test_totals_sum_draws_and_respect_period_and_confidence() -> None:
    first, second = _rail_shipments()
    both = shipment_totals([first, second]).volume["shells"]
    a, b = first.volume["shells"], second.volume["shells"]
    assert a.low + b.low < both.low and both.high < a.high + b.high
    assert abs(both.value - (a.value + b.value)) < 0.1 * both.value
    august = shipment_totals([first, second], end=datetime(2023, 8, 31))
    assert august.shipments == [first.id]
    assert shipment_totals([first, second], min_confidence=0.999).shipments == []


def test_totals_verb(cli: Callable[..., Result], workspace: Workspace) -> None:
    load_world(workspace)
    ws = workspace.root
    assert cli("-w", ws, "fuse").exit_code == 0
    result = cli("-w", ws, "totals", "--from", "2023-08-01", "--to", "2023-12-31", "--json")
    assert result.exit_code == 0, result.stderr
    (out,) = json_lines(result.stdout)
    assert len(out["shipments"]) >= 2  # type: ignore[arg-type]
    shells = out["shells"]
    assert shells["low"] < shells["value"] < shells["high"]  # type: ignore[index]
    bad = cli("-w", ws, "totals", "--from", "August")
    assert bad.exit_code == 2 and "--from: expected an ISO date" in bad.stderr
