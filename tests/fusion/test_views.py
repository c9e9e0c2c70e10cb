"""Views of one load: merged across quantities, sized from every view's interval, tested against the
measurements' own intervals; and the scorer's choice when a window holds several consignments."""

from __future__ import annotations

import math
from datetime import timedelta

from armstrack.corridor.geojson import load_default
from armstrack.fusion.baseline import series_of
from armstrack.fusion.changes import Change, ChangeRule, changes_in, detect_changes
from armstrack.fusion.fuse import combined_size, fuse
from armstrack.fusion.hypotheses import LinkRule, imagery_candidates
from armstrack.fusion.scoring import FoundShipment, TrueShipment, score
from armstrack.model import Interval, Quantity

from .worlds import T0, meas

TEU, VESSELS = "containers_teu", "vessels"


def _passes(site: str, values: list[float], quantity: str, half: float, hours: float = 0.0) -> list:
    return [meas(site, T0 + timedelta(days=3 * i, hours=hours), v, quantity, half=half) for i, v in enumerate(values)]


def test_boxes_and_the_vessel_leaving_between_the_same_passes_are_one_sailing() -> None:
    # 200 TEU and one vessel leave Rajin between the day-9 and day-12 passes; Dunai is not imaged
    ms = _passes("rajin", [40, 40, 240, 240, 40, 40], TEU, 5) + _passes("rajin", [0, 0, 0, 1, 0, 0], VESSELS, 0)
    changes = detect_changes(ms)
    assert {(c.quantity, c.direction) for c in changes if c.direction < 0} == {(Quantity.CONTAINERS_TEU, -1),
                                                                                (Quantity.VESSELS, -1)}
    sea = [c for c in imagery_candidates(load_default(), changes, series_of(ms), LinkRule())
           if c.route.id == "rajin->dunai:sea" and c.departures]
    (sailing,) = sea
    assert {c.quantity for c in sailing.departures} == {Quantity.CONTAINERS_TEU, Quantity.VESSELS}


def test_boxes_entering_a_yard_over_two_revisits_are_one_arrival() -> None:
    ms = _passes("dunai", [40, 40, 140, 240, 240, 240], TEU, 5)
    changes = detect_changes(ms)
    assert len([c for c in changes if c.direction > 0]) == 2
    (arrival,) = [c for c in imagery_candidates(load_default(), changes, series_of(ms), LinkRule())
                  if c.route.id == "rajin->dunai:sea"]
    assert len(arrival.arrivals) == 2
    (shipment,) = [s for s in fuse(load_default(), ms).shipments if s.route_id == "rajin->dunai:sea"]
    assert shipment.volume["containers_teu"].value == 200


def test_the_load_lies_between_the_smallest_low_and_the_largest_high_of_its_views() -> None:
    departure = _change_of("tumangang", 40.0, 37.0, 43.0)
    arrival = _change_of("khasan", 60.0, 57.0, 63.0)
    assert combined_size([departure, arrival]) == Interval(60.0, 37.0, 63.0)
    # seen at one end only, a view is a lower bound: up to the largest load the site has shown
    assert combined_size([departure], ceiling=80.0) == Interval(40.0, 37.0, 80.0)
    # two rises at one site, in brackets that meet, are one load unloaded over two revisits: they add
    rest = _change_of("khasan", 30.0, 26.0, 34.0)
    summed = combined_size([arrival, rest])
    assert summed is not None and summed.value == 90.0
    assert math.isclose(summed.high - summed.value, math.hypot(3.0, 4.0))


def test_a_train_seen_leaving_only_in_part_has_an_interval_up_to_the_largest_load() -> None:
    # a full train of 70 is seen once; a later one leaves after only 30 of its cars were seen
    values = [10, 80, 10, 10, 40, 10, 10]
    ms = _passes("tumangang", values, "rail_cars", 1) + _passes("khasan", [6, 76, 6, 6, 6, 6, 6], "rail_cars", 1, 1)
    late = [s for s in fuse(load_default(), ms).shipments
            if s.route_id == "tumangang->khasan:rail" and s.window_start >= T0 + timedelta(days=12)]
    (partial,) = late
    cars = partial.volume["rail_cars"]
    assert cars.low < 30 < 70 < cars.high  # one-sided: at least what was seen, at most the largest load


def test_a_change_is_tested_against_the_measurements_own_intervals() -> None:
    values = [100.0, 100, 100, 160, 160, 160]
    sure = changes_in("rajin", Quantity.CONTAINERS_TEU, series_of(_passes("rajin", values, TEU, 5))[
        ("rajin", Quantity.CONTAINERS_TEU)])
    (rise,) = sure
    # the size interval: both passes' own errors and the site's background (the floor here) in quadrature
    half = 1.645 * math.hypot(5 / 1.645, 5 / 1.645, 1.0)
    assert math.isclose(rise.size.high - rise.size.value, half, rel_tol=1e-6)
    unsure = changes_in("rajin", Quantity.CONTAINERS_TEU, series_of(_passes("rajin", values, TEU, 45))[
        ("rajin", Quantity.CONTAINERS_TEU)], ChangeRule(site_noise=False))
    assert unsure == []  # the same counts from a counter that states +-45: no change
    # (by default a series this steady shows its own noise is below +-45: tests/fusion/test_changes_site_noise.py)


def test_the_counting_error_counts_once_in_a_change() -> None:
    # the site moves about as much as the counter says it errs (+-5): that movement is counting error,
    # already in the two intervals, so the change's interval does not add it again
    values = [100.0, 108, 96, 104, 92, 100, 140, 140]
    points = series_of(_passes("rajin", values, TEU, 5))[("rajin", Quantity.CONTAINERS_TEU)]
    (rise,) = changes_in("rajin", Quantity.CONTAINERS_TEU, points)
    once = 1.645 * math.hypot(5 / 1.645, 5 / 1.645, 1.0)
    assert math.isclose(rise.size.high - rise.size.value, once, rel_tol=1e-6)


def test_a_window_holding_a_small_and_a_registered_consignment_matches_the_registered_one() -> None:
    route = "tumangang->khasan:rail"
    truth = [TrueShipment("small", route, T0 + timedelta(days=1), "rail_cars", 7.0, False),
             TrueShipment("train", route, T0 + timedelta(days=1, hours=9), "rail_cars", 80.0)]
    found = FoundShipment("f", route, T0, T0 + timedelta(days=3), 0.8, {"rail_cars": Interval(85, 80, 90)})
    result = score([found], truth)
    assert (result.true, result.found, result.matched) == (1, 1, 1)
    assert result.rows[0]["truth"] == "train"


def _change_of(site: str, value: float, low: float, high: float) -> Change:
    """A rise at `site` with the given size interval, from two passes of a quiet series."""
    (change,) = changes_in(site, Quantity.RAIL_CARS, series_of(_passes(
        site, [10, 10, 10, 10 + value, 10 + value], "rail_cars", 1))[(site, Quantity.RAIL_CARS)])
    return Change(change.site_id, change.quantity, change.direction, change.before, change.after,
                  Interval(value, low, high), change.significance)
