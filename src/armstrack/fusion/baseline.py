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
from datetime import UTC, datetime, timedelta

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


def utc_naive(at: datetime) -> datetime:
    """Times inside the fusion are naive UTC (as the store keeps them); aware times are converted."""
    return at if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)


def series_of(measurements: Iterable[Measurement]) -> dict[tuple[str, Quantity], list[Point]]:
    """Observed points per (site, quantity), time-ordered, one per pass (times as naive UTC)."""
    grouped: dict[tuple[str, Quantity], list[Point]] = {}
    for m in sorted(measurements, key=lambda m: utc_naive(m.acquired)):
        if m.value is None:
            continue
        points = grouped.setdefault((m.site_id, m.quantity), [])
        point = Point(utc_naive(m.acquired), m.value, m.id)
        if points and point.at - points[-1].at <= SAME_PASS:
            if _width(point.value) < _width(points[-1].value):
                points[-1] = point
            continue
        points.append(point)
    return grouped


def _width(value: Interval) -> float:
    return value.high - value.low


class History:
    """A series as arrays (days since the first point, values, day of year) for fast windows."""

    def __init__(self, points: Sequence[Point]) -> None:
        self.origin = points[0].at if points else datetime(1970, 1, 1)
        self.days = np.asarray([(p.at - self.origin).total_seconds() / 86400 for p in points], dtype=float)
        self.values = np.asarray([p.value.value for p in points], dtype=float)
        self.doy = np.asarray([p.at.timetuple().tm_yday for p in points], dtype=float)
        self.running_max = np.maximum.accumulate(self.values) if len(points) else self.values

    def baseline(self, at: datetime, rule: BaselineRule) -> Baseline | None:
        """The baseline from the points before `at` (more than one pass earlier)."""
        now = (at - self.origin).total_seconds() / 86400
        count = int(np.searchsorted(self.days, now - SAME_PASS.total_seconds() / 86400, side="left"))
        if count < rule.min_history:
            return None
        values, seasonal, window = self._window(count, now, at, rule)
        ordered = np.sort(values)
        median = _quantile(ordered, 0.5)
        mad = _quantile(np.sort(np.abs(values - median)), 0.5)
        spread = max(MAD_TO_SIGMA * mad, rule.spread_floor, rule.spread_floor_share * abs(median))
        high = _quantile(ordered, rule.high_quantile)
        return Baseline(median=median, spread=spread, high=high, maximum=float(self.running_max[count - 1]),
                        n=len(values), seasonal=seasonal, window_days=window)

    def _window(self, count: int, now: float, at: datetime, rule: BaselineRule) -> tuple[np.ndarray, bool, float]:
        days, values = self.days[:count], self.values[:count]
        if (now - days[0]) / 365.25 >= rule.season_min_years:
            distance = np.abs(self.doy[:count] - at.timetuple().tm_yday)
            distance = np.minimum(distance, 365 - distance)
            same_season = (distance <= rule.season_days) & (now - days > rule.season_days)
            if int(same_season.sum()) >= rule.season_min_points:
                return values[same_season], True, rule.season_days * 2
        trailing = values[now - days <= rule.window_days]
        if trailing.size >= rule.min_history:
            return trailing, False, rule.window_days
        return values, False, round(now - days[0], 1)


def _quantile(ordered: np.ndarray, q: float) -> float:
    """Linear-interpolation quantile of sorted values (numpy's default), without its overhead."""
    position = q * (ordered.size - 1)
    low = int(position)
    high = min(low + 1, ordered.size - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def robust_baseline(history: Sequence[Point], at: datetime, rule: BaselineRule | None = None) -> Baseline | None:
    """The baseline from the points of `history` before `at`; None if too few to judge."""
    ordered = sorted(history, key=lambda p: p.at)
    return History(ordered).baseline(at, rule or BaselineRule())
