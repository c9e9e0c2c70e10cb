"""Scoring found shipments against a truth: matching, what counts, coverage, claims."""

from __future__ import annotations

from datetime import datetime, timedelta

from armstrack.fusion.scoring import FoundShipment, TrueShipment, found_of_rows, score, truth_of
from armstrack.model import Interval

T0 = datetime(2023, 8, 1)
RAIL = "tumangang->khasan:rail"


def found(day: float, days: float, cars: tuple[float, float], confidence: float = 0.8, claims: int = 0,
          route: str = RAIL) -> FoundShipment:
    start = T0 + timedelta(days=day)
    return FoundShipment(f"f{day}", route, start, start + timedelta(days=days), confidence,
                         {"rail_cars": Interval(sum(cars) / 2, *cars)}, claims)


def true(day: float, cars: float, munitions: bool = True, route: str = RAIL) -> TrueShipment:
    return TrueShipment(f"t{day}", route, T0 + timedelta(days=day), "rail_cars", cars, munitions)


def test_greedy_one_to_one_narrowest_window_first_with_timing_and_coverage() -> None:
    truth = [true(2.0, 60), true(3.0, 50)]
    result = score([found(1.0, 3.0, (40, 80)), found(2.5, 1.0, (40, 45))], truth)
    assert (result.true, result.found, result.matched) == (2, 2, 2)
    assert result.volume_covered == [False, True]  # narrow one took t3.0 (50 outside 40-45), wide one t2.0
    assert result.timing_hours == [0.0, 12.0]


def test_small_consignments_are_neither_found_nor_missed_and_low_confidence_is_not_found() -> None:
    truth = [true(2.0, 60), true(6.0, 5, munitions=False)]
    result = score([found(1.0, 2.0, (40, 80)), found(5.5, 1.0, (3, 8)), found(8.0, 1.0, (40, 80), 0.3)], truth)
    assert (result.true, result.found, result.matched) == (1, 1, 1)
    assert any(r.get("below_registered_load") for r in result.rows)
    missed = score([], truth)
    assert missed.recall == 0.0 and [r["missed"] for r in missed.rows] == ["t2.0"]


def test_routes_out_of_view_are_left_out_and_claims_are_counted_apart() -> None:
    far = "khasan->tikhoretsk:rail"
    truth = [true(2.0, 60), true(9.0, 60, route=far), true(12.0, 40, munitions=False)]
    result = score([found(1.0, 2.0, (40, 80), claims=2), found(8.0, 3.0, (40, 80), route=far),
                    found(11.5, 1.0, (30, 50))], truth, imaged=("tumangang", "khasan"))
    assert (result.true, result.found, result.matched, result.munitions_true) == (2, 2, 2, 1)
    assert (result.claimed, result.claimed_munitions) == (1, 1)
    assert result.as_dict()["recall_rail"] == 1.0


def test_rows_and_truth_json_read_back() -> None:
    rows = [{"id": "a", "route": RAIL, "window": {"start": "2023-08-02T00:00:00", "end": "2023-08-04T00:00:00"},
             "confidence": 0.9, "volume": {"rail_cars": {"value": 50, "low": 40, "high": 70}},
             "evidence": [{"kind": "claim", "supports": True}, {"kind": "measurement", "supports": True}]}]
    truth = truth_of([{"id": "ship-001", "route": RAIL, "depart": "2023-08-03T05:00:00Z", "rail_cars": 60,
                       "containers_teu": None, "munitions": True}])
    (shipment,) = found_of_rows(rows)
    assert shipment.claims == 1 and truth[0].depart == datetime(2023, 8, 3, 5)
    assert score([shipment], truth).volume_covered == [True]
