"""Sea shipments: container counts move with loading and unloading, not with the vessel itself."""

from __future__ import annotations

from datetime import timedelta

from armstrack.fusion.baseline import series_of
from armstrack.fusion.changes import Change, detect_changes
from armstrack.fusion.hypotheses import (
    HANDLING_HOURS,
    Candidate,
    LinkRule,
    _note_unseen,
    arrival_bracket,
    departure_bracket,
    pair_changes,
)
from armstrack.model import Mode, Quantity, Route

from .worlds import T0, meas

SEA = Route("rajin", "dunai", Mode.SEA, 8.0, 72.0)
TEU = "containers_teu"


def _series(site: str, values: list[float], quantity: str = TEU, every_days: float = 3.0,
            half: float = 5.0) -> list:
    return [meas(site, T0 + timedelta(days=i * every_days), v, quantity, half=half) for i, v in enumerate(values)]


def _one(changes: list[Change], site: str, direction: int) -> Change:
    (change,) = [c for c in changes if c.site_id == site and c.direction == direction]
    return change


def test_a_fall_in_boxes_brackets_loading_so_the_departure_may_follow_it() -> None:
    # the vessel berthed on day 8 and loaded for a day and a half: the yard was empty at the day-9
    # pass, the vessel sailed on day 9.5, after the fall's bracket had closed
    fall = _one(detect_changes(_series("rajin", [40, 40, 240, 40, 40])), "rajin", -1)
    sailed = T0 + timedelta(days=9, hours=12)
    assert fall.latest < sailed
    start, end = departure_bracket(fall)
    assert start == fall.earliest and start <= sailed <= end
    assert end - fall.latest == timedelta(hours=HANDLING_HOURS[Quantity.CONTAINERS_TEU][0])


def test_a_rise_in_boxes_follows_the_arrival_by_anchoring_and_unloading() -> None:
    # a vessel arrived on day 4.5, waited at anchor for a day, then unloaded: no boxes at the day-6 pass
    rise = _one(detect_changes(_series("dunai", [40, 40, 40, 240, 240])), "dunai", 1)
    arrived = T0 + timedelta(days=4, hours=12)
    assert arrived < rise.earliest
    start, end = arrival_bracket(rise)
    assert start <= arrived <= end
    (alone,) = pair_changes(SEA, [], [rise], HANDLING_HOURS)  # arrival only: its departure window
    departed = arrived - timedelta(hours=40)
    assert alone.start <= departed <= alone.end
    (plain,) = pair_changes(SEA, [], [rise], {q: (0.0, 0.0) for q in Quantity})
    assert not plain.start <= departed  # the old window, the rise's bracket less the longest transit, missed it


def test_rail_cars_move_with_the_train() -> None:
    fall = _one(detect_changes(_series("tumangang", [10, 60, 10, 10], "rail_cars", half=2)), "tumangang", -1)
    assert departure_bracket(fall) == (fall.earliest, fall.latest)
    assert arrival_bracket(fall) == (fall.earliest, fall.latest)


def test_one_vessel_coming_or_going_is_a_change_and_counting_noise_is_not() -> None:
    ones = detect_changes(_series("dunai", [0, 0, 1, 1, 0, 0], "vessels", half=0))
    assert [(c.direction, c.size.value) for c in ones] == [(1, 1.0), (-1, 1.0)]
    unsure = detect_changes(_series("dunai", [0, 0, 1, 1, 0, 0], "vessels", half=1))  # the counter can't tell
    assert unsure == []
    boxes = detect_changes(_series("dunai", [40, 40, 41, 41, 40, 40], half=0))  # one box is no load
    assert boxes == []


def _arrival_only(origin_passes: list, origin_half: float) -> Candidate:
    ms = _series("dunai", [40, 40, 40, 240, 240]) + [
        meas("rajin", T0 + timedelta(days=d), 60, TEU, half=origin_half) for d in origin_passes]
    changes = detect_changes(ms)
    (cand,) = pair_changes(SEA, [], [_one(changes, "dunai", 1)], HANDLING_HOURS)
    _note_unseen(cand, series_of(ms), changes, LinkRule())
    return cand


def test_quiet_origin_counts_only_where_the_passes_could_see_the_load() -> None:
    daily = _arrival_only([float(d) for d in range(-2, 10)], origin_half=5)
    assert [why for why, _ in daily.unseen if "containers_teu at rajin" in why]
    sparse = _arrival_only([-3.0, 1.0, 5.0, 9.0], origin_half=5)  # 4 days apart: boxes come and go unseen
    assert sparse.unseen == []
    blurred = _arrival_only([float(d) for d in range(-2, 10)], origin_half=150)  # a 200-TEU load hides in it
    assert blurred.unseen == []

