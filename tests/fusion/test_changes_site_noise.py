"""The change test against the site's own pass-to-pass noise (docs/fusion.md, *Changes*): a counter
that states +-60 % on every scene but reads a quiet yard steadily still shows a load, and the
change's size keeps the counter's own interval."""

from __future__ import annotations

from datetime import timedelta

from armstrack.fusion.baseline import series_of
from armstrack.fusion.changes import ChangeRule, changes_in
from armstrack.model import Quantity

from .worlds import T0, meas

VALUES = [20, 21, 19, 20, 45, 20, 21, 20, 19]


def _points(values: list[float]) -> list:
    ms = [meas("tumangang", T0 + timedelta(days=3 * i), v, half=0.6 * v) for i, v in enumerate(values)]
    return series_of(ms)[("tumangang", Quantity.RAIL_CARS)]


def test_a_steady_series_shows_a_load_inside_the_stated_intervals() -> None:
    found = changes_in("tumangang", Quantity.RAIL_CARS, _points(VALUES))
    assert [(c.direction, c.size.value) for c in found] == [(1, 25.0), (-1, 25.0)]
    rise = found[0]
    assert rise.size.low == 0.0 and rise.size.high > 45  # the size keeps the counter's +-60 %


def test_without_the_site_noise_the_stated_intervals_hide_it() -> None:
    assert changes_in("tumangang", Quantity.RAIL_CARS, _points(VALUES), ChangeRule(site_noise=False)) == []


def test_a_series_that_moves_as_much_as_it_states_shows_nothing() -> None:
    jumpy = [20, 34, 10, 28, 45, 14, 33, 12, 30]  # pass-to-pass swings as wide as the intervals
    assert changes_in("tumangang", Quantity.RAIL_CARS, _points(jumpy)) == []
