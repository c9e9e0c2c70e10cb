"""Near-duplicate reports: reposts of one story on other sites are kept, and known as one story.

A text is cut into overlapping 5-word shingles (lower case, words only, so punctuation, markup
and spacing do not matter). A MinHash signature of 128 hashes summarises the set; two signatures
estimate the Jaccard similarity J of their shingle sets with a standard error of about
sqrt(J(1-J)/128) <= 0.045. Reposts are often cut (a teaser, an excerpt) or padded (an intro, a
"read more" tail), which lowers J although the shorter text lies inside the longer one; so the
score is the estimated *containment* of the shorter text in the longer:
|A n B| / min(|A|, |B|) = J (|A| + |B|) / ((1 + J) min(|A|, |B|)).

Why STORY_THRESHOLD = 0.5: two write-ups of the same event by different newsrooms share names
and a quote or two but few 5-word runs (containment well under 0.2 in our tests), while a repost
keeps most of its sentences verbatim (0.7 to 1.0 even with a new intro and tail); one half sits
in the wide gap and stays clear of the estimator's error. Texts under MIN_SHINGLES shingles
(a headline, a one-line summary) are too short to judge and never match.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class StorySignature:
    """The MinHash of a text's shingles and how many distinct shingles there were."""

    minhash: tuple[int, ...]
    shingles: int

    def as_list(self) -> list[int]:
        """For JSON: the shingle count, then the hashes."""
        return [self.shingles, *self.minhash]

    @classmethod
    def from_list(cls, values: list[int]) -> StorySignature:
        return cls(minhash=tuple(int(v) for v in values[1:]), shingles=int(values[0]))


def shingles(text: str) -> set[str]:
    """Overlapping runs of SHINGLE_WORDS words, lower case; a short text is one shingle."""
    words = WORD.findall(text.casefold())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def story_key(text: str) -> StorySignature:
    """The signature of a text, to compare with `same_story`."""
    found = shingles(text)
    if not found:
        return StorySignature(minhash=(int(_PRIME),) * PERMUTATIONS, shingles=0)
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
                          for s in found), dtype=np.uint64, count=len(found))
    permuted = (np.outer(_A, hashes) + _B[:, None]) % _PRIME
    return StorySignature(minhash=tuple(int(v) for v in permuted.min(axis=1)), shingles=len(found))


def jaccard(a: StorySignature, b: StorySignature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(np.asarray(a.minhash) == np.asarray(b.minhash)))


def same_story(a: StorySignature | str, b: StorySignature | str) -> float:
    """Estimated containment of the shorter text in the longer, 0..1; >= STORY_THRESHOLD: one story."""
    a = story_key(a) if isinstance(a, str) else a
    b = story_key(b) if isinstance(b, str) else b
    if min(a.shingles, b.shingles) < MIN_SHINGLES:
        return 0.0
    return containment(jaccard(a, b), a.shingles, b.shingles)


def containment(j: float, size_a: int, size_b: int) -> float:
    return min(1.0, j * (size_a + size_b) / ((1 + j) * min(size_a, size_b)))


def best_match(signature: StorySignature, candidates: npt.NDArray[np.uint64],
               sizes: npt.NDArray[np.int64]) -> tuple[int, float]:
    """Index and score of the candidate (rows of MinHash, with their shingle counts) most like
    `signature`; (-1, 0.0) when there are none or the text is too short."""
    if candidates.size == 0 or signature.shingles < MIN_SHINGLES:
        return -1, 0.0
    j = (candidates == np.asarray(signature.minhash, dtype=np.uint64)).mean(axis=1)
    smaller = np.minimum(sizes, signature.shingles)
    scores = np.where(smaller >= MIN_SHINGLES,
                      np.minimum(1.0, j * (sizes + signature.shingles) / ((1 + j) * np.maximum(smaller, 1))), 0.0)
    index = int(np.argmax(scores))
    return index, float(scores[index])
