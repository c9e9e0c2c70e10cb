"""The fusion in one call: measurements and claims in; anomalies, sources and weighed shipments out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from armstrack.fusion.anomalies import AnomalyRule, detect_anomalies
from armstrack.fusion.anomalies import explain as explain_anomaly
from armstrack.fusion.baseline import Point, series_of
from armstrack.fusion.changes import Change, ChangeRule, detect_changes
from armstrack.fusion.claimfit import claim_fit
from armstrack.fusion.confidence import ConfidenceRule, Term, change_term, claim_term, combine
from armstrack.fusion.faint import faint_partner
from armstrack.fusion.grading import ClaimEvidence, grade_claims
from armstrack.fusion.hypotheses import (
    Candidate,
    LinkRule,
    anomaly_for,
    claim_candidates,
    imagery_candidates,
    route_open,
)
from armstrack.fusion.sources import SourceRegistry
from armstrack.fusion.volume import VolumeAssumptions, count_estimate, load_assumptions, volume_seed
from armstrack.model import Anomaly, Corridor, EvidenceLink, Interval, Measurement, Quantity, Shipment, Source


@dataclass(frozen=True)
class FusionRule:
    """Every parameter of the fusion in one place; the defaults are in docs/fusion.md."""

    anomaly: AnomalyRule = field(default_factory=AnomalyRule)
    change: ChangeRule = field(default_factory=ChangeRule)
    link: LinkRule = field(default_factory=LinkRule)
    confidence: ConfidenceRule = field(default_factory=ConfidenceRule)
    anomaly_weight: float = 0.5
    calibre: str | None = None


@dataclass
class FusionResult:
    anomalies: list[Anomaly]
    changes: list[Change]
    shipments: list[Shipment]
    sources: list[Source]
    series: dict[tuple[str, Quantity], list[Point]] = field(default_factory=dict)


def fuse(corridor: Corridor, measurements: Sequence[Measurement], claims: Sequence[ClaimEvidence] = (),
         registry: SourceRegistry | None = None, assumptions: VolumeAssumptions | None = None,
         rule: FusionRule | None = None) -> FusionResult:
    """Anomalies, changes and graded shipment hypotheses from measurements and claims."""
    rule = rule or FusionRule()
    registry = registry or SourceRegistry()
    assumptions = assumptions or load_assumptions()
    series = series_of(measurements)
    anomalies = detect_anomalies(measurements, rule.anomaly, series)
    changes = detect_changes(measurements, rule.change, series)
    for item in claims:
        registry.grade(item.origin)
        for name in [*item.claim.attribution, *([item.publisher] if item.publisher else [])]:
            registry.grade(name)
    candidates = imagery_candidates(corridor, changes, series, rule.link)
    linked = {c.id for cand in candidates for c, _ in _fitting(cand, claims, corridor, rule.link)}
    candidates += claim_candidates(corridor, claims, linked, rule.link)
    by_measurement = {a.measurement_id: a for a in anomalies if a.measurement_id}
    moves = Moves(changes)
    largest = largest_loads(changes)
    shipments = [_weigh(c, claims, corridor, registry, by_measurement, assumptions, rule, moves, largest,
                        (series, changes)) for c in candidates]
    shipments.sort(key=lambda s: (s.window_start, s.route_id))
    return FusionResult(anomalies, changes, shipments, registry.all(), series)


def _fitting(candidate: Candidate, claims: Sequence[ClaimEvidence], corridor: Corridor,
             rule: LinkRule) -> list[tuple[ClaimEvidence, float]]:
    out = []
    window = (candidate.start, candidate.end)
    for item in claims:
        fit = claim_fit(item.claim, candidate.route, window, corridor, rule.fit)
        if fit >= rule.min_fit or (fit > 0 and not item.claim.status.supports):
            out.append((item, fit))
    return out


class Moves:
    """The changes by where they start and end, to find the other side of a load's stay at a site."""

    def __init__(self, changes: Sequence[Change]) -> None:
        self.rise_until = {(c.site_id, c.quantity, c.after.at): c for c in changes if c.direction > 0}
        self.fall_from = {(c.site_id, c.quantity, c.before.at): c for c in changes if c.direction < 0}

    def stood(self, change: Change, role: str) -> Change | None:
        """For a departure, the rise just before it (the load gathered, then left); for an arrival,
        the fall just after it (the load stood, then went on); only when the sizes agree."""
        other = (self.rise_until.get((change.site_id, change.quantity, change.before.at)) if role == "departure"
                 else self.fall_from.get((change.site_id, change.quantity, change.after.at)))
        if other is None or not (other.size.low <= change.size.high and change.size.low <= other.size.high):
            return None
        return other


def _weigh(candidate: Candidate, claims: Sequence[ClaimEvidence], corridor: Corridor, registry: SourceRegistry,
           anomalies: dict[str, Anomaly], assumptions: VolumeAssumptions, rule: FusionRule,
           moves: Moves | None = None, largest: dict[tuple[str, Quantity], float] | None = None,
           seen: tuple[dict[tuple[str, Quantity], list[Point]], Sequence[Change]] | None = None) -> Shipment:
    terms = _imagery_terms(candidate, corridor, anomalies, rule)
    terms += _stood_terms(candidate, moves or Moves([]), rule)
    terms += _faint_terms(candidate, *(seen or ({}, [])), rule)
    terms += _claim_terms(candidate, claims, corridor, registry, rule)
    confidence = combine([t for t, _, _ in terms], rule.confidence)
    volume = _volume(candidate, assumptions, rule.calibre, largest)
    shipment = Shipment(route_id=candidate.route.id, mode=candidate.route.mode, window_start=candidate.start,
                        window_end=candidate.end, confidence=confidence.probability,
                        likelihood=confidence.likelihood, reasoning=confidence.reasoning, volume=volume)
    shipment.evidence = [EvidenceLink(shipment.id, kind, ref, t.supports, t.weight, t.why) for t, kind, ref in terms]
    return shipment


def _imagery_terms(candidate: Candidate, corridor: Corridor, anomalies: dict[str, Anomaly],
                   rule: FusionRule) -> list[tuple[Term, str, str]]:
    """(term, link kind, ref id) for the changes, their anomalies, the pairing and the quiet ends."""
    crule = rule.confidence
    terms: list[tuple[Term, str, str]] = []
    for role, changes in (("departure", candidate.departures), ("arrival", candidate.arrivals)):
        for change in changes:
            terms.append((change_term(change, role, crule), "measurement", change.measurement_id))
            anomaly = anomaly_for(change, anomalies)
            if anomaly is not None:
                weight = rule.anomaly_weight * min(1.0, anomaly.score / 6)
                terms.append((Term(round(weight, 3), f"anomaly: {explain_anomaly(anomaly)}"), "anomaly", anomaly.id))
    if candidate.paired:
        bounds = f"{candidate.route.min_hours:g}-{candidate.route.max_hours:g} h"
        terms.append((Term(crule.timing_bonus, f"departure and arrival fit the transit bounds {bounds}"),
                      "measurement", candidate.arrivals[0].measurement_id))
        if _agree(candidate):
            terms.append((Term(crule.volume_bonus, "departure and arrival sizes agree"), "measurement",
                          candidate.departures[0].measurement_id))
    sole = _sole_route(candidate, corridor)
    if sole:
        terms.append((Term(crule.sole_route if sole[0] == 1 else -math.log(sole[0]), sole[1]), "measurement",
                      (candidate.departures or candidate.arrivals)[0].measurement_id))
    terms += [(Term(crule.watched_quiet, note), "measurement", ref) for note, ref in candidate.unseen]
    seen = candidate.departures + candidate.arrivals
    if seen and crule.vessels_only and all(c.quantity is Quantity.VESSELS for c in seen):
        terms.append((Term(crule.vessels_only, "vessels only: no change in containers at either end (ships also "
                           "call without a load)"), "measurement", seen[0].measurement_id))
    return terms


def _stood_terms(candidate: Candidate, moves: Moves, rule: FusionRule) -> list[tuple[Term, str, str]]:
    """Dwell: loads gather for days before they leave and stand for days after they arrive, so a
    rise and a fall of the same size on either side of one observation are one load's stay. Weighed
    for one-sided candidates only: a paired one has its two ends already."""
    if candidate.paired:
        return []
    out = []
    for role, changes in (("departure", candidate.departures), ("arrival", candidate.arrivals)):
        for change in changes:
            other = moves.stood(change, role)
            if other is not None:
                how = "gathered before it left" if role == "departure" else "stood, then went on"
                why = f"{how}: {other.explain()}"
                out.append((Term(rule.confidence.stood, why), "measurement", other.measurement_id))
    return out


def _faint_terms(candidate: Candidate, series: dict[tuple[str, Quantity], list[Point]], changes: Sequence[Change],
                 rule: FusionRule) -> list[tuple[Term, str, str]]:
    """One-sided: the other end's count moved the load's way, too little to be a change by itself
    (`armstrack.fusion.faint`); weighed by the standard errors it moved, up to `faint_full_z`."""
    crule = rule.confidence
    move = faint_partner(candidate, series, changes)
    if move is None or crule.faint <= 0:
        return []
    weight = crule.faint * min(1.0, move.z / crule.faint_full_z)
    return [(Term(round(weight, 3), f"the other end moved the same way: {move.explain()}"), "measurement",
             move.after.measurement_id)]


def _claim_terms(candidate: Candidate, claims: Sequence[ClaimEvidence], corridor: Corridor,
                 registry: SourceRegistry, rule: FusionRule) -> list[tuple[Term, str, str]]:
    fitting = _fitting(candidate, claims, corridor, rule.link)
    if not fitting:
        return []
    fits = {item.id: fit for item, fit in fitting}
    grade = grade_claims([item for item, _ in fitting], registry)
    out = []
    for groups, supports in ((grade.supporting, True), (grade.contradicting, False)):
        for group in groups:
            fit = max(fits[c.id] for c in group.claims)
            hedges = [c.claim.likelihood.probability for c in group.claims if c.claim.likelihood]
            term = claim_term(group, fit, max(hedges) if hedges else None, rule.confidence, supports)
            again = Term(0.0, f"{group.label}: same origin, counted once", against=not supports)
            out += [(term if i == 0 else again, "claim", c.id) for i, c in enumerate(group.claims)]
    for group in grade.denials:
        out += [(Term(0.0, f"denial by interested party {group.source.name}: recorded, not counted", against=True),
                 "claim", c.id) for c in group.claims]
    out.append((Term(0.0, f"sources graded {grade.explanation}"), "claim", fitting[0][0].id))
    return out


def _sole_route(candidate: Candidate, corridor: Corridor) -> tuple[int, str] | None:
    """For a one-sided candidate: how many routes open at the time the seen end could mean, and why.
    One: the seen end can only mean this route. k > 1: the load went along one of them, odds 1 in k."""
    route = candidate.route
    if candidate.paired or candidate.claim_only:
        return None
    if candidate.departures:
        others = [r for r in corridor.routes if r.from_site == route.from_site and r.mode is route.mode]
        where = f"out of {route.from_site}"
    else:
        others = [r for r in corridor.routes if r.to_site == route.to_site and r.mode is route.mode]
        where = f"into {route.to_site}"
    k = max(1, len([r for r in others if route_open(r, candidate.start, candidate.end)]))
    if k == 1:
        return 1, f"the only {route.mode.value} route {where} in the corridor open at the time"
    return k, f"one of {k} {route.mode.value} routes {where} open at the time"


def _agree(candidate: Candidate) -> bool:
    """Whether the departure and the arrival show loads of one size, in a count that measures the load
    (rail cars, TEU): vessels are counted in ones, so one ship leaving and one arriving agree always."""
    loads = [q for q in candidate.route.mode.quantities if q is not Quantity.VESSELS]
    for quantity in loads:
        deps = [c for c in candidate.departures if c.quantity is quantity]
        arrs = [c for c in candidate.arrivals if c.quantity is quantity]
        if deps and arrs:
            a, b = deps[0].size, arrs[0].size
            return a.low <= b.high and b.low <= a.high
    return False


def combined_size(changes: Sequence[Change], ceiling: float | None = None) -> Interval | None:
    """One count interval from the views of one load, each with its own interval (the two measurement
    intervals and the site's own movement). Changes at one site in one direction are one view in
    parts (a load unloaded across two passes) and add up (`_one_view`). A view can miss part of a
    load (cars that came after the last pass before departure, containers moved on before the first
    pass after arrival) or take in ordinary traffic that moved between the same passes, so the
    interval runs from the smallest low to the largest high, around the largest view. A load seen at
    one end only (`ceiling` given) may have been seen in part: its high is raised to `ceiling`, the
    largest load the site has shown in one change, since a view is a lower bound with no upper end."""
    parts: dict[tuple[str, int], list[Interval]] = {}
    for c in changes:
        parts.setdefault((c.site_id, c.direction), []).append(c.size)
    views = [_one_view(sizes) for sizes in parts.values()]
    if not views:
        return None
    value = max(v.value for v in views)
    low, high = min(v.low for v in views), max(v.high for v in views)
    if ceiling is not None:
        high = max(high, ceiling)
    return Interval(round(value, 2), round(min(low, value), 2), round(max(high, value), 2))


def _one_view(sizes: Sequence[Interval]) -> Interval:
    """Parts of one view summed: the values add, their independent errors add in quadrature."""
    if len(sizes) == 1:
        return sizes[0]
    value = sum(s.value for s in sizes)
    below = math.hypot(*(s.value - s.low for s in sizes))
    above = math.hypot(*(s.high - s.value for s in sizes))
    return Interval(value, value - below, value + above)


def largest_loads(changes: Sequence[Change]) -> dict[tuple[str, Quantity], float]:
    """The high end of the largest change per site and quantity: what one load there can be at most,
    as far as the series shows (a load that arrives also leaves, so both directions count)."""
    out: dict[tuple[str, Quantity], float] = {}
    for c in changes:
        out[(c.site_id, c.quantity)] = max(out.get((c.site_id, c.quantity), 0.0), c.size.high)
    return out


def _volume(candidate: Candidate, assumptions: VolumeAssumptions, calibre: str | None,
            largest: dict[tuple[str, Quantity], float] | None = None) -> dict[str, Interval]:
    primary = candidate.route.mode.quantities[0] if candidate.route.mode.quantities else None
    views = [c for c in candidate.departures + candidate.arrivals if c.quantity is primary]
    ceiling = None
    if views and not candidate.paired and largest is not None:
        ceiling = max(largest.get((c.site_id, c.quantity), 0.0) for c in views)
    count = combined_size(views, ceiling)
    if count is None or primary is None:
        return {}
    seed = volume_seed(candidate.route.id, candidate.start)
    intervals = count_estimate(primary, count, calibre, assumptions, seed).intervals()
    return {primary.value: count, "shells": intervals["shells"], "tonnes": intervals["tonnes"]}
