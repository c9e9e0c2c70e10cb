"""The extraction lexicons: JSON tables under `lexicons/`, compiled once into regular expressions.

Each table is data the project writes and reviews (predicates, materiel, modes, countries,
places, sourcing words). Rules in the sibling modules only read a `Lexicon`; changing what is
recognised means editing a JSON file, not code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from armstrack.corridor.gazetteer import Gazetteer, default_gazetteer
from armstrack.model import Likelihood, Mode


def _table(name: str) -> dict[str, Any]:
    text = (resources.files("armstrack.reports.extract") / "lexicons" / f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def alternation(patterns: list[str]) -> str:
    """One non-capturing alternation, longest pattern first so that greedy matching prefers it."""
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def words(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A word-bounded regular expression for any of `patterns`."""
    return re.compile(r"(?<![\w-])" + alternation(patterns) + r"(?![\w-])", flags)


def literals(strings: list[str], flags: int = 0) -> re.Pattern[str]:
    """A word-bounded regular expression for any of the literal `strings`."""
    return words([re.escape(s) for s in strings], flags)


@dataclass(frozen=True)
class Lexicon:
    """Every compiled table the extraction rules use."""

    countries: re.Pattern[str]
    country_of: dict[str, str]
    people: frozenset[str]
    not_countries: re.Pattern[str]
    materiel: re.Pattern[str]
    generic_materiel: frozenset[str]
    not_materiel: re.Pattern[str]
    transfer: re.Pattern[str]
    use: re.Pattern[str]
    receive: re.Pattern[str]
    trade: re.Pattern[str]
    block: re.Pattern[str]
    modes: dict[Mode, re.Pattern[str]]
    not_mode: re.Pattern[str]
    vessels: re.Pattern[str]
    vessel_context: dict[str, re.Pattern[str]]
    site_modes: dict[str, Mode]
    gazetteer: Gazetteer
    places: re.Pattern[str]
    place_of: dict[str, str]
    place_country: dict[str, str]
    explicit_modes: dict[Mode, re.Pattern[str]]
    not_places: re.Pattern[str]
    verb_class: dict[str, str]
    continuation_verbs: frozenset[str]
    anaphoric_objects: re.Pattern[str]
    statement_nouns: frozenset[str]
    generic_speakers: frozenset[str]
    unnamed_heads: frozenset[str]
    wire_of: dict[str, str]
    planned: re.Pattern[str]
    negation: str
    hedge_words: re.Pattern[str]
    hedge_of: dict[str, Likelihood]
    quantity_hedges: re.Pattern[str]
    evidence: dict[str, re.Pattern[str]]
    official: re.Pattern[str]
    official_names: re.Pattern[str]
    denial_words: re.Pattern[str]
    status_verbs: re.Pattern[str]
    evidence_subjects: frozenset[str]
    agent_heads: frozenset[str]
    corridor_flow: tuple[str, ...] = ()  # the default corridor's (supplier, recipient)
    back_reference: re.Pattern[str] = re.compile(r"(?!)")  # "the shells": the shipments just told of
    trade_in_return: re.Pattern[str] = re.compile(r"(?!)")  # "delivering X in return for Y"


def _places(gazetteer: Gazetteer, table: dict[str, Any]) -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """Every place spelling (corridor gazetteer, then the extra places) -> its name, and name -> country."""
    place_of: dict[str, str] = {}
    country: dict[str, str] = {}
    for spelling, place in gazetteer.spellings():
        place_of.setdefault(spelling.casefold(), place.name)
        country[place.name] = place.country
    for name, entry in table["places"].items():
        for spelling in entry["spellings"]:
            place_of.setdefault(spelling.casefold(), name)
        if entry["country"]:
            country[name] = entry["country"]
    return literals(list(place_of), re.IGNORECASE), place_of, country


def _hedges(table: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, Likelihood]]:
    """One case-sensitive pattern for every hedge (longest first) and each hedge's ICD 203 term."""
    hedge_of = {word: Likelihood(term) for term, ws in table.items() for word in ws}
    return literals(list(hedge_of)), hedge_of


def _countries(table: dict[str, Any]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Countries by any spelling; a hyphen may follow ("North Korean-made", "Russian-flagged")."""
    country_of = {spelling: name for name, spellings in table["countries"].items() for spelling in spellings}
    pattern = re.compile(r"(?<![\w-])" + alternation([re.escape(s) for s in country_of]) + r"(?!\w)")
    return pattern, country_of


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with armstrack (cached: compiled once per process)."""
    countries, materiel, predicates = _table("countries"), _table("materiel"), _table("predicates")
    modes, places_table, sourcing = _table("modes"), _table("places"), _table("sourcing")
    gazetteer = default_gazetteer()
    places, place_of, place_country = _places(gazetteer, places_table)
    country_pattern, country_of = _countries(countries)
    hedge_pattern, hedge_of = _hedges(sourcing["hedges"])
    verbs = sourcing["reporting_verbs"]
    return Lexicon(
        countries=country_pattern, country_of=country_of, people=frozenset(countries["people"]),
        not_countries=literals(countries["not_countries"]),
        materiel=words([materiel["qualifier"] + alternation(materiel["terms"])]),
        generic_materiel=frozenset(materiel["generic"]),
        not_materiel=literals(materiel["not_materiel"], re.IGNORECASE),
        transfer=words(predicates["transfer"]), use=words(predicates["use"]),
        receive=words(predicates["receive"]), trade=re.compile(predicates["trade"], re.IGNORECASE),
        block=words(predicates["block"]),
        modes={Mode(name): words(ps) for name, ps in modes["modes"].items()},
        not_mode=words(modes["not_mode"]), vessels=literals(modes["vessels"]),
        vessel_context={name: re.compile(p) for name, p in modes["vessel_context"].items()},
        site_modes={site: Mode(mode) for site, mode in modes["sites"].items()},
        gazetteer=gazetteer, places=places, place_of=place_of, place_country=place_country,
        explicit_modes={Mode(name): words([p]) for name, p in modes["explicit"].items()},
        not_places=literals(places_table["not_places"], re.IGNORECASE),
        verb_class={v: cls for cls, vs in verbs.items() for v in vs},
        continuation_verbs=frozenset(sourcing["continuation_verbs"]),
        anaphoric_objects=re.compile(sourcing["anaphoric_objects"], re.IGNORECASE),
        statement_nouns=frozenset(sourcing["statement_nouns"]),
        generic_speakers=frozenset(sourcing["generic_speakers"]),
        unnamed_heads=frozenset(sourcing["unnamed_heads"]),
        wire_of={s: name for name, ss in sourcing["wires"].items() for s in ss},
        planned=words(sourcing["planned"]), negation=sourcing["negation"],
        hedge_words=hedge_pattern, hedge_of=hedge_of,
        quantity_hedges=literals(sourcing["quantity_hedges"], re.IGNORECASE),
        evidence={kind: words(ps) for kind, ps in sourcing["evidence"].items()},
        official=words([re.escape(w) for w in sourcing["official_words"]]),
        official_names=literals(sourcing["countries_official"] + list(country_of)),
        denial_words=words(sourcing["denial_words"]),
        status_verbs=literals(verbs["deny"] + verbs["confirm"], re.IGNORECASE),
        evidence_subjects=frozenset(sourcing["evidence_subjects"]),
        agent_heads=frozenset(sourcing["agent_heads"]),
        corridor_flow=tuple(countries.get("corridor_flow", ())),
        back_reference=re.compile(predicates["back_reference"], re.IGNORECASE),
        trade_in_return=re.compile(predicates["trade_in_return"], re.IGNORECASE),
    )
