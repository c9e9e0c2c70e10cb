"""Shipment hypotheses: departures and arrivals linked along the corridor's routes, plus claims.

A departure is a fall of a count at a route's origin, an arrival a rise at its destination. A count
moves with the cargo's handling, not with the vehicle: containers leave a yard while a vessel loads
(the vessel sails when loading ends) and enter it while a vessel unloads (after it anchored and
berthed), so a change's bracket can be widened by the quantity's handling time (`HANDLING_HOURS`,
off by default: measured, it paired wrong changes more often than it caught a late sailing) into
the bracket of the departure or arrival itself. A departure and an arrival pair when some
departure time inside the first bracket and some arrival time inside the second are apart by a
transit time within the route's bounds; the pair's window runs from the earliest feasible
departure to the latest feasible arrival. Candidates that are one load seen in two quantities
(boxes and a vessel leaving between the same passes) merge.
A change with no partner is still a (weaker) hypothesis, weakened further when the other end was
watched closely enough to see the load and showed nothing. Claims whose mode,
places, parties and period fit are linked to every hypothesis they fit; dated claims that fit no
imagery hypothesis make claim-only hypotheses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from armstrack.fusion.baseline import Point
from armstrack.fusion.changes import Change
from armstrack.fusion.claimfit import FitRule, claim_fit, claim_period
from armstrack.fusion.grading import ClaimEvidence
from armstrack.model import Anomaly, Corridor, Quantity, Route

# Hours by which a count's change can precede a departure (cargo loaded before the vehicle leaves) and
# follow an arrival (cargo unloaded after the vehicle arrived), per quantity; see docs/fusion.md.
HANDLING_HOURS: dict[Quantity, tuple[float, float]] = {
    Quantity.RAIL_CARS: (0.0, 0.0),          # the cars are the train: they leave and arrive with it
    Quantity.CONTAINERS_TEU: (36.0, 66.0),   # loading up to 36 h; anchoring up to 30 h, then unloading up to 36 h
    Quantity.VESSELS: (0.0, 0.0),            # berths and anchorage are both counted
}
# Hours a load usually stands where it is counted: passes further apart can miss it altogether, so
# an unchanged count across them is no evidence that nothing came or went; see docs/fusion.md.
DWELL_HOURS: dict[Quantity, float] = {
    Quantity.RAIL_CARS: 96.0,        # a train gathers for days at its yard and stands a day or more where it arrives
    Quantity.CONTAINERS_TEU: 72.0,   # boxes are stacked for days before loading and after unloading
    Quantity.VESSELS: 14.0,          # a feeder loads or unloads in 14-36 h and sails
}


@dataclass(frozen=True)
class LinkRule:
    """Parameters of linking (defaults documented in docs/fusion.md)."""

    min_fit: float = 0.3
    quiet_slack_days: float = 1.0  # "watched and quiet" needs passes this close around the expected time
    fit: FitRule = field(default_factory=FitRule)
    # Off by default: on the development worlds the wider brackets paired the wrong changes more often
    # than they caught a late sailing (docs/benchmarks-fusion.md); `dict(HANDLING_HOURS)` turns them on.
    handling_hours: dict[Quantity, tuple[float, float]] = field(default_factory=dict)
    dwell_hours: dict[Quantity, float] = field(default_factory=lambda: dict(DWELL_HOURS))


@dataclass
class Candidate:
    """A possible shipment on one route before it is weighed: its changes, window and gaps."""

    route: Route
    start: datetime
    end: datetime
    departures: list[Change] = field(default_factory=list)
    arrivals: list[Change] = field(default_factory=list)
    unseen: list[tuple[str, str]] = field(default_factory=list)  # (why, measurement id): watched, nothing seen
    claim_only: bool = False

    @property
    def paired(self) -> bool:
        return bool(self.departures and self.arrivals)


def departure_bracket(change: Change, handling: dict[Quantity, tuple[float, float]] | None = None
                      ) -> tuple[datetime, datetime]:
    """When the vehicle left, given a fall at the origin: the fall's bracket, its end pushed later by
    the loading time (the last cargo may leave the yard up to that long before the vehicle sails)."""
    lag = (handling if handling is not None else HANDLING_HOURS).get(change.quantity, (0.0, 0.0))[0]
    return change.earliest, change.latest + timedelta(hours=lag)


def arrival_bracket(change: Change, handling: dict[Quantity, tuple[float, float]] | None = None
                    ) -> tuple[datetime, datetime]:
    """When the vehicle arrived, given a rise at the destination: the rise's bracket, its start pulled
    earlier by the waiting and unloading time (the first cargo may enter the yard that long after)."""
    lag = (handling if handling is not None else HANDLING_HOURS).get(change.quantity, (0.0, 0.0))[1]
    return change.earliest - timedelta(hours=lag), change.latest


def feasible_window(departure: Change, arrival: Change, route: Route,
                    handling: dict[Quantity, tuple[float, float]] | None = None) -> tuple[datetime, datetime] | None:
    """(earliest departure, latest arrival) consistent with both brackets and the transit bounds."""
    lo, hi = timedelta(hours=route.min_hours), timedelta(hours=route.max_hours)
    (dep_from, dep_to), (arr_from, arr_to) = departure_bracket(departure, handling), arrival_bracket(arrival, handling)
    depart_from = max(dep_from, arr_from - hi)
    depart_to = min(dep_to, arr_to - lo)
    if depart_from > depart_to:
        return None
    return depart_from, min(arr_to, depart_to + hi)


def _sizes_agree(a: Change, b: Change) -> bool:
    return a.size.low <= b.size.high and b.size.low <= a.size.high


def pair_changes(route: Route, departures: Sequence[Change], arrivals: Sequence[Change],
                 handling: dict[Quantity, tuple[float, float]] | None = None) -> list[Candidate]:
    """Greedy one-to-one pairing: agreeing sizes first, then the closest sizes (to a tenth of the
    larger), then the tightest window. An unpaired departure's window runs from its bracket to the
    latest arrival it allows; an unpaired arrival's from the earliest departure it allows (its
    bracket less the longest transit) to its bracket's end."""
    options = []
    for i, dep in enumerate(departures):
        for j, arr in enumerate(arrivals):
            window = feasible_window(dep, arr, route, handling)
            if window is not None:
                width = (window[1] - window[0]).total_seconds()
                gap = abs(dep.size.value - arr.size.value) / max(dep.size.value, arr.size.value)
                options.append((not _sizes_agree(dep, arr), round(gap, 1), width, i, j, window))
    used_d, used_a, out = set(), set(), []
    for _disagree, _gap, _width, i, j, window in sorted(options, key=lambda o: o[:5]):
        if i in used_d or j in used_a:
            continue
        used_d.add(i)
        used_a.add(j)
        out.append(Candidate(route, window[0], window[1], [departures[i]], [arrivals[j]]))
    longest = timedelta(hours=route.max_hours)
    for i, d in enumerate(departures):
        if i not in used_d:
            start, end = departure_bracket(d, handling)
            out.append(Candidate(route, start, end + longest, [d]))
    for j, a in enumerate(arrivals):
        if j not in used_a:
            start, end = arrival_bracket(a, handling)
            out.append(Candidate(route, start - longest, end, arrivals=[a]))
    return out


def _watched_without_change(points: Sequence[Point], changes: Sequence[Change], start: datetime, end: datetime,
                            slack: timedelta, dwell: timedelta | None,
                            size: float | None) -> tuple[Point, Point] | None:
    """Two observations closely bracketing [start, end] (within `slack`) with no change between them,
    and watched closely enough to have seen the load: no two passes between them further apart than
    the load stands at the site (`dwell`), else it could have come and gone unseen, and, when its
    `size` is known, no pass whose interval is so wide that a load of that size would hide in it."""
    before = [p for p in points if start - slack <= p.at <= start]
    after = [p for p in points if end <= p.at <= end + slack]
    if not before or not after:
        return None
    first, last = before[-1], after[0]
    if any(c.earliest < last.at and c.latest > first.at for c in changes):
        return None
    watched = [p for p in points if first.at <= p.at <= last.at]
    if dwell is not None and any(b.at - a.at > dwell for a, b in pairwise(watched)):
        return None
    widest = max((p.value.high - p.value.low) / 2 for p in watched)
    if size is not None and 2 * widest >= size:
        return None
    return first, last


def _note_unseen(candidate: Candidate, series: dict[tuple[str, Quantity], list[Point]],
                 changes: Sequence[Change], rule: LinkRule) -> None:
    route, slack = candidate.route, timedelta(days=rule.quiet_slack_days)
    lo, hi = timedelta(hours=route.min_hours), timedelta(hours=route.max_hours)
    if candidate.paired or not (candidate.departures or candidate.arrivals):
        return
    seen = (candidate.departures or candidate.arrivals)[0]
    for quantity in route.mode.quantities:
        load, unload = (timedelta(hours=h) for h in rule.handling_hours.get(quantity, (0.0, 0.0)))
        if candidate.departures:
            site, direction = route.to_site, 1
            depart_from, depart_to = departure_bracket(seen, rule.handling_hours)
            start, end = depart_from + lo, depart_to + hi + unload
        else:
            site, direction = route.from_site, -1
            arrive_from, arrive_to = arrival_bracket(seen, rule.handling_hours)
            start, end = arrive_from - hi - load, arrive_to - lo
        others = [c for c in changes if c.site_id == site and c.quantity is quantity and c.direction == direction]
        hours = rule.dwell_hours.get(quantity, math.inf)  # not given: any spacing of passes will do
        dwell = timedelta(hours=hours) if math.isfinite(hours) else None
        size = seen.size.value if seen.quantity is quantity else None
        bracket = _watched_without_change(series.get((site, quantity), []), others, start, end, slack, dwell, size)
        if bracket is not None:
            what = "arrival" if direction > 0 else "departure"
            candidate.unseen.append((f"no {what} of {quantity.value} at {site} between "
                                     f"{bracket[0].at:%Y-%m-%d %H:%M} and {bracket[1].at:%Y-%m-%d %H:%M} UTC",
                                     bracket[1].measurement_id))


def _overlap(a: Change, b: Change) -> bool:
    """Two changes at one site whose brackets overlap or meet at a pass: one movement seen in two
    quantities (boxes and vessel), or one load that came or went across two brackets (a vessel
    unloaded over more than one revisit, a train leaving in parts)."""
    return a.site_id == b.site_id and a.earliest <= b.latest and b.earliest <= a.latest


def _same_load(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates of one route are one load seen twice: their windows overlap and either
    both are paired (containers and vessels of one sailing) or they share an end where their changes
    overlap or meet in time (a vessel leaving and the boxes leaving Rajin between the same two passes,
    or boxes entering Dunai's yard over two revisits)."""
    if a.claim_only or b.claim_only or not (a.start <= b.end and b.start <= a.end):
        return False
    if a.paired and b.paired:
        return True
    return (any(_overlap(x, y) for x in a.departures for y in b.departures)
            or any(_overlap(x, y) for x in a.arrivals for y in b.arrivals))


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates of one route that are one load (`_same_load`) merge and pool their changes. Two
    paired ones keep the window where both agree; with a one-sided view the window spans both (the
    boxes of a sailing can leave the yard a pass before the vessel is seen gone). An end seen by
    either is no longer "unseen"."""
    merged: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (not c.paired, c.start)):
        host = next((m for m in merged if _same_load(m, cand)), None)
        if host is None:
            merged.append(cand)
            continue
        if host.paired and cand.paired:  # both ends seen twice: the load fits both windows
            host.start, host.end = max(host.start, cand.start), min(host.end, cand.end)
        else:  # boxes and vessel of one sailing can change in neighbouring brackets: keep either's time
            host.start, host.end = min(host.start, cand.start), max(host.end, cand.end)
        host.departures += cand.departures
        host.arrivals += cand.arrivals
        host.unseen = [] if host.paired else [u for u in host.unseen if u in cand.unseen]
    return sorted(merged, key=lambda c: (c.route.id, c.start))


def route_open(route: Route, start: datetime, end: datetime) -> bool:
    """Whether the route's active period (properties `active_from`/`active_until`, ISO dates, either
    optional) overlaps [start, end]: a port that stopped receiving ships takes no new sailings."""
    since, until = route.properties.get("active_from"), route.properties.get("active_until")
    if since and end.date().isoformat() < str(since):
        return False
    return not (until and start.date().isoformat() >= str(until))


def imagery_candidates(corridor: Corridor, changes: Sequence[Change], series: dict[tuple[str, Quantity], list[Point]],
                       rule: LinkRule | None = None) -> list[Candidate]:
    """Candidates from changes on every route of the corridor."""
    rule = rule or LinkRule()
    out: list[Candidate] = []
    for route in corridor.routes:
        per_route: list[Candidate] = []
        for quantity in route.mode.quantities:
            deps = [c for c in changes if c.site_id == route.from_site and c.quantity is quantity and c.direction < 0]
            arrs = [c for c in changes if c.site_id == route.to_site and c.quantity is quantity and c.direction > 0]
            per_route += pair_changes(route, deps, arrs, rule.handling_hours)
        per_route = [cand for cand in per_route if route_open(route, cand.start, cand.end)]
        for cand in per_route:
            _note_unseen(cand, series, changes, rule)
        out += _merge(per_route)
    return out


def claim_candidates(corridor: Corridor, claims: Sequence[ClaimEvidence], taken: set[str],
                     rule: LinkRule | None = None) -> list[Candidate]:
    """Claim-only candidates: dated, supporting claims that fit a route well and no imagery candidate."""
    rule = rule or LinkRule()
    grouped: dict[tuple[str, datetime, datetime], Candidate] = {}
    for item in claims:
        period = claim_period(item.claim)
        if item.id in taken or period is None or not item.claim.status.supports:
            continue
        fits = {r.id: claim_fit(item.claim, r, period, corridor, rule.fit) for r in corridor.routes}
        best = max(fits.values(), default=0.0)
        if best < max(rule.min_fit, rule.fit.region_only):
            continue
        for route in corridor.routes:
            if fits[route.id] == best:
                key = (route.id, *period)
                grouped.setdefault(key, Candidate(route, period[0], period[1], claim_only=True))
    return list(grouped.values())


def anomaly_for(change: Change, anomalies: dict[str, Anomaly]) -> Anomaly | None:
    """The anomaly behind a change: the high point before a fall, or the high point after a rise."""
    point = change.before if change.direction < 0 else change.after
    anomaly = anomalies.get(point.measurement_id)
    return anomaly if anomaly is not None and anomaly.score > 0 else None
