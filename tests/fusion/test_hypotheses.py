"""Linking departures and arrivals within the routes' transit bounds; confidence monotonicity."""

from __future__ import annotations

import random
from datetime import timedelta

from armstrack.corridor.geojson import load_default
from armstrack.fusion.confidence import ConfidenceRule, Term, combine
from armstrack.fusion.fuse import fuse
from armstrack.fusion.hypotheses import feasible_window, pair_changes
from armstrack.model import Likelihood, Mode, Route

from .worlds import T0, claim, meas, rail_world

ROUTE = Route("tumangang", "khasan", Mode.RAIL, 0.5, 24.0)


def _changes(ms: list) -> list:
    from armstrack.fusion.changes import detect_changes

    return detect_changes(ms)


def _fall_and_rise(gap_hours: float) -> tuple:
    """A fall at Tumangang between day 9 and 12, a rise at Khasan between 9+gap/24 and 12+gap/24."""
    base = [(0, 10, 5), (3, 10, 5), (6, 10, 5), (9, 60, 5), (12, 10, 55), (15, 10, 5)]
    ms = []
    for day, tum, _ in base:
        ms.append(meas("tumangang", T0 + timedelta(days=day), tum))
    for day, _, kha in base:
        ms.append(meas("khasan", T0 + timedelta(days=day, hours=gap_hours), kha))
    changes = _changes(ms)
    deps = [c for c in changes if c.site_id == "tumangang" and c.direction < 0]
    arrs = [c for c in changes if c.site_id == "khasan" and c.direction > 0]
    return deps, arrs


def test_departure_and_arrival_pair_within_transit_bounds() -> None:
    deps, arrs = _fall_and_rise(gap_hours=1)
    (candidate,) = [c for c in pair_changes(ROUTE, deps, arrs) if c.paired]
    assert candidate.start == deps[0].earliest
    assert candidate.end == arrs[0].latest
    window = feasible_window(deps[0], arrs[0], ROUTE)
    assert window == (candidate.start, candidate.end)


def test_an_arrival_too_late_for_the_route_does_not_pair() -> None:
    deps, arrs = _fall_and_rise(gap_hours=24 * 5)  # the rise is bracketed from 2 days after the fall
    assert feasible_window(deps[0], arrs[0], ROUTE) is None
    assert not any(c.paired for c in pair_changes(ROUTE, deps, arrs))


def test_an_arrival_before_the_departure_does_not_pair() -> None:
    deps, arrs = _fall_and_rise(gap_hours=-24 * 5)
    assert feasible_window(deps[0], arrs[0], ROUTE) is None


def test_paired_shipment_is_likely_and_one_sided_is_weaker() -> None:
    ms, truth = rail_world([(14, 60)], days=45)
    result = fuse(load_default(), ms)
    rail = [s for s in result.shipments if s.route_id == "tumangang->khasan:rail"]
    assert len(rail) == 1
    (shipment,) = rail
    depart = truth[0]["depart"]
    assert shipment.window_start <= depart <= shipment.window_end  # type: ignore[operator]
    assert shipment.confidence > 0.8 and shipment.likelihood in (Likelihood.VERY_LIKELY, Likelihood.ALMOST_CERTAIN)
    assert shipment.volume["rail_cars"].contains(60)
    assert {"shells", "tonnes"} <= set(shipment.volume)
    onward = [s for s in result.shipments if s.route_id == "khasan->tikhoretsk:rail"]
    assert onward and all(s.confidence < shipment.confidence for s in onward)
    assert any("the only rail route out of khasan" in e.explanation for e in onward[0].evidence)


def test_a_departure_with_the_destination_watched_and_quiet_is_contradicted() -> None:
    ms, _ = rail_world([(14, 60)], days=30, revisit_days=1.0)
    quiet = [m for m in ms if m.site_id == "tumangang"] + [meas("khasan", m.acquired, 6) for m in ms
                                                           if m.site_id == "khasan"]
    (shipment,) = [s for s in fuse(load_default(), quiet).shipments if s.route_id.startswith("tumangang")]
    against = [e for e in shipment.evidence if not e.supports]
    assert against and "no arrival of rail_cars at khasan" in against[0].explanation
    assert shipment.confidence < 0.5
    loose, _ = rail_world([(14, 60)], days=45, revisit_days=4.0)  # passes too far apart to prove a quiet day
    loose_quiet = [m for m in loose if m.site_id == "tumangang"] + [meas("khasan", m.acquired, 6) for m in loose
                                                                     if m.site_id == "khasan"]
    (unproven,) = [s for s in fuse(load_default(), loose_quiet).shipments if s.route_id.startswith("tumangang")]
    assert all(e.supports for e in unproven.evidence) and unproven.confidence > shipment.confidence


def test_claims_that_fit_raise_confidence_and_off_route_claims_do_not_link() -> None:
    ms, _ = rail_world([(14, 60)], days=45)
    base = fuse(load_default(), ms)
    fitting = claim(["Yonhap", "South Korean defense sources"], period=("2023-08", "2023-08"))
    elsewhere = claim(["CSIS Beyond Parallel"], mode="sea", places=("Rajin", "Dunai"), report="r2")
    wrong_month = claim(["Reuters"], period=("2024-03", None), report="r3")
    fused = fuse(load_default(), ms, [fitting, elsewhere, wrong_month])

    def rail(result: object) -> object:
        return next(s for s in result.shipments if s.route_id == "tumangang->khasan:rail")  # type: ignore[attr-defined]

    before, after = rail(base), rail(fused)
    assert after.confidence > before.confidence  # type: ignore[attr-defined]
    linked = {e.ref_id for e in after.evidence if e.kind == "claim"}  # type: ignore[attr-defined]
    assert fitting.id in linked and elsewhere.id not in linked and wrong_month.id not in linked
    denial = claim(["Reuters", "KCNA"], status="denied", mode="unknown", places=(), report="r4")
    denied = rail(fuse(load_default(), ms, [fitting, denial]))
    (link,) = [e for e in denied.evidence if e.ref_id == denial.id]  # type: ignore[attr-defined]
    assert not link.supports and link.weight == 0
    assert denied.confidence == after.confidence  # type: ignore[attr-defined]
    claim_only = [s for s in fused.shipments if s.route_id == "rajin->dunai:sea"]
    assert claim_only and claim_only[0].window_start.month == 8


def test_confidence_is_monotone_in_evidence() -> None:
    rng = random.Random(3)
    rule = ConfidenceRule()
    for _ in range(200):
        terms = [Term(rng.uniform(-2, 2), "x") for _ in range(rng.randint(0, 6))]
        base = combine(terms, rule)
        more = combine([*terms, Term(rng.uniform(0.01, 2), "support")], rule)
        less = combine([*terms, Term(-rng.uniform(0.01, 2), "against")], rule)
        assert less.log_odds < base.log_odds < more.log_odds
        assert less.probability <= base.probability <= more.probability
    assert combine([], rule).probability == rule.prior
    assert combine([], rule).reasoning[0].startswith("prior 0.10")


def test_aware_measurement_times_mix_with_claims() -> None:
    from datetime import UTC

    ms, _ = rail_world([(14, 60)], days=45)
    for m in ms:
        m.acquired = m.acquired.replace(tzinfo=UTC)
    fitting = claim(["Yonhap", "South Korean defense sources"], period=("2023-08", "2023-08"))
    (rail,) = [s for s in fuse(load_default(), ms, [fitting]).shipments if s.route_id == "tumangang->khasan:rail"]
    assert rail.window_start.tzinfo is None
    assert fitting.id in {e.ref_id for e in rail.evidence}
