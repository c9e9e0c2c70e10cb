"""What a clause says moved: the transfer predicate, materiel, supplier and recipient, mode and places.

Supplier and recipient come from cues around each country mention (names, demonyms, capitals,
and corridor places through their country): "from X", "by X" and "X-made" or a demonym on the
materiel ("North Korean shells") mark a supplier; "to X", "into X", "with X", "used by X" or a
receiving verb mark a recipient. Ties go to the mention nearest the predicate.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from armstrack.model import Mode
from armstrack.reports.extract.lexicon import Lexicon

_FACILITY = (r"(?:(?:\w+\s+){0,2}?(?:port|station|yard|city|town|region|province|base|airfield|depot)"
             r"\s+(?:of\s+|at\s+)?)?$")  # "from the port of Rason", "to the Russian port of"
_LOADING_AT = r"\b(?:collect\w*|load\w*|pick\w*\s+up|took\s+on)\s+(?:\S+\s+){0,4}?(?:at|in|from)\s+(?:the\s+)?"
_UNLOADING_AT = r"\b(?:arriv\w*|unload\w*|offload\w*|docked)\s+(?:\S+\s+){0,3}?(?:at|in)\s+(?:the\s+)?"
ISO_COUNTRY = {"PRK": "North Korea", "RUS": "Russia", "IRN": "Iran", "CHN": "China", "BLR": "Belarus"}
_AUX = (r"(?:\s*,)?\s*(?:(?:is|are|was|were)\s+(?:\w+\s+)?"
        r"(?:believed|thought|said|reported|alleged|suspected|understood)\s+to\s+have\s+"
        r"|(?:is|are|was|were)\s+(?:\w+\s+)?(?:expected|set|due|likely|poised|scheduled|about)\s+to\s+"
        r"|(?:has\s+|have\s+)?(?:\w+ly\s+)?(?:denied|denies|deny|admitted|admits|confirmed|acknowledged)\s+"
        r"|(?:has\s+|have\s+|had\s+)?(?:also\s+)?in\s+(?:return|exchange)\s+)?"
        r"(?:has|have|had|is|was|were|will|would|also|reportedly|allegedly|already|been|begun|started|likely|\w+ly)?"
        r"\s*(?:has|have|had|been|begun|started|also|already|\w+ly)?\s*")


@dataclass(frozen=True)
class Mention:
    country: str
    start: int
    end: int
    place: bool = False  # named through a place ("from Vladivostok"), not the country itself


@dataclass
class Content:
    """The transfer content of one clause; offsets are relative to the clause."""

    predicate: tuple[int, int] | None = None
    kind: str = ""  # transfer | receive | use | trade | ""
    materiel: list[str] = field(default_factory=list)
    supplier: str | None = None
    recipient: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    mode: Mode = Mode.UNKNOWN
    places: list[str] = field(default_factory=list)
    trades: list[tuple[str | None, str | None, list[str]]] = field(default_factory=list)
    two_way: list[str] = field(default_factory=list)  # countries named as "between X and Y"

    @property
    def is_transfer(self) -> bool:
        return bool(self.kind and (self.materiel or self.trades))


def _spans_without(pattern: re.Pattern[str], text: str, exclude: re.Pattern[str]) -> list[re.Match[str]]:
    blocked = [(m.start(), m.end()) for m in exclude.finditer(text)]
    return [m for m in pattern.finditer(text) if not any(s <= m.start() < e for s, e in blocked)]


def find_materiel(text: str, lexicon: Lexicon) -> list[str]:
    """Materiel phrases in order, de-duplicated case-insensitively."""
    seen: dict[str, str] = {}
    for match in _spans_without(lexicon.materiel, text, lexicon.not_materiel):
        phrase = re.sub(r"\s+", " ", match.group(0).strip())
        seen.setdefault(phrase.casefold(), phrase)
    return list(seen.values())


def find_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """Countries named in `text`, directly or through a corridor place."""
    mentions = [Mention(lexicon.country_of[m.group(0)], m.start(), m.end())
                for m in _spans_without(lexicon.countries, text, lexicon.not_countries)]
    for match in _spans_without(lexicon.places, text, lexicon.not_places):
        iso = lexicon.place_country.get(lexicon.place_of[match.group(0).casefold()], "")
        if iso in ISO_COUNTRY and not any(m.start <= match.start() < m.end for m in mentions):
            mentions.append(Mention(ISO_COUNTRY[iso], match.start(), match.end(), place=True))
    return sorted(mentions, key=lambda m: m.start)


def find_places(text: str, lexicon: Lexicon) -> list[str]:
    places: list[str] = []
    for match in _spans_without(lexicon.places, text, lexicon.not_places):
        name = lexicon.place_of[match.group(0).casefold()]
        if name not in places:
            places.append(name)
    return places


def find_mode(text: str, places: list[str], lexicon: Lexicon) -> Mode:
    """The mode named in `text` ("by rail" first, else the earliest cue), else a named vessel (sea), else
    the modes of the corridor places named."""
    explicit = [(m.start(), mode) for mode, pattern in lexicon.explicit_modes.items() for m in pattern.finditer(text)]
    if explicit:
        return min(explicit, key=lambda cue: cue[0])[1]
    cues = [(m.start(), mode) for mode, pattern in lexicon.modes.items()
            for m in _spans_without(pattern, text, lexicon.not_mode)]
    if cues:
        return min(cues, key=lambda cue: cue[0])[1]
    for match in lexicon.vessels.finditer(text):
        context = lexicon.vessel_context.get(match.group(0))
        if context is None or context.search(text):
            return Mode.SEA
    for name in places:
        place = lexicon.gazetteer.lookup(name)
        if place is not None and place.site in lexicon.site_modes:
            return lexicon.site_modes[place.site]
    return Mode.UNKNOWN


@lru_cache(maxsize=64)
def _cue(pattern: str) -> re.Pattern[str]:
    """Patterns built from lexicon alternations, compiled once."""
    return re.compile(pattern, re.IGNORECASE)


def _supplier_score(text: str, m: Mention, lexicon: Lexicon, anchor: int | None = None) -> int:
    before, after = text[max(0, m.start - 40):m.start], text[m.end:m.end + 80]
    if re.search(r"\b(?:used|fired|launched|bought|purchased|received)\s+by\s+(?:the\s+)?$", before):
        return 0
    if re.search(r"\b(?:made|manufactured|produced|built|assembled)\s+in\s+(?:the\s+)?$", before) \
            or re.search(r"\brel(?:y|ies|ied|ying)\s+on\s+(?:the\s+)?$", before):
        return 4  # "drones assembled in Russia", "relies on Pyongyang for shells"
    if re.search(r"\b(?:leaving|left|departed|departing|leave|leaves)\s+(?:the\s+)?" + _FACILITY, before) \
            or re.search(_LOADING_AT + _FACILITY, before):
        return 4
    if _docked_to_load(before, text[m.end:m.end + 100]):
        return 4  # "docked at Rajin ..., each time loading containers"
    if re.match(r"[-\s](?:origin|made|manufactured|produced|built)\b", after) or re.match(
            r"\s+to\s+(?:load|pick\s+up|collect|take\s+on)\b", after):
        return 4
    carrier = re.match(r"[-\s](?:flagged|owned|operated|registered|controlled|linked|backed|based)\b", after)
    by_maker = re.search(r"\b(?:\w+ed|made|sent|built|sold)\s+by\s+(?:the\s+)?$", before) \
        and not re.search(r"\b(?:identified|described|reported|seen|quoted|cited|operated|owned|used|fired|launched|"
                          r"bought|received|photographed|observed|tracked|detected|inspected|checked|examined|"
                          r"escorted|guarded|accompanied|met|greeted|supervised|monitored|unloaded|collected)"
                          r"\s+by\s+(?:the\s+)?$", before)
    if re.match(r"-made\b", after) or (re.search(r"\bfrom\s+(?:the\s+)?" + _FACILITY, before) and not carrier) \
            or (by_maker and not carrier):
        return 4
    if re.search(r"\baccus\w*\s+$", before) and re.match(r"\s+of\b", after):
        return 4
    if re.match(r"(?:['’]s)?\s+(?:\S+\s+){0,2}?(?=\S)", after) and _materiel_follows(after, lexicon):
        return 3
    if _cue(_AUX + "(?:" + lexicon.transfer.pattern + ")").match(after):
        return 3
    if re.match(r"\s+(?:\w+\s+)?(?:said|says|told|tells|added|stated|claimed|noted|wrote)\b", after):
        return 0  # the speaker, not the supplier
    if (anchor is None or m.start < anchor) \
            and _cue(r"(?:[^.;]{0,40}?)\s(?:" + lexicon.transfer.pattern + ")").match(after) \
            and not re.match(r"[^.;]{0,40}?\b(?:for|of|on|against)\s|['’]s\b", after) \
            and not _recipient_cue(text, m, lexicon):
        return 1
    return 0


def _docked_to_load(before: str, after: str) -> bool:
    """A ship docked at a place to load there: the place supplies."""
    return bool(re.search(r"\bdocked\s+(?:\S+\s+){0,3}?(?:at|in)\s+(?:the\s+)?" + _FACILITY, before)
                and re.search(r"\b(?:load\w*|took\s+on|taking\s+on)\b", after))


def _materiel_follows(after: str, lexicon: Lexicon) -> bool:
    match = re.match(r"(?:['’]s)?\s+((?:\S+\s+){0,2}?)(?=\S)", after)
    if match is None:
        return False
    rest = after[match.end():]
    found = lexicon.materiel.match(rest)
    return found is not None and not lexicon.not_materiel.match(after.lstrip("'’s ")) \
        and not lexicon.not_materiel.match(rest)  # "Russian cargo ships" carry, they do not supply


def _recipient_cue(text: str, m: Mention, lexicon: Lexicon) -> bool:
    before, after = text[max(0, m.start - 40):m.start], text[m.end:m.end + 60]
    if re.match(r"\s+to\s+(?:load|pick\s+up|collect|take\s+on)\b", after):
        return False  # "railcars travelled to X to load the weapons": X supplies
    if re.search(r"\b(?:to|into|towards?|with|for)\s+(?:the\s+)?" + _FACILITY, before, re.IGNORECASE) \
            and not re.search(r"\b(?:from)\s+\w+\s+to\s+$|\breturn(?:s|ed|ing)?\s+to\s+(?:the\s+)?$", before):
        return True
    if re.search(r"\b(?:used|fired|launched|bought|purchased|received|for use|left)\s+by\s+(?:the\s+)?$", before):
        return True
    if (re.search(_UNLOADING_AT + _FACILITY, before) and not _docked_to_load(before, text[m.end:m.end + 100])) \
            or re.search(r"\bend(?:s|ed|ing)?\s+up\s+in\s+$", before):
        return True  # "unloaded at X", "parts that end up in Russian missiles"
    if re.match(r"\s+(?:has\s+|have\s+|had\s+)?(?:fired|launched|used)\b", after):
        return True
    if re.search(r"\b(?:provid|suppl|arm|equipp?|help)\w*\s+(?:the\s+)?$", before) and re.match(r"\s+with\b", after):
        return True
    return bool(_cue(_AUX + "(?:" + lexicon.receive.pattern + ")").match(after))


def _nearest(mentions: list[Mention], anchor: int) -> Mention | None:
    return min(mentions, key=lambda m: abs(m.start - anchor), default=None)


def assign_roles(text: str, mentions: list[Mention], anchor: int, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """(supplier, recipient) from the cues around each mention; ties go to the mention nearest `anchor`."""
    between = _between(text, mentions)
    mentions = [m for m in mentions if m not in between]
    recipients = [m for m in mentions if _recipient_cue(text, m, lexicon)]
    scored = [(s - (2 if abs(m.start - anchor) > 60 else 0), m) for m in mentions
              if (s := _supplier_score(text, m, lexicon, anchor)) > 0 and m not in recipients]
    scored = [(s, m) for s, m in scored if s > 0]
    supplier = None
    if scored:
        best = max(s for s, _ in scored)
        supplier = _nearest([m for s, m in scored if s == best], anchor)
    supplier_name = supplier.country if supplier else None
    end_users = [m for m in recipients if m.country != supplier_name
                 and re.search(r"\bfor use by\s+(?:the\s+)?$", text[max(0, m.start - 20):m.start])]
    recipient = end_users[0] if end_users else _nearest([m for m in recipients if m.country != supplier_name], anchor)
    return supplier_name, recipient.country if recipient else None


def _between(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions in "between X and Y": a two-way phrase that orients nothing."""
    found = []
    for first, second in itertools.pairwise(mentions):
        if re.search(r"\bbetween\s+(?:the\s+)?$", text[max(0, first.start - 20):first.start]) \
                and re.fullmatch(r"\s+and\s+(?:the\s+)?", text[first.end:second.start]):
            found += [first, second]
    return found


def _trades(text: str, lexicon: Lexicon) -> list[tuple[str | None, str | None, list[str]]]:
    """Two-way deals ("trade North Korean ammunition for Russian technology"): one flow each way."""
    match = lexicon.trade.search(text) or lexicon.trade_in_return.search(text)
    if match is None:
        return []
    give, get = match.group("give"), match.group("get")
    give_from = next((m.country for m in find_mentions(give, lexicon)), None)
    get_from = next((m.country for m in find_mentions(get, lexicon)), None)
    if lexicon.receive.search(give):  # "X received Y in exchange for its ammunition": Y goes to X
        get_from, give_from = give_from, get_from
    give_materiel, get_materiel = find_materiel(give, lexicon), find_materiel(get, lexicon)
    if not (give_materiel and get_materiel):
        return []
    return [(give_from, get_from, give_materiel), (get_from, give_from, get_materiel)]


def read_content(text: str, lexicon: Lexicon) -> Content:
    """The transfer content of one clause (empty `kind` when it carries no transfer)."""
    content = Content(materiel=find_materiel(text, lexicon), mentions=find_mentions(text, lexicon))
    content.places = find_places(text, lexicon)
    content.mode = find_mode(text, content.places, lexicon)
    content.trades = _trades(text, lexicon)
    predicate = _predicate(text, content, lexicon)
    if predicate is None:
        return content
    content.kind, content.predicate = predicate[0], (predicate[1].start(), predicate[1].end())
    content.supplier, content.recipient = assign_roles(text, content.mentions, predicate[1].start(), lexicon)
    content.two_way = [m.country for m in _between(text, content.mentions)]
    return content


def _predicate(text: str, content: Content, lexicon: Lexicon) -> tuple[str, re.Match[str]] | None:
    if content.trades:
        trade = lexicon.trade.search(text) or lexicon.trade_in_return.search(text)
        return ("trade", trade) if trade else None
    for kind, pattern in (("transfer", lexicon.transfer), ("receive", lexicon.receive)):
        match = pattern.search(text)
        if match:
            return kind, match
    use = lexicon.use.search(text)
    if use and any(_supplier_score(text, m, lexicon) >= 3 for m in content.mentions):
        return "use", use
    return None
