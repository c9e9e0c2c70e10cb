"""Finding what to screen in the workspace's material: vessel mentions in text ("the cargo ship
Angara (IMO 9179842)"), and named entities kept in claim properties."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from armstrack.model import ArmstrackError
from armstrack.screening.query import EntityType, Query

NAME = r"(?P<name>[A-Z0-9][\w'-]*(?:[ ][A-Z0-9][\w'-]*){0,3})"
WITH_IMO = re.compile(NAME + r"\s*[(,]?\s*IMO(?:\s*(?:number|no\.?))?[\s:#]*(?P<imo>\d{7})")
AFTER_KEYWORD = re.compile(r"\b(?:MV|M/V|vessel|ship|freighter|tanker|cargo ship|container ship)\s+" + NAME)
LEADING_WORDS = {"The", "A", "An", "Vessel", "Ship", "MV", "M/V", "Cargo", "Tanker", "Freighter"}
PROPERTY_TYPES = {"entities": EntityType.ENTITY, "named_entities": EntityType.ENTITY,
                  "organizations": EntityType.COMPANY, "companies": EntityType.COMPANY,
                  "persons": EntityType.PERSON, "people": EntityType.PERSON, "vessels": EntityType.VESSEL}


def _clean(name: str) -> str:
    words = name.split()
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def vessel_mentions(text: str, origin: str) -> list[Query]:
    """Vessels named in `text`: a name followed by an IMO number, or a name after a word like 'vessel'."""
    found: dict[str, Query] = {}
    for match in WITH_IMO.finditer(text):
        name = _clean(match.group("name"))
        if name:
            try:
                query = Query(name, EntityType.VESSEL, imo=match.group("imo"), origins=(origin,))
            except ArmstrackError:  # a number with a bad check digit is not an IMO number
                continue
            found[name.casefold()] = query
    for match in AFTER_KEYWORD.finditer(text):
        name = _clean(match.group("name"))
        if name and name.casefold() not in found:
            found[name.casefold()] = Query(name, EntityType.VESSEL, origins=(origin,))
    return list(found.values())


def property_queries(properties: Mapping[str, Any], origin: str) -> list[Query]:
    """Queries from claim properties: `vessels`, `persons`, `organizations`, `entities` (names, or
    objects with `name` and optional `type`, `imo`, `aliases`)."""
    queries = []
    for key, kind in PROPERTY_TYPES.items():
        values = properties.get(key) or []
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and value.strip():
                queries.append(Query(value.strip(), kind, origins=(origin,)))
            elif isinstance(value, dict) and str(value.get("name") or "").strip():
                queries.append(Query(str(value["name"]).strip(), EntityType.parse(value.get("type") or kind.value),
                                     imo=value.get("imo"), aliases=tuple(value.get("aliases") or ()),
                                     origins=(origin,)))
    return queries


def merge_queries(queries: Iterable[Query]) -> list[Query]:
    """One query per distinct (name, type, IMO, aliases), with all the places it was found."""
    merged: dict[str, Query] = {}
    for query in queries:
        known = merged.get(query.id)
        origins = (*known.origins, *query.origins) if known else query.origins
        merged[query.id] = Query(query.name, query.type, query.imo, query.aliases, tuple(dict.fromkeys(origins)))
    return list(merged.values())
