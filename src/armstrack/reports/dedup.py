"""Near-duplicate reports: reposts of one story on other sites are kept, and known as one story.

A text is cut into overlapping 5-word shingles (lower case, words only, so punctuation, markup
and spacing do not matter). A MinHash signature of 128 hashes summarises the set; two signatures
estimate the Jaccard similarity J of their shingle sets with a standard error of about
sqrt(J(1-J)/128) <= 0.045. Reposts are often cut (a teaser, an excerpt) or padded (an intro, a
"read more" tail), which lowers J although the shorter text lies inside the longer one; so the
score is the estimated *containment* of the shorter text in the longer:
|A n B| / min(|A|, |B|) = J (|A| + |B|) / ((1 + J) min(|A|, |B|)).

Numbers decide between templated look-alikes: wire copy and generated bulletins reuse whole
sentences and change only the counts and dates ("40 freight cars ... on June 10"). The score is
multiplied by the share of the shorter text's numbers that the longer text also has; a repost or
an excerpt keeps its numbers, a report of another shipment does not.

Why STORY_THRESHOLD = 0.5: two write-ups of the same event by different newsrooms share names
and a quote or two but few 5-word runs (0.0 to 0.2 in our tests), while a repost keeps most of its
sentences verbatim (0.9 to 1.0 with a new intro and tail); templated reports of different
shipments share whole paragraphs (containment up to 0.8) but not their numbers (score 0 to 0.3
after the number factor). One half sits in the gap and clear of the estimator's error. Texts under
MIN_SHINGLES shingles (a headline, a one-line summary) are too short to judge and never match.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

SHINGLE_WORDS = 5
PERMUTATIONS = 128
MIN_SHINGLES = 8
STORY_THRESHOLD = 0.5
_PRIME = np.uint64((1 << 32) - 5)  # the largest prime under 2**32: (a*h + b) fits in uint64
_RNG = np.random.default_rng(20231005)  # fixed: signatures must stay comparable across runs
_A = _RNG.integers(1, int(_PRIME), PERMUTATIONS, dtype=np.uint64)
_B = _RNG.integers(0, int(_PRIME), PERMUTATIONS, dtype=np.uint64)
WORD = re.compile(r"\w+")
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class StorySignature:
    """The MinHash of a text's shingles, how many distinct shingles there were, and its numbers."""

    minhash: tuple[int, ...]
    shingles: int
    numbers: frozenset[str] = frozenset()

    def as_dict(self) -> dict[str, Any]:
        """For JSON (the `story_signature` property of a stored report)."""
        return {"shingles": self.shingles, "numbers": sorted(self.numbers), "minhash": list(self.minhash)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StorySignature:
        return cls(minhash=tuple(int(v) for v in data["minhash"]), shingles=int(data["shingles"]),
                   numbers=frozenset(str(n) for n in data.get("numbers", ())))


def shingles(text: str) -> set[str]:
    """Overlapping runs of SHINGLE_WORDS words, lower case; a short text is one shingle."""
    words = WORD.findall(text.casefold())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def numbers(text: str) -> frozenset[str]:
    """The numbers written in digits in a text, separators removed: "1,000" and "1000" are one."""
    return frozenset(n.replace(",", "").rstrip(".") for n in NUMBER.findall(text))


def story_key(text: str) -> StorySignature:
    """The signature of a text, to compare with `same_story`."""
    found = shingles(text)
    if not found:
        return StorySignature(minhash=(int(_PRIME),) * PERMUTATIONS, shingles=0)
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
                          for s in found), dtype=np.uint64, count=len(found))
    permuted = (np.outer(_A, hashes) + _B[:, None]) % _PRIME
    return StorySignature(minhash=tuple(int(v) for v in permuted.min(axis=1)), shingles=len(found),
                          numbers=numbers(text))


def jaccard(a: StorySignature, b: StorySignature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(np.asarray(a.minhash) == np.asarray(b.minhash)))


def same_story(a: StorySignature | str, b: StorySignature | str) -> float:
    """How surely two texts are one story, 0..1; >= STORY_THRESHOLD: one story. The estimated
    containment of the shorter in the longer, times the share of the shorter's numbers in the longer."""
    a = story_key(a) if isinstance(a, str) else a
    b = story_key(b) if isinstance(b, str) else b
    if min(a.shingles, b.shingles) < MIN_SHINGLES:
        return 0.0
    return containment(jaccard(a, b), a.shingles, b.shingles) * number_agreement(a, b)


def containment(j: float, size_a: int, size_b: int) -> float:
    return min(1.0, j * (size_a + size_b) / ((1 + j) * min(size_a, size_b)))


def number_agreement(a: StorySignature, b: StorySignature) -> float:
    """Share of the shorter text's numbers that the longer one has too (1.0 when it has none)."""
    shorter, longer = (a, b) if a.shingles <= b.shingles else (b, a)
    if not shorter.numbers:
        return 1.0
    return len(shorter.numbers & longer.numbers) / len(shorter.numbers)


def best_match(signature: StorySignature, candidates: npt.NDArray[np.uint64], sizes: npt.NDArray[np.int64],
               candidate_numbers: list[frozenset[str]]) -> tuple[int, float]:
    """Index and `same_story` score of the candidate (rows of MinHash, with their shingle counts and
    numbers) most like `signature`; (-1, 0.0) when there are none or the text is too short."""
    if candidates.size == 0 or signature.shingles < MIN_SHINGLES:
        return -1, 0.0
    j = (candidates == np.asarray(signature.minhash, dtype=np.uint64)).mean(axis=1)
    smaller = np.minimum(sizes, signature.shingles)
    scores = np.where(smaller >= MIN_SHINGLES,
                      np.minimum(1.0, j * (sizes + signature.shingles) / ((1 + j) * np.maximum(smaller, 1))), 0.0)
    for alike in np.flatnonzero(scores > 0):  # the number factor only where the text is alike at all
        other = StorySignature(minhash=(), shingles=int(sizes[alike]), numbers=candidate_numbers[alike])
        scores[alike] *= number_agreement(signature, other)
    best = int(np.argmax(scores))
    return best, float(scores[best])


class StoryIndex:
    """The story signatures of the stored reports, to find the story a new report belongs to.

    Signatures sit in one growing array (capacity doubled as needed), so that each new report is
    compared with all earlier ones in one vectorised step."""

    def __init__(self, rows: list[tuple[str, str | None, dict[str, Any] | None]]) -> None:
        self.story_ids: list[str] = []
        self.numbers: list[frozenset[str]] = []
        self._sizes = np.zeros(max(64, len(rows)), dtype=np.int64)
        self._minhashes = np.zeros((len(self._sizes), PERMUTATIONS), dtype=np.uint64)
        for report_id, story_id, signature in rows:
            if isinstance(signature, dict):
                self.add(story_id or report_id, StorySignature.from_dict(signature))

    def story_of(self, signature: StorySignature) -> tuple[str | None, float]:
        """The story id of the best match at or above the threshold (else None), and its score."""
        n = len(self.story_ids)
        index, score = best_match(signature, self._minhashes[:n], self._sizes[:n], self.numbers)
        return (self.story_ids[index], score) if index >= 0 and score >= STORY_THRESHOLD else (None, score)

    def add(self, story_id: str, signature: StorySignature) -> None:
        n = len(self.story_ids)
        if n == len(self._sizes):
            self._sizes = np.concatenate([self._sizes, np.zeros_like(self._sizes)])
            self._minhashes = np.concatenate([self._minhashes, np.zeros_like(self._minhashes)])
        self._sizes[n] = signature.shingles
        self._minhashes[n] = signature.minhash
        self.story_ids.append(story_id)
        self.numbers.append(signature.numbers)
