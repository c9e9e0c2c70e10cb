"""Blocking: an inverted index of name keys per list, so a query is scored only against the
entries that share a rare enough key with it, never against the whole list.

Keys come from followthemoney/rigour name analysis: each name part's comparable form, its
metaphone and (for parts of five letters or more) its first and last three letters, the
cross-script name symbols rigour tags (so "Чен Ын" and "Jong Un" share a key), a sorted-parts
fingerprint of the whole name, and IMO numbers.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from followthemoney import EntityProxy, model, registry
from followthemoney.names import entity_names
from rigour.names import NamePartTag, Symbol

from armstrack.model import content_hash
from armstrack.screening.lists import SanctionList
from armstrack.screening.query import entity_imos, prepare

SKIPPED_TAGS = (NamePartTag.STOP, NamePartTag.LEGAL)
SKIPPED_SYMBOLS = (Symbol.Category.INITIAL, Symbol.Category.SYMBOL, Symbol.Category.ORG_CLASS)
KEY_WEIGHTS = {"imo": 10.0, "fp": 3.0, "part": 1.0, "sym": 0.8, "mph": 0.6, "pre": 0.3, "suf": 0.3}


def blocking_keys(entity: EntityProxy) -> set[str]:
    """The keys an entity is filed under (and looked up by)."""
    keys = {f"imo:{imo}" for imo in entity_imos(entity)}
    for name in entity_names(entity, phonetics=False, numerics=False, consolidate=False):
        parts = [p for p in name.parts if p.tag not in SKIPPED_TAGS and p.comparable]
        if parts:
            keys.add("fp:" + " ".join(sorted(p.comparable for p in parts)))
        for part in parts:
            if len(part.comparable) >= 2:
                keys.add(f"part:{part.comparable}")
            if len(part.comparable) >= 4 and part.metaphone:
                keys.add(f"mph:{part.metaphone}")
            if len(part.comparable) >= 5:  # one typo keeps the head or the tail of a word
                keys.update((f"pre:{part.comparable[:3]}", f"suf:{part.comparable[-3:]}"))
        for span in name.spans:
            if span.symbol.category not in SKIPPED_SYMBOLS:
                keys.add(f"sym:{span.symbol.category.value}:{span.symbol.id}")
    return keys


def entity_key(list_id: str, entry_id: str) -> str:
    """A list entry's entity id, unique across lists and valid as a FollowTheMoney entity id."""
    prefix = list_id[:12]
    return registry.entity.clean(f"{prefix}.{entry_id}") or f"{prefix}.{content_hash(entry_id)}"


@dataclass
class ListIndex:
    """One list's entries with their inverted key index. Entity ids are made unique across lists
    (`<list id>.<entry id>`) because the matcher caches name analysis by entity id."""

    list_id: str
    list_name: str
    entities: list[EntityProxy]
    entry_ids: list[str]
    postings: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, sanction_list: SanctionList) -> ListIndex:
        info = sanction_list.info
        entities, entry_ids = [], []
        for entity in sanction_list.entities:
            entry_ids.append(str(entity.id))
            copy = model.get_proxy(entity.to_dict(), cleaned=True)
            copy.id = entity_key(info.id, str(entity.id))
            entities.append(prepare(copy))
        index = cls(info.id, info.name, entities, entry_ids)
        for position, entity in enumerate(entities):
            for key in blocking_keys(entity):
                index.postings.setdefault(key, []).append(position)
        return index

    def __len__(self) -> int:
        return len(self.entities)

    def weight(self, key: str) -> float:
        """A key's weight: its kind's weight times its inverse document frequency."""
        kind = key.split(":", 1)[0]
        return KEY_WEIGHTS[kind] * math.log(1 + len(self.entities) / len(self.postings[key]))

    def part_count(self, part: str) -> int:
        """How many entries carry a name part (its comparable form), for the rules' IDF."""
        return len(self.postings.get(f"part:{part}", ()))

    def candidates(self, keys: Iterable[str], limit: int = 20, max_bucket: int = 2000) -> list[int]:
        """Entry positions sharing keys with the query, best first: `limit` of them, plus those tied
        with the last (up to twice `limit`), plus every entry sharing an IMO number. Keys filed
        under more than `max_bucket` entries are too common to help and are skipped."""
        scores: defaultdict[int, float] = defaultdict(float)
        forced: list[int] = []
        for key in keys:
            bucket = self.postings.get(key)
            if not bucket or len(bucket) > max_bucket:
                continue
            if key.startswith("imo:"):
                forced.extend(bucket)
            weight = self.weight(key)
            for position in bucket:
                scores[position] += weight
        ranked = heapq.nlargest(2 * limit, scores, key=scores.__getitem__)
        if len(ranked) > limit:
            cut = scores[ranked[limit - 1]] - 1e-9
            ranked = ranked[:limit] + [p for p in ranked[limit:] if scores[p] >= cut]
        return list(dict.fromkeys([*forced, *ranked]))

    def to_dict(self) -> dict[str, Any]:
        """A compact, JSON-ready form (the cache file of a list in a workspace)."""
        return {"list_id": self.list_id, "list_name": self.list_name, "entry_ids": self.entry_ids,
                "entities": [e.to_dict() for e in self.entities], "postings": self.postings}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListIndex:
        entities = [model.get_proxy(e, cleaned=True) for e in data["entities"]]
        return cls(data["list_id"], data["list_name"], entities, list(data["entry_ids"]),
                   {k: list(v) for k, v in data["postings"].items()})
