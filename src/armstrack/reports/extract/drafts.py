"""Claims in the making, and the document-level rules that merge them.

A news story often states a claim twice: a lede with a vague source ("Seoul-based media
reported") and an elaboration that names it ("The Dong-a Ilbo, citing defence sources,
reported ..."); or a speaker continues ("Kim Yo Jong added ..."). Annotators count one claim
each time: the first sentence keeps the quote, the later one lends its sourcing and detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from armstrack.model import Amount, ClaimStatus, EvidenceType, Likelihood, Mode
from armstrack.reports.extract.attribution import same_source
from armstrack.reports.extract.dates import NO_PERIOD, Period
from armstrack.reports.extract.text import split_sentences


@dataclass
class Draft:
    """One claim before it becomes an `armstrack.model.Claim`."""

    sentence: int  # index of the sentence in the report
    span: tuple[int, int]
    quote: str
    supplier: str | None
    recipient: str | None
    materiel: list[str]
    mode: Mode
    places: list[str]
    status: ClaimStatus
    chain: list[str]  # without the author
    generic_source: bool = False
    continuation: bool = False
    period: Period = NO_PERIOD
    quantity: Amount | None = None
    hedge: str | None = None
    likelihood: Likelihood | None = None
    evidence: list[EvidenceType] = field(default_factory=list)
    main_story: bool = True

    @property
    def origin(self) -> str | None:
        return self.chain[-1] if self.chain else None

    def same_flow(self, other: Draft) -> bool:
        return (self.supplier, self.recipient, self.status) == (other.supplier, other.recipient, other.status)


def _specific(materiel: list[str], generic: frozenset[str]) -> bool:
    return any(m.casefold() not in generic for m in materiel)


def _absorb(into: Draft, other: Draft, generic_materiel: frozenset[str], take_sourcing: bool) -> None:
    if take_sourcing:
        into.chain = list(other.chain)
        into.generic_source = other.generic_source
    if _specific(other.materiel, generic_materiel) and not _specific(into.materiel, generic_materiel):
        into.materiel = list(other.materiel)
    else:
        into.materiel += [m for m in other.materiel if m.casefold() not in {x.casefold() for x in into.materiel}]
    into.places += [p for p in other.places if p not in into.places]
    if take_sourcing:
        combined = list(dict.fromkeys([*other.evidence, *into.evidence]))
        into.evidence = [e for e in combined if e is not EvidenceType.MEDIA] or combined
    if into.mode is Mode.UNKNOWN:
        into.mode = other.mode
    into.quantity = into.quantity or other.quantity
    if into.period == NO_PERIOD:
        into.period = other.period


def _repeats(draft: Draft) -> bool:
    """A named source saying again what it said before, with nothing new (no number, no period); applied to
    denials, which speakers repeat in many words ("denied ...", "called it a false rumour ...")."""
    return bool(draft.chain) and draft.quantity is None and draft.period == NO_PERIOD


def merge_drafts(drafts: list[Draft], generic_materiel: frozenset[str]) -> list[Draft]:
    """Fold elaborations into a vaguely sourced lede, and continuations into their speaker's claim."""
    kept: list[Draft] = []
    for draft in drafts:
        lede = kept[-1] if kept else None
        if lede is not None and lede.generic_source and draft.sentence == lede.sentence + 1 \
                and lede.same_flow(draft) and draft.chain and not draft.generic_source:
            _absorb(lede, draft, generic_materiel, take_sourcing=True)
            lede.generic_source = False
            continue
        if draft.status is ClaimStatus.DENIED and (draft.continuation or _repeats(draft)):
            earlier = next((d for d in reversed(kept) if d.origin and draft.origin and d.same_flow(draft)
                            and (same_source(d.origin, draft.origin) if draft.continuation
                                 else d.origin.casefold() == draft.origin.casefold())), None)
            if earlier is not None:
                _absorb(earlier, draft, generic_materiel, take_sourcing=False)
                continue
        kept.append(draft)
    return kept


_NAME = r"(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})"
SAID_AFTER_QUOTE = re.compile(r"[,?!][\"”]\s+(?:said|says|added|adds)\s+" + _NAME)
SAID_BEFORE_END = re.compile(r"[,?!][\"”]\s+" + _NAME + r"\s+(?:said|says|added|adds)\b")


def quoted_on(text: str, index: int, sentence: str) -> list[str]:
    """A quotation that runs on from the sentence before ('"...," said Yang Uk, a fellow at X. "It is
    possible that ..."') is still that speaker's: the speaker, or nothing."""
    if not sentence.startswith(('"', "“")) or index == 0:
        return []
    previous = split_sentences(text)[index - 1].text
    said = SAID_AFTER_QUOTE.search(previous) or SAID_BEFORE_END.search(previous)
    return [said.group("name")] if said else []


def carried_period(period: Period, text: str, draft: Draft, previous: Draft | None,
                   back_reference: re.Pattern[str]) -> Period:
    """An undated sentence that points back at the shipments just told of ("The shells were carried
    by rail ...", within two sentences, the same supplier and recipient) takes their period."""
    if period.precision is not None or previous is None or previous.period.start is None \
            or previous.status is not ClaimStatus.ALLEGED or not back_reference.search(text):
        return period
    near = 0 < draft.sentence - previous.sentence <= 2
    same_story = (draft.supplier, draft.recipient) == (previous.supplier, previous.recipient)
    return previous.period if near and same_story else period


TRANSCRIPT_LABEL = re.compile(r"^(?:MR\.?|MS\.?|MRS\.?|DR\.?)?\s*(?P<name>[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+){0,2}):\s")


def transcript_speaker(text: str, start: int) -> list[str]:
    """The speaker of a transcript paragraph ("MR MILLER: We continue to see ..."): "Miller"."""
    line = text[text.rfind("\n", 0, start) + 1:start + 1]
    label = TRANSCRIPT_LABEL.match(line)
    if label is None or label.group("name") in ("QUESTION", "Q", "A", "QUESTIONER"):
        return []
    return [label.group("name").title()]
