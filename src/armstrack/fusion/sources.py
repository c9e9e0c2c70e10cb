"""Sources: every publisher and named origin, with an Admiralty reliability grade and why.

A name is classed into a kind (wire, think tank, official, major outlet, state media of an
interested party, anonymous official, unknown) by a small lexicon of patterns; each kind has a
default grade. The analyst overrides any grade; an edited source keeps its grade on re-runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from armstrack.model import Reliability, Source


@dataclass(frozen=True)
class SourceKind:
    """A class of source with its default grade and the reason shown to the analyst."""

    name: str
    reliability: Reliability
    reason: str
    patterns: tuple[str, ...]
    interested: bool = False  # speaks for a supplier or recipient state

    def matches(self, name: str) -> bool:
        return any(re.search(p, name, re.IGNORECASE) for p in self.patterns)


# Order matters: the first kind whose pattern matches wins (state media before "official",
# "Open Source Centre" a think tank before "sources" makes it anonymous).
KINDS: tuple[SourceKind, ...] = (
    SourceKind("interested_state", Reliability.D,
               "state organ or media of a supplier or recipient state: it speaks for a party",
               (r"\bKCNA\b", r"Rodong", r"Korean Central", r"North Korean? (government|state|officials?|ministry)",
                r"\bDPRK\b", r"Pyongyang", r"Kim (Yo Jong|Jong Un)", r"\bTASS\b", r"\bRIA\b", r"Kremlin",
                r"Peskov", r"Zakharova", r"Russian (government|foreign ministry|defen[cs]e ministry|officials?)",
                r"Russian and North Korean", r"North Korean and Russian", r"Moscow\b")),
    SourceKind("wire", Reliability.B, "international news agency with standing corrections",
               (r"\bReuters\b", r"Associated Press", r"^AP$", r"\bAFP\b", r"Agence France", r"Yonhap", r"Kyodo",
                r"Bloomberg")),
    SourceKind("think_tank", Reliability.B, "research organisation publishing its imagery and method",
               (r"\bCSIS\b", r"Beyond Parallel", r"\bRUSI\b", r"Open Source Cent(re|er)", r"38 North", r"Institute",
                r"Arms Control", r"Conflict Armament", r"\bIISS\b", r"Royal United Services", r"Cent(er|re) for")),
    SourceKind("anonymous_official", Reliability.C,
               "unnamed officials or 'sources': often well placed, cannot be checked",
               (r"\bsources?\b", r"unnamed", r"anonymous", r"\bofficials?\b(?!.*(ministry|department))",
                r"advis[eo]r", r"people familiar")),
    SourceKind("official", Reliability.B, "government body of a state that is not a party to the transfer",
               (r"Ministry", r"Minister", r"White House", r"State Department", r"Department", r"Intelligence",
                r"Joint Chiefs", r"\bNIS\b", r"Government", r"United States", r"\bU\.?S\.?\b", r"South Korea",
                r"Republic of Korea", r"\bROK\b", r"United Nations", r"Panel of Experts", r"Treasury",
                r"National Security Council", r"Pentagon")),
    SourceKind("major_outlet", Reliability.C, "established news outlet reporting others' information",
               (r"New York Times", r"Washington Post", r"Wall Street Journal", r"\bBBC\b", r"\bCNN\b", r"Guardian",
                r"Financial Times", r"Dong-?a Ilbo", r"Chosun", r"JoongAng", r"Korea Herald", r"Korea Times",
                r"NK News", r"Messenger", r"Meduza", r"Economist", r"\bNHK\b", r"\bKBS\b", r"Nikkei", r"Politico",
                r"\bSun\b", r"theSun", r"Times\b", r"News\b", r"Post\b")),
)
UNKNOWN = SourceKind("unknown", Reliability.F, "no basis to judge this source", ())
KINDS_BY_NAME = {k.name: k for k in (*KINDS, UNKNOWN)}


STATE_VOICES: dict[str, tuple[str, ...]] = {
    "PRK": (r"\bKCNA\b", r"Rodong", r"Korean Central", r"North Korea", r"\bDPRK\b", r"Pyongyang",
            r"Kim (Yo Jong|Jong Un)"),
    "RUS": (r"\bTASS\b", r"\bRIA\b", r"Kremlin", r"Peskov", r"Zakharova", r"Russia", r"Moscow\b"),
}
"""Names that speak for a state (ISO 3166 alpha-3), to tell a supplier's denial from a recipient's."""


def speaks_for(name: str) -> set[str]:
    """The states a source name speaks for, by STATE_VOICES ("Russian and North Korean governments": both)."""
    return {code for code, patterns in STATE_VOICES.items() if any(re.search(p, name, re.IGNORECASE) for p in patterns)}


def classify(name: str) -> SourceKind:
    """The kind of a source name by the lexicon; `unknown` when nothing matches."""
    return next((kind for kind in KINDS if kind.matches(name)), UNKNOWN)


def normalise(name: str) -> str:
    """The key two spellings of one source share: case, spaces and trailing punctuation folded."""
    return re.sub(r"\s+", " ", name).strip(" .,;:").casefold()


class SourceRegistry:
    """Sources by name: the analyst's edits first, then lexicon defaults for any new name."""

    def __init__(self, sources: Iterable[Source] = (), edited: Iterable[str] = ()) -> None:
        self._sources: dict[str, Source] = {}
        self._edited = {normalise(n) for n in edited}
        for source in sources:
            self._sources[normalise(source.name)] = source

    def grade(self, name: str) -> Source:
        """The source of this name, graded by default if it was never seen."""
        key = normalise(name)
        if key not in self._sources:
            kind = classify(name)
            self._sources[key] = Source(name=name.strip(), kind=kind.name, reliability=kind.reliability,
                                        reason=f"default for {kind.name.replace('_', ' ')}: {kind.reason}")
        return self._sources[key]

    def edit(self, name: str, reliability: Reliability, reason: str) -> Source:
        """The analyst's grade: kept over any default from now on."""
        current = self.grade(name)
        source = Source(name=current.name, kind=current.kind, reliability=reliability,
                        reason=reason or f"set by analyst to {reliability.value}")
        self._sources[normalise(name)] = source
        self._edited.add(normalise(name))
        return source

    def is_edited(self, name: str) -> bool:
        return normalise(name) in self._edited

    def is_interested(self, name: str) -> bool:
        """Whether the source speaks for a supplier or recipient state."""
        kind = KINDS_BY_NAME.get(self.grade(name).kind, UNKNOWN)
        return kind.interested or kind.name == "interested_state"

    def all(self) -> list[Source]:
        return sorted(self._sources.values(), key=lambda s: s.name.casefold())
