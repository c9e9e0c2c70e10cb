"""Faint partners: the other end of a one-sided load moved the same way, within the noise.

A load seen leaving at one end (a significant change) and not at the other is a one-sided
hypothesis. Where the other end was observed around the time the load would have come (or gone),
its own count may still have moved the right way, only not by enough to be a change on its own:
counters at coarse GSD state wide intervals, and a 45-car train arriving at a yard read as
12 [3, 21] then 55 [21, 89] is no change by itself. Such a movement is evidence, weaker than a
change: with no load it is as likely to go either way, with one it goes the load's way. It is
weighed by how many standard errors (from the two measurements' stated intervals) it moved the
right way, up to `ConfidenceRule.faint_full_z`; under half a standard error it is no movement.
Only counts that measure the load (rail cars, TEU) serve: a vessel count at a 3-day revisit
misses ships that come and go between passes either way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from armstrack.fusion.baseline import Point
from armstrack.fusion.changes import Change, stated_spread
from armstrack.fusion.hypotheses import Candidate
from armstrack.model import Quantity


@dataclass(frozen=True)
class FaintMove:
    """A movement at the other end of a one-sided candidate, in the load's direction."""

    site_id: str
    quantity: Quantity
    before: Point
    after: Point
    z: float  # standard errors moved the load's way (positive: the right way)

    def explain(self) -> str:
        verb = "rose" if self.after.value.value >= self.before.value.value else "fell"
        return (f"{self.quantity.value} at {self.site_id} {verb} from {self.before.value.value:g} to "
                f"{self.after.value.value:g} between {self.before.at:%Y-%m-%d %H:%M} and "
                f"{self.after.at:%Y-%m-%d %H:%M} UTC ({self.z:.1f} standard errors, not a change by itself)")


def expected_bracket(candidate: Candidate) -> tuple[str, int, datetime, datetime] | None:
    """(site, direction, start, end): where and when the unseen end of a one-sided candidate would
    show its load, from the seen change's bracket and the route's transit bounds."""
    route = candidate.route
    lo, hi = timedelta(hours=route.min_hours), timedelta(hours=route.max_hours)
    if candidate.paired or candidate.claim_only:
        return None
    if candidate.departures:
        seen = candidate.departures[0]
        return route.to_site, 1, seen.earliest + lo, seen.latest + hi
    if candidate.arrivals:
        seen = candidate.arrivals[0]
        return route.from_site, -1, seen.earliest - hi, seen.latest - lo
    return None


def moved_z(before: Point, after: Point, direction: int, z: float = 1.645) -> float:
    """How many standard errors `after - before` moved in `direction`, the errors taken from the
    two stated intervals on the sides that face each other."""
    diff = direction * (after.value.value - before.value.value)
    below = math.hypot(stated_spread(after, -direction, z), stated_spread(before, direction, z))
    return diff / below if below > 0 else (math.inf if diff > 0 else 0.0)


def faint_partner(candidate: Candidate, series: dict[tuple[str, Quantity], list[Point]],
                  changes: Sequence[Change] = (), max_gap: timedelta = timedelta(days=14),
                  min_z: float = 0.5) -> FaintMove | None:
    """The movement the load's way at the unseen end of a one-sided candidate, between the passes
    that span the expected time (`spanning`), in a count that measures the load, if it is at least
    `min_z` standard errors (less is no movement at all). A span that holds a change of that count
    the same way is left out: that movement is a load of its own, already a hypothesis."""
    where = expected_bracket(candidate)
    if where is None:
        return None
    site, direction, start, end = where
    best: FaintMove | None = None
    for quantity in candidate.route.mode.quantities:
        span = spanning(series.get((site, quantity), []), start, end, max_gap)
        if quantity is Quantity.VESSELS or span is None:
            continue
        before, after = span
        if any(c.site_id == site and c.quantity is quantity and c.direction == direction
               and c.earliest < after.at and before.at < c.latest for c in changes):
            continue
        move = FaintMove(site, quantity, before, after, round(moved_z(before, after, direction), 2))
        if move.z >= min_z and (best is None or move.z > best.z):
            best = move
    return best


def spanning(points: Sequence[Point], start: datetime, end: datetime, max_gap: timedelta) -> tuple[Point, Point] | None:
    """The one comparison that spans the expected time: the last pass at or before `start` and the
    first at or after `end`, at most `max_gap` apart (None when either is missing). One comparison,
    not the best of several brackets: at daily passes the best of three or four would often move
    a standard error by chance."""
    before = [p for p in points if p.at <= start]
    after = [p for p in points if p.at >= end]
    if not before or not after or after[0].at - before[-1].at > max_gap:
        return None
    return before[-1], after[0]
