"""Shipments found against a simulated world's truth: detection, timing, volume coverage, and claims.

One scorer for the fusion benchmark and the demo. What counts (docs/fusion.md, "Scoring"):

* only routes whose both ends are imaged are scored (a route out of the imaged area is a guess);
* a found shipment is *detected* at confidence >= 0.5 and matches a true consignment on the same
  route whose departure lies inside its window (greedy, one to one, narrowest window first; where
  the window holds several, one whose load imagery registers before one too small to register);
* detection is scored against every consignment, munitions or ordinary freight, whose load is at
  least what the imagery can register (`ScoringRule.min_load`): the pixels show loads, not what is
  in the boxes. A detection matching a smaller consignment is neither right nor wrong (left out);
* munitions against ordinary freight is scored apart, through claims: of the matched shipments,
  which are supported by a claim, and which of those carry munitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from statistics import median
from typing import Any

from armstrack.model import Interval, Shipment

QUANTITIES = ("rail_cars", "containers_teu")


@dataclass(frozen=True)
class ScoringRule:
    detected: float = 0.5  # confidence at which a hypothesis counts as found
    min_load: Mapping[str, float] = field(default_factory=lambda: {"rail_cars": 10.0, "containers_teu": 40.0})


@dataclass(frozen=True)
class TrueShipment:
    """One consignment of the truth (truth.json `shipments` entry)."""

    id: str
    route: str
    depart: datetime
    quantity: str | None
    count: float | None
    munitions: bool = True

    @property
    def ends(self) -> tuple[str, str]:
        return route_ends(self.route)

    @property
    def mode(self) -> str:
        return self.route.rsplit(":", 1)[-1]


@dataclass(frozen=True)
class FoundShipment:
    """One hypothesis of the fusion, reduced to what scoring reads."""

    id: str
    route: str
    window_start: datetime
    window_end: datetime
    confidence: float
    volume: Mapping[str, Interval]
    claims: int = 0  # supporting claims linked to it

    @property
    def middle(self) -> datetime:
        return self.window_start + (self.window_end - self.window_start) / 2


@dataclass
class Score:
    """Counts, per-match timing errors and volume coverage, and one row per found or missed shipment."""

    true: int = 0
    found: int = 0
    matched: int = 0
    timing_hours: list[float] = field(default_factory=list)
    volume_covered: list[bool] = field(default_factory=list)
    true_by_mode: dict[str, int] = field(default_factory=dict)
    matched_by_mode: dict[str, int] = field(default_factory=dict)
    munitions_true: int = 0
    munitions_matched: int = 0
    claimed: int = 0  # matched shipments supported by claims
    claimed_munitions: int = 0  # ... whose truth carries munitions
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.true if self.true else None

    def recall_of(self, mode: str) -> float | None:
        true = self.true_by_mode.get(mode, 0)
        return self.matched_by_mode.get(mode, 0) / true if true else None

    def add(self, other: Score) -> None:
        """Sum another world's score into this one (rows are not kept)."""
        for name in ("true", "found", "matched", "munitions_true", "munitions_matched", "claimed",
                     "claimed_munitions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.timing_hours += other.timing_hours
        self.volume_covered += other.volume_covered
        for mine, theirs in ((self.true_by_mode, other.true_by_mode), (self.matched_by_mode, other.matched_by_mode)):
            for mode, n in theirs.items():
                mine[mode] = mine.get(mode, 0) + n

    def as_dict(self) -> dict[str, Any]:
        return {"true": self.true, "found": self.found, "matched": self.matched,
                "precision": self.precision, "recall": self.recall,
                "recall_rail": self.recall_of("rail"), "recall_sea": self.recall_of("sea"),
                "median_timing_error_h": median(self.timing_hours) if self.timing_hours else None,
                "volume_interval_covers_truth": (sum(self.volume_covered) / len(self.volume_covered))
                if self.volume_covered else None,
                "munitions_true": self.munitions_true, "munitions_matched": self.munitions_matched,
                "claimed": self.claimed, "claimed_munitions": self.claimed_munitions,
                "shipments": self.rows}


def route_ends(route: str) -> tuple[str, str]:
    """("tumangang", "khasan") from "tumangang->khasan:rail"."""
    head = route.rsplit(":", 1)[0]
    origin, _, end = head.partition("->")
    return origin, end


def utc_naive(text: str | datetime) -> datetime:
    at = datetime.fromisoformat(text.replace("Z", "+00:00")) if isinstance(text, str) else text
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def truth_of(rows: Iterable[Mapping[str, Any]]) -> list[TrueShipment]:
    """truth.json `shipments` entries as `TrueShipment`s (missing `munitions` reads as true)."""
    out = []
    for row in rows:
        quantity = next((q for q in QUANTITIES if row.get(q)), None)
        count = float(row.get(quantity) or 0) if quantity else None
        out.append(TrueShipment(str(row["id"]), str(row["route"]), utc_naive(row["depart"]), quantity, count,
                                bool(row.get("munitions", True))))
    return out


def found_of_shipments(shipments: Iterable[Shipment]) -> list[FoundShipment]:
    """Core `Shipment`s (fuse's result) as `FoundShipment`s."""
    return [FoundShipment(s.id, s.route_id, utc_naive(s.window_start), utc_naive(s.window_end), s.confidence,
                          dict(s.volume), sum(1 for e in s.evidence if e.kind == "claim" and e.supports))
            for s in shipments]


def found_of_rows(rows: Iterable[Mapping[str, Any]]) -> list[FoundShipment]:
    """Rows of the `shipments --json` contract as `FoundShipment`s."""
    out = []
    for row in rows:
        volume = {k: Interval(float(v["value"] if "value" in v else v["low"]), float(v["low"]), float(v["high"]))
                  for k, v in (row.get("volume") or {}).items() if isinstance(v, dict) and "low" in v}
        claims = sum(1 for e in row.get("evidence", []) if e.get("kind") == "claim" and e.get("supports"))
        out.append(FoundShipment(str(row["id"]), str(row["route"]), utc_naive(row["window"]["start"]),
                                 utc_naive(row["window"]["end"]), float(row["confidence"]), volume, claims))
    return out


def score(found: Sequence[FoundShipment], truth: Sequence[TrueShipment], imaged: Iterable[str] | None = None,
          rule: ScoringRule | None = None) -> Score:
    """Match found shipments to the truth and score them (module docstring); `imaged`: the sites
    imaged (None: every site)."""
    rule = rule or ScoringRule()
    sites = None if imaged is None else set(imaged)

    def in_view(route: str) -> bool:
        return sites is None or all(end in sites for end in route_ends(route))

    detected = [f for f in found if f.confidence >= rule.detected and in_view(f.route)]
    candidates = [t for t in truth if in_view(t.route)]
    result = Score()
    for t in candidates:
        if _registers(t, rule):
            result.true += 1
            result.true_by_mode[t.mode] = result.true_by_mode.get(t.mode, 0) + 1
            result.munitions_true += t.munitions
    for f in sorted(detected, key=lambda f: (f.window_end - f.window_start, -f.confidence)):
        inside = [t for t in candidates if t.route == f.route and f.window_start <= t.depart <= f.window_end]
        match = min(inside, key=lambda t: not _registers(t, rule), default=None)  # a load it can see, first
        if match is not None:
            candidates.remove(match)
        result.rows.append(_count_match(result, f, match, rule))
    result.rows += [{"route": t.route, "missed": t.id, "depart": t.depart.isoformat(), "munitions": t.munitions}
                    for t in candidates if _registers(t, rule)]
    return result


def _registers(truth: TrueShipment, rule: ScoringRule) -> bool:
    return truth.quantity is not None and (truth.count or 0) >= rule.min_load.get(truth.quantity, 0.0)


def _count_match(result: Score, found: FoundShipment, match: TrueShipment | None, rule: ScoringRule) -> dict[str, Any]:
    row: dict[str, Any] = {"route": found.route, "window": {"start": found.window_start.isoformat(),
                                                            "end": found.window_end.isoformat()},
                           "confidence": found.confidence, "truth": None if match is None else match.id}
    if match is not None and not _registers(match, rule):
        row["below_registered_load"] = True  # neither right nor wrong
        return row
    result.found += 1
    if match is None:
        return row
    result.matched += 1
    result.matched_by_mode[match.mode] = result.matched_by_mode.get(match.mode, 0) + 1
    result.munitions_matched += match.munitions
    result.claimed += found.claims > 0
    result.claimed_munitions += found.claims > 0 and match.munitions
    result.timing_hours.append(abs((found.middle - match.depart).total_seconds()) / 3600)
    interval = found.volume.get(match.quantity or "")
    if interval is not None and match.count is not None:
        covered = interval.low <= match.count <= interval.high
        result.volume_covered.append(covered)
        row["volume_covers_truth"] = covered
    row["munitions"] = match.munitions
    return row
