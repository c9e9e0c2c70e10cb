"""Status, hedges and evidence of a claim.

Status follows the annotation conventions: a speaker's denial ("denied", "rejected", or a
negated transfer verb) makes a claim `denied`; an intended or agreed transfer is `planned`;
a speaker's confirmation or admission ("confirmed", "acknowledged", "admitted") is `confirmed`;
everything else, plain official assertions included, is `alleged`.

Hedges are the words that weaken a claim; the strongest-worded one sets the claim's ICD 203
likelihood. Without a hedge the likelihood follows the status (a flat assertion is "very likely"
to its speaker, a confirmation "almost certain", a denial "almost no chance").
"""

from __future__ import annotations

import re
from functools import lru_cache

from armstrack.model import ClaimStatus, EvidenceType, Likelihood
from armstrack.reports.extract.attribution import Voice
from armstrack.reports.extract.lexicon import Lexicon

STATUS_LIKELIHOOD = {
    ClaimStatus.CONFIRMED: Likelihood.ALMOST_CERTAIN,
    ClaimStatus.ALLEGED: Likelihood.VERY_LIKELY,
    ClaimStatus.PLANNED: Likelihood.LIKELY,
    ClaimStatus.DENIED: Likelihood.ALMOST_NO_CHANCE,
}


def is_blocked(text: str, lexicon: Lexicon) -> bool:
    """Whether the clause states no claim at all (a prohibition, a non-answer, a hypothetical)."""
    return bool(lexicon.block.search(text))


def negates_transfer(text: str, lexicon: Lexicon) -> bool:
    """'has never sent', 'were not meant for exports': the speaker says the transfer did not happen."""
    return bool(_negated(lexicon.negation, lexicon.transfer.pattern, lexicon.receive.pattern).search(text))


@lru_cache(maxsize=8)
def _negated(negation: str, transfer: str, receive: str) -> re.Pattern[str]:
    return re.compile(negation + "(?:" + transfer + "|" + receive + ")", re.IGNORECASE)


def claim_status(text: str, voices: list[Voice], lexicon: Lexicon) -> ClaimStatus:
    """The status of one clause from its voices' verbs and its own wording."""
    classes = {v.verb_class for v in voices if not v.negated}
    denial_words = bool(voices) and bool(lexicon.denial_words.search(text))
    if "deny" in classes or denial_words or negates_transfer(text, lexicon):
        return ClaimStatus.DENIED
    if lexicon.planned.search(text):
        return ClaimStatus.PLANNED
    if "confirm" in classes:
        return ClaimStatus.CONFIRMED
    return ClaimStatus.ALLEGED


def find_hedges(text: str, lexicon: Lexicon) -> list[tuple[str, Likelihood]]:
    """Hedging words in textual order (longest phrase wins where they overlap)."""
    return [(m.group(0), lexicon.hedge_of[m.group(0)]) for m in lexicon.hedge_words.finditer(text)]


def hedge_and_likelihood(text: str, status: ClaimStatus, quantity_hedge: str | None,
                         lexicon: Lexicon) -> tuple[str | None, Likelihood]:
    """The hedge string ("likely; more than") and the ICD 203 likelihood it gives."""
    hedges = find_hedges(text, lexicon)
    words = [word for word, _ in hedges] + ([quantity_hedge] if quantity_hedge else [])
    hedge = "; ".join(dict.fromkeys(words)) or None
    if not hedges or status is ClaimStatus.DENIED:
        return hedge, STATUS_LIKELIHOOD[status]
    strongest = max(hedges, key=lambda h: len(h[0]))
    return hedge, strongest[1]


def is_official(name: str, lexicon: Lexicon) -> bool:
    return bool(lexicon.official.search(name) or lexicon.official_names.search(name))


def evidence_types(sentence: str, chain: list[str], doc_imagery: bool, main_story: bool,
                   lexicon: Lexicon) -> list[EvidenceType]:
    """What the claim rests on: imagery or human sources named in the sentence, else debris and
    records (other), else an official origin, else press reporting (media); the author's own
    claims about the document's main story rest on the imagery the document describes."""
    found = [EvidenceType(kind) for kind in ("imagery", "humint") if lexicon.evidence[kind].search(sentence)]
    if found:
        return found
    if lexicon.evidence["other"].search(sentence):
        return [EvidenceType.OTHER]
    sources = chain[1:]
    if sources and (is_official(sources[-1], lexicon) or is_official(chain[0], lexicon)):
        return [EvidenceType.OFFICIAL]  # an official source, or a speaker in an official document
    if sources:
        return [EvidenceType.MEDIA]
    if doc_imagery and main_story:
        return [EvidenceType.IMAGERY]
    if chain and chain[0] and is_official(chain[0], lexicon):
        return [EvidenceType.OFFICIAL]  # a ministry's or government's own statement
    return [EvidenceType.OTHER]
