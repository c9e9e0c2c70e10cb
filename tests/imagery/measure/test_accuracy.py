"""Accuracy floors on a small simulated archive made in the test session (a seed never tuned on).

The archive is Tumangang over a few days at 0.5 m with clouds (coarser GSDs are scored by
benchmarks/bench_measure_accuracy.py: a few scenes say little there); the floors are what the
method reaches with a margin (see docs/benchmarks-measure.md). Never lower a floor to make a
change pass.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from armstrack.corridor.geojson import load_corridor, load_default
from armstrack.pipeline.measure import measure_files

sys.path.insert(0, str(Path(__file__).parents[3] / "benchmarks"))
from measure_eval import evaluate, load_truth

SEED = 31


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Any]:
    from armstrack.imagery.simulate import SimulationConfig, simulate_archive

    folder = tmp_path_factory.mktemp("archive")
    config = SimulationConfig(start=date(2023, 10, 1), days=5, revisit_days=1.0, gsds=(0.5,), seed=SEED,
                              sites=("tumangang",), cloud_rate=0.8)
    simulate_archive(load_default(), folder, config)
    truth = load_truth(folder)
    corridor = load_corridor(folder / truth["corridor"])
    results = [r.as_json() for r in measure_files([folder / s["file"] for s in truth["scenes"]], corridor)]
    return truth, evaluate(truth, results)


def test_rail_cars_at_half_a_metre_are_counted_close_to_the_truth(scored: tuple[dict[str, Any], Any]) -> None:
    _, ev = scored
    score = ev.scores[(0.5, "rail_cars")]
    assert score.errors, "no clear 0.5 m scene in the archive"
    assert score.mae_rel <= 0.08
    assert score.coverage >= 0.75


def test_cloud_fraction_is_close_and_nothing_under_cloud_is_zero(scored: tuple[dict[str, Any], Any]) -> None:
    _, ev = scored
    errors = [e for gsd_errors in ev.cloud_errors.values() for e in gsd_errors]
    assert errors and sum(errors) / len(errors) <= 0.05 and max(errors) <= 0.1
    assert ev.zero_under_cloud == 0
    assert ev.scores[(0.5, "rail_cars")].not_observed >= 1, "the archive has a scene clouded over the tracks"
