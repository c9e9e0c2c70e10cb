from __future__ import annotations

import itertools

import pytest

from armstrack.model import (
    ArmstrackError,
    ClaimStatus,
    Credibility,
    FeatureRole,
    Interval,
    Likelihood,
    Mode,
    Quantity,
    Reliability,
    content_hash,
)


def test_likelihood_ranges_tile_the_probability_scale() -> None:
    terms = list(Likelihood)
    for before, after in itertools.pairwise(terms):
        assert before.range[1] == after.range[0]
    assert Likelihood.ALMOST_CERTAIN.probability == pytest.approx(0.97)


@pytest.mark.parametrize(("p", "term"), [(0.03, Likelihood.ALMOST_NO_CHANCE), (0.5, Likelihood.ROUGHLY_EVEN),
                                         (0.7, Likelihood.LIKELY), (0.9, Likelihood.VERY_LIKELY),
                                         (0.999, Likelihood.ALMOST_CERTAIN)])
def test_likelihood_from_probability(p: float, term: Likelihood) -> None:
    assert Likelihood.from_probability(p) is term


def test_likelihood_rejects_impossible_probability() -> None:
    with pytest.raises(ArmstrackError, match="probability"):
        Likelihood.from_probability(1.5)


def test_reliability_weights_fall_with_the_grade() -> None:
    weights = [Reliability(g).weight for g in "ABCDE"]
    assert weights == sorted(weights, reverse=True)
    assert Reliability.F.label == "reliability cannot be judged"
    assert Credibility(2).label == "probably true"


def test_enums_carry_behaviour() -> None:
    assert Mode.RAIL.quantities == (Quantity.RAIL_CARS,)
    assert Quantity.CONTAINERS_TEU.feature_role is FeatureRole.YARD
    assert ClaimStatus.CONFIRMED.supports and not ClaimStatus.DENIED.supports


def test_interval_checks_its_order() -> None:
    assert Interval(5, 4, 6).contains(4)
    with pytest.raises(ArmstrackError):
        Interval(7, 4, 6)


def test_content_hash_is_stable_and_sensitive() -> None:
    assert content_hash("a", 1) == content_hash("a", 1)
    assert content_hash("a", 1) != content_hash("a", 2)
    assert content_hash(b"x") != content_hash("x")
