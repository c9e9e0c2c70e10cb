"""A screening case as FollowTheMoney entities, so it opens in Aleph and OpenSanctions tooling:
the screened entities, the list entries they matched (each with a `Sanction` naming its list),
and one `Similar` link per match carrying the score, the explanation and the analyst's decision."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO

from followthemoney import EntityProxy, model

from armstrack.model import content_hash
from armstrack.screening.matching import ALGORITHM, Match
from armstrack.screening.query import Query


def query_entity(query: Query) -> EntityProxy:
    """The screened entity, with where it was found in its notes."""
    entity = query.entity(query.type.schemata[0])
    entity.id = f"armstrack-{query.id}"
    entity.add("notes", [f"found in {origin}" for origin in query.origins], quiet=True)
    return entity


def sanction_entity(match: Match) -> EntityProxy:
    assert match.entity is not None
    sanction = model.make_entity("Sanction")
    sanction.id = f"armstrack-sanction-{content_hash(match.list_id, match.entry_id)}"
    sanction.add("entity", match.entity.id)
    sanction.add("authority", match.list_name)
    sanction.add("program", match.entity.get("program", quiet=True), quiet=True)
    sanction.add("programId", match.entity.get("programId", quiet=True), quiet=True)
    return sanction


def similar_entity(match: Match, candidate_id: str, decision: str | None) -> EntityProxy:
    assert match.entity is not None
    link = model.make_entity("Similar")
    link.id = f"armstrack-match-{match.hit().id}"
    link.add("candidate", candidate_id)
    link.add("match", match.entity.id)
    link.add("confidenceScore", str(match.score))
    link.add("matcher", f"armstrack/{ALGORITHM.NAME}")
    criteria = match.explanation if decision is None else f"analyst decision: {decision}; {match.explanation}"
    link.add("criteria", criteria)
    return link


def case_entities(queries: Iterable[Query], matches: Iterable[Match],
                  decisions: Mapping[str, str | None]) -> Iterator[EntityProxy]:
    """Every entity of the case, each once; `decisions` maps hit ids to the analyst's decision."""
    emitted: set[str] = set()
    candidates: dict[str, str] = {}
    for query in queries:
        entity = query_entity(query)
        candidates[query.id] = str(entity.id)
        emitted.add(str(entity.id))
        yield entity
    for match in matches:
        if match.entity is None:
            continue
        if match.query.id not in candidates:
            entity = query_entity(match.query)
            candidates[match.query.id] = str(entity.id)
            yield entity
        for entity in (match.entity, sanction_entity(match),
                       similar_entity(match, candidates[match.query.id], decisions.get(match.hit().id))):
            if entity.id not in emitted:
                emitted.add(str(entity.id))
                yield entity


def write_entities(entities: Iterable[EntityProxy], handle: IO[str]) -> int:
    """Write entities as FollowTheMoney JSON lines; returns how many."""
    count = 0
    for entity in entities:
        handle.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
