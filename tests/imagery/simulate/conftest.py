"""Tiny simulated worlds shared by the simulator tests: small yards and a one-berth port, few days."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from armstrack.corridor.geojson import corridor_to_geojson, load_default, parse_corridor
from armstrack.imagery.simulate import SimulationConfig, SimulationResult, simulate_archive
from armstrack.model import Corridor

TINY_SITES = {
    "tumangang": {"sim_tracks": 4, "sim_track_length_m": 300.0},
    "rajin": {"sim_berths": 1},
}


def tiny_corridor() -> Corridor:
    """The default corridor with smaller synthetic facilities, so that tests render fast."""
    raw = corridor_to_geojson(load_default())
    for feature in raw["features"]:
        props = feature["properties"]
        if props.get("role") == "site" and props["id"] in TINY_SITES:
            props.update(TINY_SITES[props["id"]])
    return parse_corridor(raw, source="tiny corridor")


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    """Two sites, two clear passes two days apart, three GSDs (a munitions train staged at Tumangang, then gone)."""
    config = SimulationConfig(start=date(2023, 8, 1), days=3, revisit_days=2.0, gsds=(0.5, 3.0, 10.0), seed=7,
                              sites=("tumangang", "rajin"), cloud_rate=0.0)
    return simulate_archive(tiny_corridor(), tmp_path_factory.mktemp("archive"), config)


@pytest.fixture(scope="session")
def cloudy(tmp_path_factory: pytest.TempPathFactory) -> SimulationResult:
    """One small yard under clouds every day, seen by the 10 m sensor with its SCL band."""
    config = SimulationConfig(start=date(2023, 9, 1), days=4, revisit_days=1.0, gsds=(10.0,), seed=3,
                              sites=("tumangang",), cloud_rate=1.0)
    return simulate_archive(tiny_corridor(), tmp_path_factory.mktemp("cloudy"), config)


def truth_of(result: SimulationResult | Path) -> dict[str, Any]:
    """truth.json of a simulation result or of an archive folder."""
    path = result / "truth.json" if isinstance(result, Path) else result.truth_path
    data: dict[str, Any] = json.loads(path.read_text())
    return data
