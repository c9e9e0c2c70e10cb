"""Per-type decisions on top of logic-v2: the part of a list entry's name that identifies it (its
*anchor*) must be in the query, or the pair is not a match whatever else it shares.

logic-v2 averages over name parts, so two different people or companies that share common parts
("Maksim Olegovich" + a different surname, "... Technology Inc." + a different made-up word) can
score above the threshold. The rules, one per entity type in `RULES`:

- **person**: the family name must agree. It is known when the list marks it (a `lastName`, the
  one upper-case word of a mixed-case name, "KIM Jong Un", or the part before a comma,
  "Smirnov, Ivan"); otherwise the entry's most distinctive parts stand in for it. A shared given
  name alone is then never a match, and a reordered name matches only when its family name agrees.
  Nor may a part of the query stand where the entry has another ("KO Hun Bok" is not "KO Un Bok",
  "Timur Olegovich" is not "Timur Vladimirovich"); a part the query lacks is logic-v2's to weigh.
- **organisation**: one of the entry's distinctive parts must agree, so a shared generic word
  ("Trading", "Shipping", "Co") is not a match.

*Distinctive* is measured on the list itself, IDF-style: the parts whose count among the list's
entries is within `DISTINCT_RATIO` of the entry's rarest part (legal forms and stopwords, as
rigour tags them, never count for organisations). *Agree*: equal after rigour's normalisation (transliteration
included), split or joined differently, or, for parts of five letters or more, within `AGREEMENT`
optimal-string-alignment similarity (a typo; BGN against ICU transliteration). Shorter parts
(most Korean syllables) must be equal: "Jong" is not "Jang". Vessels have no rule: IMO numbers decide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from followthemoney import EntityProxy
from followthemoney.names import entity_names
from rapidfuzz.distance import OSA
from rigour.names import Name, NamePartTag, Symbol
from rigour.text import ascii_text

MIN_FUZZY = 5  # shorter parts must be equal
AGREEMENT = 0.8  # one edit in 5-9 letters, two in 10 or more: see docs/benchmarks-screening.md
DISTINCT_RATIO = 2.0
VETO_SCORE = 0.5  # a vetoed pair's score: below any useful threshold, above nothing-in-common
SKIPPED_TAGS = (NamePartTag.STOP, NamePartTag.LEGAL)
PERSON_SKIPPED = (NamePartTag.LEGAL,)  # Korean "Un", "O" are people's names, not stopwords
PartCount = Callable[[str], int]  # how many of the list's entries carry a name part


@dataclass(frozen=True)
class Veto:
    """Why a pair is not a match: which rule, and the anchor the query lacks."""

    rule: str
    anchors: tuple[str, ...]

    @property
    def detail(self) -> str:
        listed = " / ".join(map(repr, self.anchors))
        if self.rule == "given_name":
            return f"the family name agrees but a query part stands where the entry has another ({listed})"
        return f"the entry's {self.rule.replace('_', ' ')} {listed} is not in the query"


@dataclass(frozen=True)
class NameParts:
    """One name as rigour's comparable parts, with the family name when the name marks it, and,
    for a name not written in Latin, each part's cross-script name symbols."""

    parts: tuple[str, ...]
    family: tuple[str, ...] = ()
    symbols: dict[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)
    latin: bool = True

    def symbol_set(self) -> frozenset[str]:
        return frozenset().union(*self.symbols.values())


_CACHE: dict[str, tuple[NameParts, ...]] = {}
_CACHE_SIZE = 200_000


def name_parts(entity: EntityProxy) -> tuple[NameParts, ...]:
    """The names of an entity as parts (cached by entity id: list entries are analysed once)."""
    key = str(entity.id)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        found = tuple(_analyse(entity))
        _CACHE[key] = found
    return found


def _analyse(entity: EntityProxy) -> Iterable[NameParts]:
    last_names = {ascii_text(n).casefold() for n in entity.get("lastName", quiet=True)}
    for name in entity_names(entity, phonetics=False, numerics=False, consolidate=False):
        skipped = PERSON_SKIPPED if entity.schema.is_a("Person") else SKIPPED_TAGS
        parts = tuple(p.comparable for p in name.parts if p.tag not in skipped and p.comparable)
        if parts:
            marked = _marked_family(name.original) | last_names
            yield NameParts(parts, tuple(p for p in parts if p in marked), _symbols(name),
                            ascii_text(name.original) == name.original)


def _symbols(name: Name) -> dict[str, frozenset[str]]:
    """Each part's single-part name symbols (rigour's cross-script name data)."""
    found: dict[str, set[str]] = {}
    for span in name.spans:
        if span.symbol.category == Symbol.Category.NAME and len(span.parts) == 1:
            found.setdefault(span.parts[0].comparable, set()).add(str(span.symbol.id))
    return {part: frozenset(ids) for part, ids in found.items()}


def _marked_family(original: str) -> set[str]:
    """The family name as the writing marks it: before a comma, or the one upper-case word."""
    if "," in original:
        head = original.split(",", 1)[0]
        return {ascii_text(w).casefold().replace("'", "") for w in head.replace("-", " ").split()}
    words = [w for w in original.replace("-", " ").split() if any(c.isalpha() for c in w)]
    upper = [w for w in words if w.isupper()]
    if len(upper) == 1 and len(words) > 1:
        return {ascii_text(upper[0]).casefold()}
    return set()


def agrees(anchor: str, query_forms: set[str]) -> bool:
    """Whether a query part (or two joined) is the anchor, spelled alike or with one typo."""
    if anchor in query_forms:
        return True
    return any(OSA.normalized_similarity(anchor, form) >= AGREEMENT for form in query_forms
               if max(len(form), len(anchor)) >= MIN_FUZZY and abs(len(form) - len(anchor)) <= 2)


def forms(name: NameParts) -> set[str]:
    """A name's parts, each alone and joined with the next ("Song Chol" -> "songchol")."""
    return {*name.parts, *(a + b for a, b in zip(name.parts, name.parts[1:], strict=False))}


def query_forms(query: EntityProxy) -> set[str]:
    """All the forms of all the query's names."""
    return {form for name in name_parts(query) for form in forms(name)}


def substituted(query: NameParts, entry: NameParts) -> bool:
    """Whether a query part stands where the entry has a different one: each side has a part that
    agrees with nothing on the other."""
    query_forms, entry_forms = forms(query), forms(entry)
    # Name symbols bridge scripts ("Чен Ын" ~ "Jong Un") but are too loose within one (Hong ~ Kang).
    bridged = not (query.latin and entry.latin)
    query_symbols, entry_symbols = (query.symbol_set(), entry.symbol_set()) if bridged else (frozenset(), frozenset())
    return (any(not agrees(part, entry_forms) and not (query.symbols.get(part, frozenset()) & entry_symbols)
                for part in query.parts)
            and any(not agrees(part, query_forms) and not (entry.symbols.get(part, frozenset()) & query_symbols)
                    for part in entry.parts))


def distinctive(parts: tuple[str, ...], count: PartCount) -> tuple[str, ...]:
    """The parts within `DISTINCT_RATIO` of the rarest one's count in the list."""
    counts = {part: max(count(part), 1) for part in parts if len(part) > 1}
    if not counts:
        return parts
    rarest = min(counts.values())
    return tuple(part for part, n in counts.items() if n <= DISTINCT_RATIO * rarest)


def family_name_rule(query: EntityProxy, entry: EntityProxy, count: PartCount) -> Veto | None:
    """Persons: the marked family name, or else a distinctive part, must agree, and no query
    part may stand for a different entry part (judged per pair of names, best pair wins)."""
    queries = name_parts(query)
    tried: list[str] = []
    rule = "family_name"
    for name in name_parts(entry):
        anchors = name.family or distinctive(name.parts, count)
        agreeing = [q for q in queries if any(agrees(anchor, forms(q)) for anchor in anchors)]
        if any(not substituted(q, name) for q in agreeing):
            return None
        if agreeing:
            rule = "given_name"
            tried.extend(part for part in name.parts if not any(agrees(part, forms(q)) for q in agreeing))
        else:
            tried.extend(anchors)
    return Veto(rule, tuple(dict.fromkeys(tried))) if tried else None


def distinctive_part_rule(query: EntityProxy, entry: EntityProxy, count: PartCount) -> Veto | None:
    """Organisations: one of the entry's distinctive parts must agree."""
    forms = query_forms(query)
    tried: list[str] = []
    for name in name_parts(entry):
        anchors = distinctive(name.parts, count)
        if any(agrees(anchor, forms) for anchor in anchors):
            return None
        tried.extend(anchors)
    return Veto("distinctive_part", tuple(dict.fromkeys(tried))) if tried else None


Rule = Callable[[EntityProxy, EntityProxy, PartCount], "Veto | None"]
RULES: dict[str, Rule] = {"Person": family_name_rule, "Organization": distinctive_part_rule,
                          "LegalEntity": distinctive_part_rule}


def rule_for(entry: EntityProxy) -> Rule | None:
    """The rule of the most specific registered schema the entry is (none for vessels)."""
    return next((rule for schema, rule in RULES.items() if entry.schema.is_a(schema)), None)


def veto(query: EntityProxy, entry: EntityProxy, count: PartCount) -> Veto | None:
    """Why `entry` cannot be `query`, or None when the type's rule lets the pair through."""
    rule = rule_for(entry)
    return rule(query, entry, count) if rule else None
