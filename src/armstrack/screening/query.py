"""What is screened: a query (a name with its type and identifiers) as followthemoney entities.

Names pass through the OpenSanctions stack unchanged, with one addition rigour does not make:
a Korean personal name written in Hangul without spaces ("김정은") is also read as family name
plus given name ("김 정은"), and romanised syllable by syllable with ICU's McCune-Reischauer
transform (Korean-Latin/BGN: "kim chong un"), the system North Korean names on sanctions lists
follow, and in North Korea's own style ("Kim Jong Un": plain ㅈ as J, aspirated ㅊ ㅌ ㅍ ㅋ as Ch, Th,
Ph, Kh), which most list entries use; rigour's own transliteration gives the South Korean one
("gim jeongeun").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

import icu
from followthemoney import EntityProxy, model
from rigour.ids import IMO
from rigour.text import ascii_text

from armstrack.model import ArmstrackError, content_hash

HANGUL_NAME = re.compile(r"^[\uac00-\ud7a3]{2,4}$")
NAMED_PROPS = ("name", "alias", "weakAlias", "previousName")


class EntityType(StrEnum):
    """The kind of thing screened; each maps to the followthemoney schema it is compared as."""

    PERSON = "person"
    COMPANY = "company"
    VESSEL = "vessel"
    ENTITY = "entity"  # not known: compared with people, companies and vessels alike

    @property
    def schemata(self) -> tuple[str, ...]:
        return {
            EntityType.PERSON: ("Person",),
            EntityType.COMPANY: ("Company",),
            EntityType.VESSEL: ("Vessel",),
            EntityType.ENTITY: ("LegalEntity", "Vessel"),
        }[self]

    @classmethod
    def parse(cls, text: str | None) -> EntityType:
        if not text:
            return cls.ENTITY
        try:
            return cls(text.strip().lower())
        except ValueError:
            known = ", ".join(t.value for t in cls)
            raise ArmstrackError(f"entity type {text!r} is not known; expected one of: {known}") from None


def normalize_imo(text: str | None) -> str | None:
    """'IMO 9161003' or '9161003' -> '9161003'; an invalid number (bad check digit) is an error."""
    if text is None or not str(text).strip():
        return None
    value = IMO.normalize(str(text).strip())
    if value is None or not IMO.is_valid(value):
        raise ArmstrackError(f"IMO number {text!r} is not valid (expected 7 digits with a correct check digit)")
    return value.removeprefix("IMO")


def entity_imos(entity: EntityProxy) -> set[str]:
    """The IMO numbers of an entity as bare 7-digit strings."""
    found = set()
    for value in entity.get("imoNumber", quiet=True):
        normal = IMO.normalize(value)
        if normal is not None:
            found.add(normal.removeprefix("IMO"))
    return found


@cache
def _mccune_reischauer() -> Any:
    return icu.Transliterator.createInstance("NFD; Korean-Latin/BGN; NFC")


# McCune-Reischauer marks aspiration with an apostrophe; North Korea's romanisation spells the
# plain consonant differently instead (ㅈ: MR "ch", DPRK "j"; ㅊ: MR "ch'", DPRK "ch").
DPRK_INITIALS = (("ch'", "ch"), ("ch", "j"), ("t'", "th"), ("p'", "ph"), ("k'", "kh"))
# Inside a given name both systems voice a plain consonant ("Jong Bok", "Chongbok"); lists spell
# it either way, so the given name is also spelled voiced.
VOICED_INITIALS = (("ch'", "ch"), ("t'", "th"), ("p'", "ph"), ("k'", "kh"), ("ch", "j"), ("k", "g"),
                   ("t", "d"), ("p", "b"))


def romanize_syllable(syllable: str, initial: bool, dprk: bool = False, voiced: bool = False) -> str:
    """One Hangul syllable in McCune-Reischauer, ASCII, without aspiration marks (or, `dprk`, in
    North Korea's style: "Jong", "Thae"; `voiced`, as inside a given name: "Bok", "Gwang"). A
    name-initial ㄹ stays 'r' (Ri, Ryu), as North Korea writes it, where the BGN rules give 'n'."""
    latin = ascii_text(_mccune_reischauer().transliterate(syllable).replace("\u2019", "'"))
    if dprk or voiced:
        table = VOICED_INITIALS if voiced else DPRK_INITIALS
        latin = next((new + latin[len(old):] for old, new in table if latin.startswith(old)), latin)
    latin = latin.replace("'", "")
    if initial and unicodedata.normalize("NFD", syllable)[0] == "\u1105" and latin[:1] == "n":
        latin = "r" + latin[1:]
    return latin


def hangul_splits(names: list[str]) -> list[str]:
    """'김정은' -> '김 정은', 'Kim Chongun', 'Kim Chong Un', 'Kim Jong Un': a Hangul personal name
    read as a one-syllable family name and a given name, in Hangul, in McCune-Reischauer and (where
    it differs) in North Korea's style."""
    spellings = []
    for name in (n.strip() for n in names):
        if HANGUL_NAME.match(name):
            syllables = [romanize_syllable(s, i == 0).capitalize() for i, s in enumerate(name)]
            dprk = [romanize_syllable(s, i == 0, dprk=True).capitalize() for i, s in enumerate(name)]
            voiced = dprk[:1] + [romanize_syllable(s, False, voiced=True).capitalize() for s in name[1:]]
            given = syllables[1:]
            spellings += [f"{name[0]} {name[1:]}", f"{syllables[0]} {''.join(given).capitalize()}",
                          " ".join(syllables)]
            spellings += list(dict.fromkeys(" ".join(o) for o in (dprk, voiced) if o != syllables))
    return spellings


def prepare(entity: EntityProxy) -> EntityProxy:
    """Add the spellings the matcher needs but a list leaves out (split Hangul names) to an entity."""
    if entity.schema.is_a("LegalEntity") and not entity.schema.is_a("Organization"):
        names = [v for prop in NAMED_PROPS for v in entity.get(prop, quiet=True)]
        for split in hangul_splits(names):
            entity.add("alias", split, quiet=True)
    return entity


@dataclass(frozen=True)
class Query:
    """One name to screen, with what is known about it and where it was found."""

    name: str
    type: EntityType = EntityType.ENTITY
    imo: str | None = None
    aliases: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()  # where it was found: "claim:<id>", "site:<id>", "cli"

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ArmstrackError("screening query: the name is empty")
        object.__setattr__(self, "imo", normalize_imo(self.imo))

    @property
    def id(self) -> str:
        return content_hash(self.name.casefold(), self.type.value, self.imo, sorted(self.aliases))

    def as_dict(self) -> dict[str, object]:
        """The query as the `screen --json` contract prints it."""
        return {"name": self.name, "type": self.type.value, "imo": self.imo}

    def entity(self, schema: str) -> EntityProxy:
        """The query as an entity of `schema` (its id is unique per query and schema)."""
        entity = model.make_entity(schema)
        entity.id = f"query-{self.id}-{schema}"
        entity.add("name", self.name, quiet=True)
        entity.add("alias", list(self.aliases), quiet=True)
        if self.imo and entity.schema.get("imoNumber") is not None:
            entity.add("imoNumber", f"IMO{self.imo}")
        return prepare(entity)

    def entities(self) -> list[EntityProxy]:
        return [self.entity(schema) for schema in self.type.schemata]
