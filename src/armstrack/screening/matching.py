"""Scoring a query against list entries: nomenklatura's logic-v2 matcher, with IMO numbers made
decisive for vessels both ways, and a per-feature explanation of every score.

logic-v2 compares names across scripts and orders with rigour's name analysis (transliteration,
company-form removal, cross-script name symbols, person-name alignment) and scores identifiers.
On top of it: two vessels that both carry IMO numbers and share none are not the same ship,
whatever their names (the Lady R / Lady Maria trap); sharing one is a match (logic-v2 scores it).
Then the entry type's rule (`rules.py`): a person's family name, an organisation's distinctive
name part, must be in the query, or the pair scores at most `rules.VETO_SCORE`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from followthemoney import EntityProxy
from nomenklatura.matching import LogicV2
from nomenklatura.matching.types import ScoringConfig

from armstrack.model import ScreeningHit
from armstrack.screening.index import ListIndex, blocking_keys
from armstrack.screening.query import Query, entity_imos
from armstrack.screening.rules import VETO_SCORE, PartCount, veto

DEFAULT_THRESHOLD = 0.7
ALGORITHM = LogicV2
# Entry name parts the query lacks weigh 0.5 (logic-v2: 0.2): on the screening benchmark this cut
# false hits on companies sharing two of three words from 23 % to 7 % at the same recall at 0.7.
DEFAULT_OPTIONS: dict[str, float] = {"nm_extra_result_name": 0.5}
IMO_MISMATCH = "imo_mismatch"


@dataclass(frozen=True)
class FeatureScore:
    """One feature's contribution to a score: which values on each side, and how they compared."""

    name: str
    score: float
    detail: str
    query: str | None = None
    candidate: str | None = None

    def describe(self) -> str:
        pair = f" ({self.query!r} ~ {self.candidate!r})" if self.query and self.candidate else ""
        return f"{self.name}={self.score:.2f}{pair}: {self.detail}"


@dataclass
class Match:
    """A query matched to one list entry, with its score and why."""

    query: Query
    list_id: str
    list_name: str
    entry_id: str
    name: str
    schema: str
    score: float
    features: list[FeatureScore] = field(default_factory=list)
    entity: EntityProxy | None = None  # the list entry, for exports

    @property
    def explanation(self) -> str:
        return "; ".join(f.describe() for f in self.features) or "no feature matched"

    def hit(self) -> ScreeningHit:
        return ScreeningHit(query=self.query.name, list_name=self.list_name, entry_id=self.entry_id,
                            name=self.name, score=self.score, explanation=self.explanation)

    def as_dict(self) -> dict[str, object]:
        """One hit as the `screen --json` contract prints it."""
        return {"list": self.list_name, "entry_id": self.entry_id, "name": self.name,
                "score": self.score, "explanation": self.explanation}


def score_pair(query: EntityProxy, entry: EntityProxy, config: ScoringConfig,
               count: PartCount | None = None) -> tuple[float, list[FeatureScore]]:
    """The score of one query entity against one list entry, with its non-zero features. With
    `count` (how many list entries carry a name part), the entry type's rule applies too."""
    query_imos, entry_imos = entity_imos(query), entity_imos(entry)
    if query_imos and entry_imos and not query_imos & entry_imos:
        detail = f"IMO {', '.join(sorted(query_imos))} is not the entry's IMO {', '.join(sorted(entry_imos))}"
        return 0.0, [FeatureScore(IMO_MISMATCH, 0.0, detail)]
    result = ALGORITHM.compare(query, entry, config)
    features = [FeatureScore(name, round(ft.score, 3), ft.detail or "", ft.query, ft.candidate)
                for name, ft in result.explanations.items() if ft.score > 0]
    score = result.score
    if count is not None and score > VETO_SCORE and not (query_imos & entry_imos):
        found = veto(query, entry, count)
        if found is not None:
            score = VETO_SCORE
            features.append(FeatureScore(found.rule + "_mismatch", VETO_SCORE, found.detail))
    return round(score, 3), features


class Screener:
    """Screens queries against a set of list indexes (one per list) through their blocking keys."""

    def __init__(self, indexes: list[ListIndex], candidates: int = 20,
                 options: Mapping[str, float] | None = None, rules: bool = True) -> None:
        """`candidates`: entries scored per query, list and schema; `options`: logic-v2 settings
        over `DEFAULT_OPTIONS` (e.g. `nm_extra_result_name`, the weight of entry name parts the
        query lacks); `rules`: apply the per-type rules of `rules.py` (family name, distinctive part)."""
        self.indexes = indexes
        self.candidates = candidates
        self.rules = rules
        self.config = ALGORITHM.default_config()
        self.config.config.update({**DEFAULT_OPTIONS, **(options or {})})

    def screen(self, query: Query, threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
        """Hits at or above `threshold`, best first (one per list entry)."""
        best: dict[tuple[str, str], Match] = {}
        for query_entity in query.entities():
            keys = blocking_keys(query_entity)
            for index in self.indexes:
                for position in index.candidates(keys, self.candidates):
                    entry = index.entities[position]
                    if not query_entity.schema.can_match(entry.schema):
                        continue
                    count = index.part_count if self.rules else None
                    score, features = score_pair(query_entity, entry, self.config, count)
                    key = (index.list_id, index.entry_ids[position])
                    if score >= threshold and (key not in best or best[key].score < score):
                        best[key] = Match(query, index.list_id, index.list_name, index.entry_ids[position],
                                          entry.caption, entry.schema.name, score, features, entry)
        return sorted(best.values(), key=lambda m: (-m.score, m.list_name, m.entry_id))

    def screen_all(self, queries: list[Query], threshold: float = DEFAULT_THRESHOLD) -> dict[str, list[Match]]:
        """Hits per query id."""
        return {query.id: self.screen(query, threshold) for query in queries}
