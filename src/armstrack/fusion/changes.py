"""Changes: a count that rose or fell between two consecutive observations of a site.

A departure shows as a fall at the origin (the train or the containers gone), an arrival as a rise
at the destination. The change happened somewhere between the two observations: that bracket is
its time window. Its size is an interval from the two measurement intervals and the site's usual
pass-to-pass movement (background traffic), added in quadrature, and it counts only
when that interval excludes zero (so counting noise alone never makes one) and the size stands out
from the site's usual pass-to-pass movement.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

import numpy as np

from armstrack.fusion.baseline import Point, series_of
from armstrack.model import Interval, Measurement, Quantity

QUARTILE_OF_ABS_GAUSSIAN = 0.3186  # the 25th percentile of |x| for x ~ N(0, 1)
HALF_MAD_OF_GAUSSIAN = 0.40  # the MAD of the lower half of N(0, 1)


@dataclass(frozen=True)
class Change:
    """A significant rise (+1) or fall (-1) of a quantity at a site between two observations."""

    site_id: str
    quantity: Quantity
    direction: int
    before: Point
    after: Point
    size: Interval  # the magnitude of the change (positive), with its interval
    significance: float

    @property
    def earliest(self) -> datetime:
        return self.before.at

    @property
    def latest(self) -> datetime:
        return self.after.at

    @property
    def measurement_id(self) -> str:
        """The measurement that shows the new state."""
        return self.after.measurement_id

    def explain(self) -> str:
        verb = "rose" if self.direction > 0 else "fell"
        return (f"{self.quantity.value} at {self.site_id} {verb} by {self.size.value:g} "
                f"[{self.size.low:g}, {self.size.high:g}] between {self.earliest:%Y-%m-%d %H:%M} and "
                f"{self.latest:%Y-%m-%d %H:%M} UTC (significance {self.significance:.1f})")


@dataclass(frozen=True)
class ChangeRule:
    """When a pass-to-pass movement is a change (defaults documented in docs/fusion.md)."""

    min_size: float = 3.0
    min_significance: float = 3.0
    noise_floor: float = 1.0
    max_gap_days: float = 14.0  # observations further apart cannot place a movement in time
    z: float = 1.645  # the size interval is this many standard errors each side (90 %)
    site_noise: bool = True  # the test takes the site's own usual movement where it is below what the counter states
    site_noise_below: float = 0.75  # ... clearly below: at most this share of what the counter states
    by_quantity: dict[Quantity, ChangeRule] = field(default_factory=lambda: dict(QUANTITY_RULES))  # own rules

    def of(self, quantity: Quantity) -> ChangeRule:
        """The rule for one quantity: its own, else this one."""
        return self.by_quantity.get(quantity, self)


# Quantities counted in ones: a single vessel coming or going is a load (docs/fusion.md, *Changes*).
QUANTITY_RULES: dict[Quantity, ChangeRule] = {
    Quantity.VESSELS: ChangeRule(min_size=1.0, min_significance=1.5, noise_floor=0.3, site_noise=False, by_quantity={}),
}


def _difference(before: Point, after: Point, background: float, z: float) -> Interval:
    """after - before with its interval: each side adds the two measurements' own standard errors
    (from their stated intervals) and the site's background movement in quadrature (independent
    errors do not all fall at their worst at once), times `z`."""
    value = after.value.value - before.value.value
    below = math.hypot(stated_spread(after, -1, z), stated_spread(before, +1, z), background)
    above = math.hypot(stated_spread(after, +1, z), stated_spread(before, -1, z), background)
    return Interval(value, value - z * below, value + z * above)


def _tested(diff: Interval, usual: float, z: float) -> Interval:
    """The difference's interval for the change test: each side's standard error is the smaller of
    what the two measurements state (with the background) and the site's own usual pass-to-pass
    movement. At coarse GSD a counter's stated interval is wide for every scene, but much of its
    error is shared by the scenes of one site (layout, car or box mix), so the series moves less
    from pass to pass than two independent errors of that width would make it (docs/fusion.md)."""
    below = min((diff.value - diff.low) / z, usual)
    above = min((diff.high - diff.value) / z, usual)
    return Interval(diff.value, diff.value - z * below, diff.value + z * above)


def _stated(points: list[Point], z: float) -> float:
    """What the counter states for a pass-to-pass difference at this site: sqrt 2 x the median
    interval half-width over `z`."""
    return math.sqrt(2) * float(np.median([(p.value.high - p.value.low) / 2 for p in points])) / z if points else 0.0


def _magnitude(diff: Interval) -> Interval:
    """The size of a change (positive) with its interval; a low end across zero reads 0."""
    value, ends = abs(diff.value), sorted((abs(diff.low), abs(diff.high)))
    low = ends[0] if diff.low * diff.high > 0 else 0.0
    return Interval(value, low, ends[1])


def stated_spread(point: Point, side: int, z: float) -> float:
    """One measurement's own standard error on one side (+1 above its value, -1 below), from its
    stated interval: the counter says how sure it is, and a wide interval makes a change unsure."""
    half = point.value.high - point.value.value if side > 0 else point.value.value - point.value.low
    return max(half, 0.0) / z


def _noise(points: list[Point], floor: float, z: float = 1.645) -> tuple[float, float]:
    """(usual movement, background): the spread of the site's pass-to-pass differences, and the part
    of it that is not counting error. The usual movement is robust even when most passes see a load
    come or go: the smallest of the lower quartile of |differences| (0.3186 sd for Gaussian noise),
    the spread of the quieter half of the values (MAD 0.40 sd, times sqrt 2 for a difference) and,
    what the counter states (sqrt 2 x the median interval half-width over `z`, at least twice the
    floor, for ordinary traffic): in a short series where loads come and go at most passes the
    first two see the loads themselves. The background is the usual movement with the counting
    error taken out in quadrature, at least the floor: a change's interval adds it to the two
    measurements' own errors, which would otherwise count twice."""
    values = np.asarray([p.value.value for p in points], dtype=float)
    if values.size < 4:
        return floor, floor
    from_diffs = float(np.quantile(np.abs(np.diff(values)), 0.25)) / QUARTILE_OF_ABS_GAUSSIAN
    quiet = values[values <= np.median(values)]
    from_quiet = math.sqrt(2) * float(np.median(np.abs(quiet - np.median(quiet)))) / HALF_MAD_OF_GAUSSIAN
    stated = _stated(points, z)
    usual = max(min(from_diffs, from_quiet, max(stated, 2 * floor)), floor)  # ordinary traffic moves a little
    return usual, max(math.sqrt(max(usual**2 - stated**2, 0.0)), floor)


def changes_in(site: str, quantity: Quantity, points: list[Point], rule: ChangeRule | None = None) -> list[Change]:
    """The significant changes of one series: the difference's interval (the measurements' own and
    the background, each side at most the site's usual movement: `_tested`) excludes zero, and the
    size stands out from the site's usual movement. The size keeps the measurements' own interval."""
    rule = (rule or ChangeRule()).of(quantity)
    usual, background = _noise(points, rule.noise_floor, rule.z)
    sharper = rule.site_noise and usual <= rule.site_noise_below * _stated(points, rule.z)
    found = []
    for before, after in pairwise(points):
        if (after.at - before.at).total_seconds() > rule.max_gap_days * 86400:
            continue
        diff = _difference(before, after, background, rule.z)
        test = _tested(diff, usual, rule.z) if sharper else diff
        direction = 1 if test.low > 0 else -1 if test.high < 0 else 0  # else within the noise: no load
        significance = abs(diff.value) / usual
        if direction == 0 or abs(diff.value) < rule.min_size or significance < rule.min_significance:
            continue
        found.append(Change(site, quantity, direction, before, after, _magnitude(diff), round(significance, 2)))
    return found


def detect_changes(measurements: Iterable[Measurement], rule: ChangeRule | None = None,
                   series: dict[tuple[str, Quantity], list[Point]] | None = None) -> list[Change]:
    """Every significant change in the measurements (or their `series`), per site and quantity."""
    found: list[Change] = []
    for (site, quantity), points in sorted((series if series is not None else series_of(measurements)).items()):
        found.extend(changes_in(site, quantity, points, rule))
    return found
