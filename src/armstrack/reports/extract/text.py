"""Sentences and clauses with their character spans in the report text.

Sentences are found by rules rather than by the parser: reports mix headlines, captions and
run-together paragraphs ("pandemic.According to"), and abbreviations common in the field
("U.S.", "Sept.", "No.") must not end a sentence. Clauses split a sentence where a second voice
or a contrast starts (", but", ", an accusation", ", with ... reporting"), so that each can carry
its own status and attribution while the claim keeps the whole sentence as its quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset({
    "u.s", "u.n", "u.k", "e.u", "d.p.r.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
    "corp", "inc", "ltd", "co", "vs", "etc", "approx", "est", "dept", "gov", "sen", "rep", "a.m", "p.m", "n",
})
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*\s*$")
_RUN_TOGETHER = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_TERMINAL = re.compile(r"[.!?][\"”’')\]]*\s*$")
_CLAUSE_BREAKS = re.compile(
    r",\s+(?=but\s)|,\s+(?=while\s)|,\s+(?=(?:al)?though\s)|;\s+|,\s+(?=an?\s+(?:accusation|allegation|claim|charge)\b)"
    r"|,\s+(?=with\s+[^,]{3,80}?\b(?:having\s+)?(?:\w+ly\s+)?(?:reported|reporting|said|saying|claimed|claiming)\b)"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the report: its text, its [start, end) span, and whether it is a headline."""

    text: str
    start: int
    end: int
    headline: bool = False


@dataclass(frozen=True)
class Clause:
    """A clause of a sentence, with its offsets relative to the sentence."""

    text: str
    start: int
    end: int


def _last_word(text: str) -> str:
    match = re.search(r"([A-Za-z.]+)\s*$", text)
    return match.group(1).strip(".").casefold() if match else ""


def _paragraph_sentences(text: str, offset: int) -> list[Sentence]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for cut in _RUN_TOGETHER.finditer(text):
        pieces.append((start, cut.start()))
        start = cut.start()
    pieces.append((start, len(text)))
    sentences: list[Sentence] = []
    for piece_start, piece_end in pieces:
        sentences.extend(_split_piece(text, piece_start, piece_end, offset))
    return sentences


def _split_piece(text: str, start: int, end: int, offset: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    cursor = start
    for match in _END.finditer(text, start, end):
        before = text[cursor:match.start()]
        if match.group().startswith(".") and _last_word(before) in ABBREVIATIONS and match.end() < end:
            continue
        if re.search(r"(?:^|\s)[A-Z]$", before) and match.end() < end:  # an initial: "Kim J. Un"
            continue
        sentences.append(_sentence(text, cursor, match.end(), offset))
        cursor = match.end()
    if text[cursor:end].strip():
        sentences.append(_sentence(text, cursor, end, offset))
    return [s for s in sentences if s.text]


DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,30}(?:,\s+[A-Z][\w.]*(?:\s+[A-Z]?[\w.]+)?)?"
                      r"(?:\s+\([^)]{1,40}\))?\s*(?:—|–|--|-|:)\s+")


def _sentence(text: str, start: int, end: int, offset: int) -> Sentence:
    chunk = text[start:end]
    dateline = DATELINE.match(chunk.lstrip())
    lead = len(chunk) - len(chunk.lstrip()) + (dateline.end() if dateline else 0)
    chunk = chunk[lead:]
    stripped = chunk.rstrip()
    headline = not _TERMINAL.search(stripped)
    return Sentence(stripped, offset + start + lead, offset + start + lead + len(stripped), headline)


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of `text` with its span: text[s.start:s.end] == s.text."""
    sentences: list[Sentence] = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            sentences.extend(_paragraph_sentences(match.group(), match.start()))
    return sentences


def split_clauses(sentence: str) -> list[Clause]:
    """The clauses of one sentence where a contrast or a second voice starts."""
    clauses: list[Clause] = []
    start = 0
    for cut in _CLAUSE_BREAKS.finditer(sentence):
        clauses.append(Clause(sentence[start:cut.start()], start, cut.start()))
        start = cut.end()
    clauses.append(Clause(sentence[start:], start, len(sentence)))
    return [c for c in clauses if c.text.strip()]
