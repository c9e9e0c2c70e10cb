"""Faint partners (a one-sided load gains weight when the other end's count moved its way, within
the noise) and vessels-only hypotheses (docs/fusion.md, *Confidence*)."""

from __future__ import annotations

from datetime import timedelta

from armstrack.corridor.geojson import load_default
from armstrack.fusion.baseline import Point
from armstrack.fusion.changes import ChangeRule
from armstrack.fusion.confidence import ConfidenceRule
from armstrack.fusion.faint import moved_z
from armstrack.fusion.fuse import FusionRule, fuse
from armstrack.model import Interval

from .worlds import T0, meas

ROUTE_ID = "tumangang->khasan:rail"


def _world(khasan_after: float) -> list:
    """A 60-car train leaves Tumangang (counts +-2) between days 9 and 12; Khasan is read by a coarse
    counter (+-60 %) that shows 20 before and `khasan_after` after: no change by itself."""
    ms = []
    for day, tum in [(0, 10), (3, 11), (6, 9), (9, 70), (12, 10), (15, 11)]:
        ms.append(meas("tumangang", T0 + timedelta(days=day), tum, half=2))
    for day, kha in [(0, 20), (3, 21), (6, 19), (9, 20), (12, khasan_after), (15, khasan_after)]:
        ms.append(meas("khasan", T0 + timedelta(days=day, hours=1), kha, half=max(3.0, 0.6 * kha)))
    return ms


def _train(khasan_after: float) -> tuple[float, list[str]]:
    # the stated intervals alone decide what is a change here (Khasan's steady series would otherwise
    # show its own noise is small, and the rise to 45 would be a change: test_changes_site_noise.py)
    rule = FusionRule(change=ChangeRule(site_noise=False))
    shipments = [s for s in fuse(load_default(), _world(khasan_after), rule=rule).shipments if s.route_id == ROUTE_ID]
    leaving = [s for s in shipments if s.window_start <= T0 + timedelta(days=10) <= s.window_end]
    assert len(leaving) == 1
    return leaving[0].confidence, leaving[0].reasoning


def test_moved_z_counts_standard_errors_the_load_way() -> None:
    before = Point(T0, Interval(20, 10, 30), "a")
    after = Point(T0 + timedelta(days=3), Interval(40, 30, 50), "b")
    assert abs(moved_z(before, after, +1) - 20 / (2**0.5 * 10 / 1.645)) < 1e-9
    assert moved_z(before, after, -1) < 0


def test_a_faint_rise_at_the_destination_raises_a_one_sided_departure() -> None:
    quiet, quiet_why = _train(khasan_after=20)
    faint, faint_why = _train(khasan_after=45)  # compared across the whole expected time: day 6 to day 15
    assert not any("other end moved" in line for line in quiet_why)
    assert any("other end moved the same way: rail_cars at khasan rose from 19 to 45" in line for line in faint_why)
    assert faint > quiet


def test_a_fall_at_the_destination_adds_nothing() -> None:
    quiet, _ = _train(khasan_after=20)
    falling, why = _train(khasan_after=8)
    assert not any("other end moved" in line for line in why)
    assert falling <= quiet


def _port_call(rajin_teu: list[float]) -> list:
    """One ship leaves Rajin between days 6 and 9 and is at Dunai on day 9; Dunai's boxes stay put."""
    ms = []
    for i, (rajin, dunai) in enumerate([(0, 0), (0, 0), (1, 0), (0, 1), (0, 0), (0, 0)]):
        at = T0 + timedelta(days=3 * i)
        ms.append(meas("rajin", at, rajin, "vessels", half=0))
        ms.append(meas("dunai", at + timedelta(hours=1), dunai, "vessels", half=0))
        ms.append(meas("rajin", at, rajin_teu[i], "containers_teu", half=6))
        ms.append(meas("dunai", at + timedelta(hours=1), 100, "containers_teu", half=6))
    return ms


def test_a_ship_call_with_no_boxes_moving_is_weighed_down() -> None:
    steady = [100.0] * 6
    rule = FusionRule(confidence=ConfidenceRule(vessels_only=0.0))
    (call,) = [s for s in fuse(load_default(), _port_call(steady)).shipments if s.route_id == "rajin->dunai:sea"]
    (plain,) = [s for s in fuse(load_default(), _port_call(steady), rule=rule).shipments
                if s.route_id == "rajin->dunai:sea"]
    assert any(line.startswith("-0.60 vessels only") for line in call.reasoning)
    assert call.confidence < plain.confidence
    boxes = [100.0, 100, 300, 100, 100, 100]  # 200 TEU leave with the ship: no longer vessels only
    (sailing,) = [s for s in fuse(load_default(), _port_call(boxes)).shipments if s.route_id == "rajin->dunai:sea"]
    assert not any("vessels only" in line for line in sailing.reasoning)
