"""A small gazetteer of corridor places with their aliases, for reading place names in reports."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Place:
    name: str
    site: str | None
    country: str
    lon: float
    lat: float
    aliases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Rasŏn' and 'rason' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


class Gazetteer:
    """Looks places up by any spelling; `find` scans free text for every known spelling."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self._index: dict[str, Place] = {}
        for place in places:
            for spelling in place.spellings:
                self._index.setdefault(fold(spelling), place)

    def lookup(self, name: str) -> Place | None:
        return self._index.get(fold(name))

    def spellings(self) -> list[tuple[str, Place]]:
        """Every (spelling, place), longest spelling first (for greedy matching)."""
        pairs = [(s, p) for p in self.places for s in p.spellings]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def for_site(self, site_id: str) -> Place | None:
        return next((p for p in self.places if p.site == site_id), None)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    raw = json.loads((resources.files("armstrack.corridor") / "data" / "gazetteer.json").read_text("utf-8"))
    return Gazetteer([Place(name=p["name"], site=p["site"], country=p["country"], lon=p["lon"], lat=p["lat"],
                            aliases=tuple(p["aliases"])) for p in raw["places"]])
