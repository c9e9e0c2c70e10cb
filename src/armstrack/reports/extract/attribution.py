"""Who says so: the attribution chain of a clause, from the author inward.

Voices come from the dependency parse: the subject of a reporting verb ("X said", "X denied"),
the object of "told", "citing", "according to", and the agent of "quoted by", "cited by",
"seen by". A trailing "..., X reported" wraps a sentence whose subject already speaks, so X
is outer; "told Y" and "quoted by Y" put Y outside the speaker; "citing Z" puts Z inside.
The author (a wire byline, else the publisher) comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from armstrack.reports.extract.lexicon import Lexicon

OUTLET_HEADS = frozenset({"newspaper", "daily", "agency", "outlet", "broadcaster", "paper", "website",
                          "institute", "tank", "centre", "center", "channel", "network", "magazine", "service", "site"})
_SUBJECTS = ("nsubj", "nsubjpass")
AUTHORING = frozenset({"analysed", "analyzed", "compiled", "prepared", "produced", "released", "published", "issued",
                       "conducted", "written", "commissioned", "provided", "shared", "presented"})
AUDIENCES = frozenset({"reporters", "journalists", "press", "conference", "briefing", "audience", "media"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you", "this", "that", "who", "which"})
_CUT = ("appos", "relcl", "acl", "advcl")
_LEADING = re.compile(r"^(?:the|a|an|both|all|one|some|two|three|several|its|their|his|her)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Voice:
    """One speaker in a clause: its name, its place in the chain and the class of its verb."""

    name: str | None  # None: a pronoun, resolved from the previous voice
    role: str  # outer | main | inner | reported ("a report by X": the source of what a main voice denies)
    verb_class: str  # neutral | deny | confirm
    position: int  # character offset of the verb in the sentence
    negated: bool = False
    generic: bool = False
    verb: str = ""


def noun_phrase(head: Token) -> str:
    """The text of the phrase headed by `head`, without appositives, relative clauses and edge punctuation."""
    excluded: set[int] = set()
    for token in head.subtree:
        if token is not head and token.dep_ in _CUT:
            excluded.update(t.i for t in token.subtree)
    kept = [t for t in head.subtree if t.i not in excluded and not t.is_punct]
    if not kept:
        return head.text
    span = head.doc[min(t.i for t in kept):max(t.i for t in kept) + 1]
    return span.text.strip(" ,;:\"'“”")


def clean_name(head: Token, lexicon: Lexicon) -> tuple[str, bool]:
    """A speaker's name and whether it is generic ("media reported"); "one source" becomes "unnamed source"."""
    text = noun_phrase(head)
    head_word = head.lower_
    if head_word in lexicon.generic_speakers or text.casefold() in lexicon.generic_speakers:
        return _LEADING.sub("", text), True
    named = next((c for c in head.children if c.dep_ == "appos" and c.tag_ in ("NNP", "NNPS")), None)
    if named is not None and head.tag_ in ("NNP", "NNPS") and named.left_edge.i == head.i + 1:
        words = head.doc[head.left_edge.i:named.i + 1].text  # "Defense Minister Shin Won-sik", title kept
        return re.sub(r"\s*\([^)]*\)", "", _LEADING.sub("", words)).strip(" ,"), False
    name = proper_name(head) or (proper_name(named) if head.tag_ in ("NN", "NNS") and named is not None else None)
    if name and (name in text or named is not None):
        return name, False
    has_proper = any(t.tag_ in ("NNP", "NNPS") or (t.is_title and t.tag_ == "JJ" and t.i != t.sent.start)
                     for t in head.subtree if t.text in text)
    if head_word in lexicon.unnamed_heads and not has_proper and not re.search(r"\b(?:unnamed|anonymous)\b", text):
        return "unnamed " + _LEADING.sub("", text), False
    return _LEADING.sub("", text), False


def proper_name(head: Token) -> str | None:
    """The proper name inside a speaker's phrase: "Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov",
    "the Dong-a Ilbo newspaper" -> "Dong-a Ilbo"; None for lists ("X and Y") and common nouns."""
    if any(t.dep_ in ("conj", "cc") for t in head.subtree):
        return None
    doc = head.doc
    if head.tag_ in ("NNP", "NNPS") and head.text[:1].isupper():
        start = head.i
        while start > 0 and doc[start - 1].tag_ in ("NNP", "NNPS", "HYPH") and start <= doc[start - 1].head.i <= head.i:
            start -= 1
        return doc[start:head.i + 1].text
    if head.lower_ in OUTLET_HEADS:
        proper = [t for t in head.children if t.dep_ in ("compound", "nmod") and t.tag_ in ("NNP", "NNPS")]
        if proper:
            start = min(min(t.left_edge.i for t in proper), min(t.i for t in proper))
            return doc[start:max(t.i for t in proper) + 1].text
    return None


def _left_speaker(verb: Token) -> str | None:
    """The speaker of a trailing "..., the X (Y) said" that the parser left without a subject."""
    stops = (",", ";", "—", "--", '"', "”")
    end = verb.i - 1 if verb.i > verb.sent.start and verb.doc[verb.i - 1].text == "," else verb.i  # "X, NAME, said"
    start = end
    while start > verb.sent.start and verb.doc[start - 1].text not in stops:
        start -= 1
    words = verb.doc[start:end]
    if not 0 < len(words) <= 8 or not any(t.tag_ in ("NNP", "NNPS") for t in words):
        return None
    return _LEADING.sub("", re.sub(r"\s*\([^)]*\)", "", words.text)).strip() or None


def _subject(verb: Token, verbs: frozenset[str] | None = None) -> Token | None:
    """The verb's subject, or for "X said ... and added" / "X denied ..., saying" its head verb's subject
    (only a reporting head when `verbs` names them)."""
    inherits = verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    if inherits and verbs is not None and verb.dep_ == "conj" and verb.head.lower_ not in verbs:
        inherits = False
    for candidate in (verb, verb.head if inherits else None):
        if candidate is None:
            continue
        subject = next((c for c in candidate.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
    return None


def _by_agent(token: Token) -> Token | None:
    by = next((c for c in token.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"), None)
    return None if by is None else next((c for c in by.children if c.dep_ == "pobj"), None)


def _speaker(subject: Token, lexicon: Lexicon) -> tuple[str | None, bool]:
    if subject.tag_ in ("JJS", "DT", "CD") and subject.lower_ not in PRONOUNS:
        return "", False  # "most of them believed to carry food": a quantifier, not a speaker
    if subject.lower_ in PRONOUNS:
        root_subject = _subject(subject.sent.root)
        if root_subject is not None and root_subject is not subject and root_subject.tag_ in ("NNP", "NNPS"):
            return clean_name(root_subject, lexicon)
        return None, False
    quantified = next((g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"), None)
    if subject.tag_ == "NNS" and quantified is not None and quantified.lower_ in lexicon.evidence_subjects:
        return "", False
    bare_statement = subject.lower_ in lexicon.statement_nouns and not any(c.dep_ == "prep" for c in subject.children)
    if subject.lower_ in lexicon.evidence_subjects or bare_statement:
        return "", False
    proper = any(t.tag_ in ("NNP", "NNPS") for t in subject.subtree if t.i <= subject.i)
    if subject.tag_ in ("NN", "NNS") and not proper and subject.lower_ not in lexicon.agent_heads \
            and subject.lower_ not in lexicon.statement_nouns and subject.lower_ not in lexicon.generic_speakers:
        return "", False  # "this increase in rail traffic indicates ...": not a source
    named = next((c for c in subject.children if c.dep_ == "appos" and any(
        t.tag_ in ("NNP", "NNPS") for t in c.subtree)), None)
    if subject.tag_ in ("NN", "NNS") and named is not None:
        subject = named
    if subject.lower_ in lexicon.statement_nouns:
        agent = _by_agent(subject) or next((g for c in subject.children if c.dep_ == "prep" and c.lower_ in
                                            ("from", "of") for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return clean_name(agent, lexicon)
    return clean_name(subject, lexicon)


def clause_voices(span: Span, lexicon: Lexicon) -> list[Voice]:
    """Every voice in `span` (a clause of a parsed sentence), in textual order."""
    voices: list[Voice] = []
    for token in span:
        low = token.lower_
        offset = token.idx - span.doc[0].idx
        if low == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            obj = _source_of(next((c for c in token.nbor().children if c.dep_ == "pobj"), None), lexicon)
            if obj is not None:
                voices.append(Voice(clean_name(obj, lexicon)[0], "outer", "neutral", offset))
        elif low in ("citing", "quoting"):
            obj = _source_of(next((c for c in token.children if c.dep_ in ("dobj", "pobj")), None), lexicon)
            if obj is not None:
                voices.append(Voice(clean_name(obj, lexicon)[0], "inner", "neutral", offset))
        elif low in lexicon.statement_nouns and token.dep_ not in _SUBJECTS and _statement_agent(token) is not None:
            agent = _statement_agent(token)
            assert agent is not None
            voices.append(Voice(clean_name(agent, lexicon)[0], "reported", "neutral", offset))
        elif low in lexicon.statement_nouns and token.dep_ == "dobj" and token.head.lower_ in lexicon.verb_class \
                and lexicon.verb_class[token.head.lower_] in ("deny", "confirm") and _owner(token) is not None:
            voices.append(Voice(_owner(token) or "", "reported", "neutral", offset))  # "rejected a US charge that"
        elif low in ("cited", "quoted") and token.tag_ == "VBD" and _relative_subject(token):
            obj = _source_of(next((c for c in token.children if c.dep_ == "dobj"), None), lexicon)
            if obj is not None:
                voices.append(Voice(clean_name(obj, lexicon)[0], "inner", "neutral", offset))
        elif low in ("quoted", "cited", "seen", "reported", "obtained") and _by_agent(token) is not None:
            agent = _by_agent(token)
            assert agent is not None
            voices.append(Voice(clean_name(agent, lexicon)[0], "outer", "neutral", offset))
        elif low in lexicon.verb_class and token.tag_.startswith("VB"):
            voices.extend(_verb_voices(token, offset, lexicon))
    return voices


def _owner(noun: Token) -> str | None:
    """Whose statement a noun names by a proper modifier: "a US charge", "Washington's claims"."""
    names = [t for t in noun.lefts if t.dep_ in ("compound", "poss", "amod") and t.tag_ in ("NNP", "NNPS")]
    return " ".join(t.text for t in names) if names else None


def _relative_subject(verb: Token) -> bool:
    """Whether the verb's subject is a relative pronoun: "the newspaper, which cited officials"."""
    return any(c.dep_ == "nsubj" and c.lower_ in ("which", "who", "that") for c in verb.children)


def _statement_agent(noun: Token) -> Token | None:
    """Whose statement it is: "reports by a Member State", "imagery analysed by the OSC", "data from X"."""
    agent = _by_agent(noun) or next((g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "of")
                                     for g in c.children if g.dep_ == "pobj"), None)
    if agent is None:
        agent = next((_by_agent(c) for c in noun.children if c.dep_ == "acl" and c.lower_ in AUTHORING
                      and _by_agent(c) is not None), None)
    return agent


def _source_of(obj: Token | None, lexicon: Lexicon) -> Token | None:
    """The source named by the object of "according to"/"citing": itself, or the author of a statement
    or of evidence ("according to satellite imagery analysed by the OSC" -> the OSC)."""
    if obj is None:
        return None
    if obj.lower_ in lexicon.statement_nouns or obj.lower_ in lexicon.evidence_subjects:
        owned = any(t.dep_ == "poss" for t in obj.lefts)  # "her press statement": the owner speaks already
        named = any(t.tag_ in ("NNP", "NNPS") or (t.dep_ == "compound" and not owned) for t in obj.lefts)
        return _statement_agent(obj) or (obj if named and obj.lower_ in lexicon.statement_nouns else None)
    return obj


def _verb_voices(verb: Token, offset: int, lexicon: Lexicon) -> list[Voice]:
    subject = _subject(verb, frozenset(lexicon.verb_class))
    quoting = verb.head.head if verb.head.lower_ == "as" else verb.head
    quoted_as_saying = verb.lower_ in ("saying", "stating") and quoting.lower_ in ("quoted", "cited")
    if quoted_as_saying:
        subject = next((c for c in quoting.children if c.dep_ == "nsubjpass"), subject)
    elif subject is not None and subject.dep_ == "nsubjpass":
        subject = None  # "X is believed to have ...": a hedge, not a speaker
    voices: list[Voice] = []
    if subject is None and verb.tag_ in ("VBD", "VBZ", "VBP"):
        name = _left_speaker(verb)
        if name:
            voices.append(Voice(name, "main", lexicon.verb_class[verb.lower_], offset, False, False, verb.lower_))
    negated = any(c.dep_ == "neg" for c in verb.children)
    own_subject = any(c.dep_ in _SUBJECTS for c in verb.children)
    if subject is not None and (verb.tag_ != "VBG" or own_subject or verb.dep_ == "advcl" or quoted_as_saying):
        if subject.tag_ == "PRP" and subject.lower_ in ("we", "i", "us"):  # a quoted speaker, named elsewhere
            voices.append(Voice("", "self", lexicon.verb_class[verb.lower_], offset, negated, False, verb.lower_))
            return voices
        name, generic = _speaker(subject, lexicon)
        voices.append(Voice(name, "main", lexicon.verb_class[verb.lower_], offset, negated, generic, verb.lower_))
    if verb.lower_ in ("told", "tell", "tells", "telling"):
        listener = next((c for c in verb.children if c.dep_ in ("dative", "dobj")), None)
        if listener is not None and listener.tag_ not in ("PRP",) and listener.lower_ not in AUDIENCES:
            voices.append(Voice(clean_name(listener, lexicon)[0], "outer", "neutral", offset))
    return voices


def chain_of(voices: list[Voice], content_at: int | None) -> list[Voice]:
    """Voices ordered from outermost to innermost."""
    mains = [v for v in voices if v.role == "main"]
    outer = [v for v in voices if v.role == "outer"]
    if len(mains) > 1 and content_at is not None:
        trailing = [v for v in mains if v.position > content_at]
        if len(trailing) < len(mains):
            outer = outer + trailing
            mains = [v for v in mains if v not in trailing]
    inner = [v for v in voices if v.role == "inner"]
    if not any(v.verb_class in ("deny", "confirm") for v in mains):
        inner = [v for v in voices if v.role == "reported"] + inner
    return outer + mains + inner


def reported_chain(voices: list[Voice]) -> list[Voice]:
    """The chain of what a denial or confirmation answers ("denied a report by X that ..."): outer voices and X."""
    if not any(v.role == "main" and v.verb_class in ("deny", "confirm") for v in voices):
        return []
    reported = [v for v in voices if v.role == "reported"]
    return [v for v in voices if v.role == "outer"] + reported if reported else []


def same_source(a: str, b: str) -> bool:
    """Whether two names denote the same source: the same words (descriptors and notes aside) or an acronym."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    for short, long in ((a, b), (b, a)):
        letters = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", long) if w[0].isupper())
        if re.fullmatch(r"[A-Z]{2,6}", short.strip().replace(".", "")) and letters == short.replace(".", ""):
            return True
    return False


def _words(name: str) -> set[str]:
    stop = {"the", "a", "an", "and", "of", "state", "media", "news", "agency", "newspaper"}
    return {w for w in re.findall(r"[\w-]+", re.sub(r"\([^)]*\)", "", name).casefold()) if w not in stop}
