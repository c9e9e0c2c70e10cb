"""Grading: an Admiralty code (reliability A-F, credibility 1-6) for what a set of claims says.

Claims are first grouped into independent origins: claims whose attribution chains end in the
same origin, and reposts of one story (same story_id), are one group and count once. Credibility
then follows from how many independent origins support the transfer and how many contradict it.
A denial by an interested party (the supplier or recipient state, or its media) is recorded and
shown, but does not count as a contradiction by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from armstrack.corridor.gazetteer import fold
from armstrack.fusion.claimfit import country_of
from armstrack.fusion.sources import SourceRegistry, normalise, speaks_for
from armstrack.model import Claim, ClaimStatus, Credibility, Reliability, Source

RANK = {r: i for i, r in enumerate(Reliability)}  # A best ... F last


@dataclass(frozen=True)
class ClaimEvidence:
    """A claim with what its report adds: publisher and story (reposts share a story_id)."""

    claim: Claim
    publisher: str | None = None
    story_id: str | None = None

    @property
    def origin(self) -> str:
        return self.claim.origin or self.publisher or f"unattributed report {self.claim.report_id}"

    @property
    def id(self) -> str:
        return self.claim.id


@dataclass
class OriginGroup:
    """Claims that count as one: the same origin, or reposts of the same story."""

    source: Source
    claims: list[ClaimEvidence] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.source.name} [{self.source.reliability.value}]"


@dataclass(frozen=True)
class Grade:
    """Reliability and credibility with the groups behind them and a one-line why."""

    reliability: Reliability
    credibility: Credibility
    supporting: list[OriginGroup]
    contradicting: list[OriginGroup]
    denials: list[OriginGroup]
    explanation: str

    @property
    def code(self) -> str:
        return f"{self.reliability.value}{self.credibility.value}"


def is_interested_denial(evidence: ClaimEvidence, registry: SourceRegistry) -> bool:
    """A denial whose origin is the supplier or recipient state (or speaks for it)."""
    if evidence.claim.status is not ClaimStatus.DENIED:
        return False
    origin = fold(evidence.origin)
    parties = [fold(p) for p in (evidence.claim.supplier, evidence.claim.recipient) if p]
    return registry.is_interested(evidence.origin) or any(p and p in origin for p in parties)


def group_independent(evidence: Sequence[ClaimEvidence], registry: SourceRegistry) -> list[OriginGroup]:
    """Union claims that share an origin or a story; one group per independent origin."""
    parent = list(range(len(evidence)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[str, int] = {}
    for i, item in enumerate(evidence):
        keys = [f"origin:{normalise(item.origin)}"] + ([f"story:{item.story_id}"] if item.story_id else [])
        for key in keys:
            if key in first_seen:
                parent[find(i)] = find(first_seen[key])
            else:
                first_seen[key] = i
    groups: dict[int, list[ClaimEvidence]] = {}
    for i, item in enumerate(evidence):
        groups.setdefault(find(i), []).append(item)
    out = []
    for members in groups.values():
        sources = [registry.grade(m.origin) for m in members]
        out.append(OriginGroup(source=min(sources, key=lambda s: RANK[s.reliability]), claims=members))
    return out


def party_of(evidence: ClaimEvidence) -> str:
    """'supplier', 'recipient' or 'interested party': whom a denial speaks for."""
    origin = fold(evidence.origin)
    voices = speaks_for(evidence.origin)
    roles = [role for role, party in (("supplier", evidence.claim.supplier), ("recipient", evidence.claim.recipient))
             if party and (fold(party) in origin or country_of(party) in voices)]
    return " and ".join(roles) or "interested party"


def _parties(denials: list[OriginGroup]) -> str:
    roles = sorted({party_of(c) for g in denials for c in g.claims})
    return roles[0] if len(roles) == 1 else "interested parties"


def credibility_of(supporting: int, contradicting: int) -> Credibility:
    """Admiralty credibility from counts of independent origins (rule in docs/fusion.md)."""
    if supporting == 0:
        return Credibility.CANNOT_BE_JUDGED if contradicting == 0 else Credibility.IMPROBABLE
    if contradicting >= supporting:
        return Credibility.DOUBTFUL
    if contradicting:
        return Credibility.POSSIBLY_TRUE
    if supporting >= 3:
        return Credibility.CONFIRMED
    return Credibility.PROBABLY_TRUE if supporting == 2 else Credibility.POSSIBLY_TRUE


def grade_claims(evidence: Sequence[ClaimEvidence], registry: SourceRegistry) -> Grade:
    """The Admiralty grade of what these claims say about one transfer, with its explanation."""
    supporting_items = [e for e in evidence if e.claim.status.supports]
    denials_items = [e for e in evidence if is_interested_denial(e, registry)]
    against_items = [e for e in evidence if e.claim.status is ClaimStatus.DENIED and e not in denials_items]
    supporting = group_independent(supporting_items, registry)
    contradicting = group_independent(against_items, registry)
    denials = group_independent(denials_items, registry)
    credibility = credibility_of(len(supporting), len(contradicting))
    graded = supporting or contradicting
    reliability = min((g.source.reliability for g in graded), key=RANK.__getitem__, default=Reliability.F)
    return Grade(reliability, credibility, supporting, contradicting, denials,
                 _explain(reliability, credibility, supporting, contradicting, denials))


def _explain(reliability: Reliability, credibility: Credibility, supporting: list[OriginGroup],
             contradicting: list[OriginGroup], denials: list[OriginGroup]) -> str:
    parts = [f"{len(supporting)} independent origin{'s' if len(supporting) != 1 else ''}"
             + (f" ({', '.join(g.label for g in supporting)})" if supporting else "")]
    if contradicting:
        parts.append(f"{len(contradicting)} independent contradiction{'s' if len(contradicting) > 1 else ''} "
                     f"({', '.join(g.label for g in contradicting)})")
    if denials:
        parts.append(f"{len(denials)} denial{'s' if len(denials) > 1 else ''} by "
                     f"{_parties(denials)} ({', '.join(g.source.name for g in denials)}; recorded, not counted)")
    return f"{reliability.value}{credibility.value}: " + ", ".join(parts) + f"; {credibility.label}"
