"""The real path on one tiny world: simulate_archive -> measure_files -> fuse, scored against truth.json.

Five daily clear passes at 3 m over Tumangang and Khasan (seed 7 stages a munitions train of 80 cars
at Tumangang that crosses on the second night). The fusion must find it on tumangang->khasan, with
its window holding the true departure and its rail-car interval holding the true count.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from armstrack.corridor.geojson import load_corridor, load_default
from armstrack.fusion.fuse import fuse
from armstrack.fusion.scoring import found_of_shipments, score, truth_of
from armstrack.imagery.simulate import SimulationConfig, simulate_archive
from armstrack.pipeline.measure import measure_files

ROUTE = "tumangang->khasan:rail"


def test_a_munitions_train_is_found_with_its_departure_and_size(tmp_path: Path) -> None:
    config = SimulationConfig(start=date(2023, 8, 1), days=5, revisit_days=1.0, gsds=(3.0,), seed=7,
                              sites=("tumangang", "khasan"), cloud_rate=0.0)
    result = simulate_archive(load_default(), tmp_path, config)
    corridor = load_corridor(result.corridor_path)
    measurements = [m for r in measure_files([tmp_path / "scenes"], corridor) for m in r.measurements]
    fused = fuse(corridor, measurements)
    truth = truth_of(json.loads(result.truth_path.read_text(encoding="utf-8"))["shipments"])

    trains = [t for t in truth if t.route == ROUTE and t.munitions and t.quantity == "rail_cars"]
    assert trains, "the world must hold a munitions train on the route"
    found = [s for s in found_of_shipments(fused.shipments) if s.route == ROUTE and s.confidence >= 0.5]
    for train in trains:
        hits = [s for s in found if s.window_start <= train.depart <= s.window_end]
        assert hits, f"no shipment found for {train.id} departing {train.depart}"
        assert any(s.volume["rail_cars"].contains(train.count or 0) for s in hits)
    scored = score(found_of_shipments(fused.shipments), truth, imaged=("tumangang", "khasan"))
    assert scored.precision == 1.0 and scored.matched == len(trains)
