"""Confidence: a transparent log-odds sum of evidence weights, turned into an ICD 203 term.

    log-odds = log(prior / (1 - prior)) + sum of the weights of each piece of evidence
    confidence = 1 / (1 + exp(-log-odds))

Weights (documented with a worked example in docs/fusion.md): an imagery change weighs up to
`change_weight`, scaled by its significance; a departure and an arrival whose times fit the
route's transit bounds add `timing_bonus`, and `volume_bonus` if their sizes agree; a change seen
at one end only adds `sole_route` when the corridor has no other route of that mode from (or to)
that site, and up to `faint` when the other end's count moved its way within the noise; a
hypothesis on vessel counts alone adds `vessels_only` (negative: ships also call without a load);
each independent origin of claims weighs `claim_weight` x its reliability weight x how well the claim
fits x the hedge; contradicting evidence weighs the same, negative; a denial by an interested
party weighs nothing. Adding supporting evidence can only raise the confidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from armstrack.fusion.changes import Change
from armstrack.fusion.grading import OriginGroup
from armstrack.model import Likelihood


@dataclass(frozen=True)
class ConfidenceRule:
    prior: float = 0.1
    change_weight: float = 1.5
    significance_scale: float = 4.0
    timing_bonus: float = 1.0
    volume_bonus: float = 0.5
    sole_route: float = 1.0
    stood: float = 0.75  # a load seen to gather before it left, or to stand after it came, and go
    faint: float = 0.75  # one-sided: the other end moved the load's way, within the noise (at full_z)
    faint_full_z: float = 1.645
    vessels_only: float = -0.6  # only vessel counts changed: ships also call without a load
    claim_weight: float = 1.5
    watched_quiet: float = -1.5


@dataclass(frozen=True)
class Term:
    """One piece of evidence in the sum: its weight and why."""

    weight: float
    why: str
    against: bool = False  # speaks against the shipment even with no weight (a recorded denial)

    @property
    def supports(self) -> bool:
        return self.weight >= 0 and not self.against


@dataclass(frozen=True)
class Confidence:
    probability: float
    log_odds: float
    likelihood: Likelihood
    reasoning: list[str]


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def change_term(change: Change, role: str, rule: ConfidenceRule) -> Term:
    """An imagery change (departure or arrival): more significant, heavier, up to `change_weight`."""
    weight = rule.change_weight * math.tanh(change.significance / rule.significance_scale)
    return Term(round(weight, 3), f"{role}: {change.explain()}")


def claim_term(group: OriginGroup, fit: float, hedge: float | None, rule: ConfidenceRule, supports: bool) -> Term:
    """One independent origin of claims, weighted by its grade, its fit and its hedge."""
    strength = 1.0 if hedge is None else max(0.2, min(1.0, 2 * abs(hedge - 0.5)))
    weight = rule.claim_weight * group.source.reliability.weight * fit * strength
    verb = "supports" if supports else "contradicts"
    count = len(group.claims)
    repeats = f" ({count} claims counted once)" if count > 1 else ""
    return Term(round(weight if supports else -weight, 3),
                f"{group.label} {verb} (fit {fit:.2f}, hedge {strength:.2f}){repeats}")


def combine(terms: Sequence[Term], rule: ConfidenceRule | None = None) -> Confidence:
    """The prior plus every term's weight, as a probability and an ICD 203 term, with reasoning."""
    rule = rule or ConfidenceRule()
    log_odds = logit(rule.prior) + sum(t.weight for t in terms)
    probability = min(0.99, max(0.01, 1 / (1 + math.exp(-log_odds))))
    likelihood = Likelihood.from_probability(probability)
    reasoning = [f"prior {rule.prior:.2f} (log-odds {logit(rule.prior):+.2f})"]
    reasoning += [f"{t.weight:+.2f} {t.why}" for t in terms]
    reasoning.append(f"= log-odds {log_odds:+.2f} -> {probability:.2f} ({likelihood.value})")
    return Confidence(round(probability, 4), round(log_odds, 4), likelihood, reasoning)
