"""Baselines: what a site's count usually is, from its own history, by robust statistics.

A series is the observed measurements of one site and quantity, in time order. Not-observed
measurements (cloud, outside the footprint) are left out, never read as zeros. Several
measurements of the same pass (one per sensor) collapse to the one with the narrowest interval.
The baseline at a time is the median and MAD of a trailing window (or of the same season in
earlier years where at least two years of history exist) plus a high quantile, so one busy day
does not move it and irregular revisits do not bias it toward a mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from armstrack.model import Interval, Measurement, Quantity

MAD_TO_SIGMA = 1.4826
SAME_PASS = timedelta(hours=6)


@dataclass(frozen=True)
class Point:
    """One observed value of a series, with the measurement it came from."""

    at: datetime
    value: Interval
    measurement_id: str


@dataclass(frozen=True)
class Baseline:
    """The usual level before a time: median, robust spread, high quantile and the record so far."""

    median: float
    spread: float  # MAD scaled to a standard deviation, floored (see `robust_baseline`)
    high: float
    maximum: float
    n: int
    seasonal: bool
    window_days: float

    def explain(self) -> str:
        kind = "same season in earlier years" if self.seasonal else f"trailing {self.window_days:g} days"
        return (f"baseline median {self.median:g}, high {self.high:g} ({kind}, n={self.n}); "
                f"record before: {self.maximum:g}")


@dataclass(frozen=True)
class BaselineRule:
    """Parameters of the baseline (defaults documented in docs/fusion.md)."""

    window_days: float = 365.0
    min_history: int = 3
    high_quantile: float = 0.95
    season_days: float = 45.0
    season_min_years: float = 2.0
    season_min_points: int = 6
    spread_floor: float = 1.0  # counts: a series that never moves still has a noise of one unit
    spread_floor_share: float = 0.1  # ... or 10 % of its median


def series_of(measurements: Iterable[Measurement]) -> dict[tuple[str, Quantity], list[Point]]:
    """Observed points per (site, quantity), time-ordered, one per pass."""
    grouped: dict[tuple[str, Quantity], list[Point]] = {}
    for m in sorted(measurements, key=lambda m: m.acquired):
        if m.value is None:
            continue
        points = grouped.setdefault((m.site_id, m.quantity), [])
        point = Point(m.acquired, m.value, m.id)
        if points and m.acquired - points[-1].at <= SAME_PASS:
            if _width(point.value) < _width(points[-1].value):
                points[-1] = point
            continue
        points.append(point)
    return grouped


def _width(value: Interval) -> float:
    return value.high - value.low


def robust_baseline(history: Sequence[Point], at: datetime, rule: BaselineRule | None = None) -> Baseline | None:
    """The baseline from the points of `history` before `at`; None if too few to judge."""
    rule = rule or BaselineRule()
    before = [p for p in history if p.at < at - SAME_PASS]
    if len(before) < rule.min_history:
        return None
    values, seasonal, window = _window(before, at, rule)
    median = float(np.median(values))
    mad = float(np.median(np.abs(values - median)))
    spread = max(MAD_TO_SIGMA * mad, rule.spread_floor, rule.spread_floor_share * abs(median))
    high = float(np.quantile(values, rule.high_quantile))
    maximum = max(p.value.value for p in before)
    return Baseline(median=median, spread=spread, high=high, maximum=maximum, n=len(values),
                    seasonal=seasonal, window_days=window)


def _window(before: Sequence[Point], at: datetime, rule: BaselineRule) -> tuple[np.ndarray, bool, float]:
    span_years = (at - before[0].at).days / 365.25
    if span_years >= rule.season_min_years:
        seasonal = [p.value.value for p in before if _season_distance(p.at, at) <= rule.season_days
                    and at - p.at > timedelta(days=rule.season_days)]
        if len(seasonal) >= rule.season_min_points:
            return np.asarray(seasonal, dtype=float), True, rule.season_days * 2
    trailing = [p.value.value for p in before if at - p.at <= timedelta(days=rule.window_days)]
    if len(trailing) >= rule.min_history:
        return np.asarray(trailing, dtype=float), False, rule.window_days
    span = (at - before[0].at).total_seconds() / 86400
    return np.asarray([p.value.value for p in before], dtype=float), False, round(span, 1)


def _season_distance(a: datetime, b: datetime) -> float:
    days = abs(a.timetuple().tm_yday - b.timetuple().tm_yday)
    return float(min(days, 365 - days))
