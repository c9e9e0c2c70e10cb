"""Anomalies: measurements that depart from their site's baseline, with a size and a score.

The score is robust: how many spreads (MAD scaled to a standard deviation) the measurement's
interval stays away from the baseline median, using the near edge of the interval (`low` for a
rise, `high` for a drop) so that counting noise alone does not make an anomaly. A rise whose low
edge exceeds every value seen before at that site is flagged unprecedented.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from armstrack.fusion.baseline import Baseline, BaselineRule, History, Point, series_of
from armstrack.model import Anomaly, Measurement, Quantity


@dataclass(frozen=True)
class AnomalyRule:
    """When a departure counts as an anomaly (defaults documented in docs/fusion.md)."""

    threshold: float = 3.0
    baseline: BaselineRule = field(default_factory=BaselineRule)


def score_point(point: Point, baseline: Baseline) -> float:
    """Signed robust score: > 0 above the baseline, < 0 below it, 0 while the interval straddles it."""
    if point.value.low > baseline.median:
        return (point.value.low - baseline.median) / baseline.spread
    if point.value.high < baseline.median:
        return (point.value.high - baseline.median) / baseline.spread
    return 0.0


def anomaly_of(site: str, quantity: Quantity, point: Point, baseline: Baseline,
               rule: AnomalyRule) -> Anomaly | None:
    """The anomaly this point makes against `baseline`, or None."""
    score = score_point(point, baseline)
    rise = score >= rule.threshold and point.value.low > baseline.high
    drop = score <= -rule.threshold
    if not (rise or drop):
        return None
    return Anomaly(site_id=site, quantity=quantity, acquired=point.at, value=point.value.value,
                   baseline_median=baseline.median, baseline_high=baseline.high, score=round(score, 3),
                   unprecedented=rise and point.value.low > baseline.maximum,
                   measurement_id=point.measurement_id)


def baselines_along(points: list[Point], rule: BaselineRule | None = None) -> list[Baseline | None]:
    """The baseline each point is judged against (None where the history is too short)."""
    history = History(points)
    rule = rule or BaselineRule()
    return [history.baseline(p.at, rule) for p in points]


def detect_anomalies(measurements: Iterable[Measurement], rule: AnomalyRule | None = None,
                     series: dict[tuple[str, Quantity], list[Point]] | None = None) -> list[Anomaly]:
    """Every anomaly in the measurements (or in their `series`, when already made), per site and
    quantity, in time order."""
    rule = rule or AnomalyRule()
    found: list[Anomaly] = []
    for (site, quantity), points in sorted((series if series is not None else series_of(measurements)).items()):
        for point, baseline in zip(points, baselines_along(points, rule.baseline), strict=True):
            if baseline is None:
                continue
            anomaly = anomaly_of(site, quantity, point, baseline, rule)
            if anomaly is not None:
                found.append(anomaly)
    return found


def explain(anomaly: Anomaly) -> str:
    """One line: what was seen against what is usual."""
    direction = "above" if anomaly.score > 0 else "below"
    record = ", unprecedented" if anomaly.unprecedented else ""
    return (f"{anomaly.quantity.value} at {anomaly.site_id} on {anomaly.acquired:%Y-%m-%d}: {anomaly.value:g} "
            f"{direction} baseline median {anomaly.baseline_median:g} (high {anomaly.baseline_high:g}), "
            f"score {anomaly.score:+.1f}{record}")
