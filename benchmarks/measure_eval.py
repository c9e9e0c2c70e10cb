"""Score measurements against a simulated archive's truth.json (shared by the benchmarks and tests).

For each GSD and quantity: the mean absolute error relative to the true mean, the share of true
values inside the reported interval, the mean interval width relative to the true mean, and how
many observed scenes there were, on clear scenes (feature cloud below 5 %) and, in a second
table, on partly clouded ones (5-50 %), with the worst errors (scene, site, truth, got) so that a
gross error is seen rather than averaged away. For cloud: the mean absolute error of the site cloud
fraction, and how often something under cloud was reported as 0.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUANTITIES = ("rail_cars", "containers_teu", "vessels")
FEATURE_OF = {"rail_cars": "-track-", "containers_teu": "-yard-", "vessels": "-berth-"}  # in feature ids


@dataclass
class Score:
    errors: list[float] = field(default_factory=list)
    truths: list[float] = field(default_factory=list)
    covered: list[bool] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    not_observed: int = 0

    @property
    def mae_rel(self) -> float:
        mean_truth = sum(self.truths) / len(self.truths) if self.truths else 0.0
        mae = sum(self.errors) / len(self.errors) if self.errors else 0.0
        return mae / mean_truth if mean_truth else mae

    @property
    def width_rel(self) -> float:
        """Mean interval width (high - low) over the true mean: how much the interval says."""
        mean_truth = sum(self.truths) / len(self.truths) if self.truths else 0.0
        width = sum(self.widths) / len(self.widths) if self.widths else 0.0
        return width / mean_truth if mean_truth else width

    @property
    def coverage(self) -> float:
        return sum(self.covered) / len(self.covered) if self.covered else 1.0


@dataclass
class Evaluation:
    scores: dict[tuple[float, str], Score] = field(default_factory=lambda: defaultdict(Score))
    cloud_errors: dict[float, list[float]] = field(default_factory=lambda: defaultdict(list))
    zero_under_cloud: int = 0
    cloudy_scenes: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    partial: dict[tuple[float, str], Score] = field(default_factory=lambda: defaultdict(Score))
    partial_errors: list[dict[str, Any]] = field(default_factory=list)

    def table(self, scores: dict[tuple[float, str], Score] | None = None) -> list[dict[str, Any]]:
        """One row per GSD and quantity: clear scenes, or the `scores` given (`partial` for the
        partly clouded scenes)."""
        rows = []
        for (gsd, quantity), s in sorted((self.scores if scores is None else scores).items()):
            if scores is not None and not s.errors and not s.not_observed:
                continue
            rows.append({"gsd_m": gsd, "quantity": quantity, "n": len(s.errors), "mean_truth":
                         round(sum(s.truths) / len(s.truths), 1) if s.truths else None,
                         "mae_rel": round(s.mae_rel, 3), "coverage": round(s.coverage, 3),
                         "width_rel": round(s.width_rel, 3),
                         "not_observed": s.not_observed})
        return rows

    def partial_table(self) -> list[dict[str, Any]]:
        """The table of the partly clouded scenes (feature cloud from `clear_below` to `max_cloud`)."""
        return self.table(self.partial)

    def worst_partial(self, n: int = 10) -> list[dict[str, Any]]:
        """The largest errors on partly clouded scenes, relative to max(truth, 1), largest first."""
        return sorted(self.partial_errors, key=lambda e: -abs(e["got"] - e["truth"]) / max(e["truth"], 1.0))[:n]

    def cloud_table(self) -> list[dict[str, Any]]:
        return [{"gsd_m": gsd, "n": len(e), "cloud_mae": round(sum(e) / len(e), 3) if e else None,
                 "max_error": round(max(e), 3) if e else None} for gsd, e in sorted(self.cloud_errors.items())]


def _score(score: Score, true: float, got: dict[str, Any]) -> bool:
    """Add one measurement to `score`; True when the interval holds the truth."""
    score.errors.append(abs(got["value"] - true))
    score.truths.append(true)
    score.widths.append(got["high"] - got["low"])
    inside = bool(got["low"] <= true <= got["high"])
    score.covered.append(inside)
    return inside


def load_truth(archive: Path) -> dict[str, Any]:
    return dict(json.loads((archive / "truth.json").read_text(encoding="utf-8")))


def evaluate(truth: dict[str, Any], results: Iterable[dict[str, Any]], max_cloud: float = 0.5,
             clear_below: float = 0.05) -> Evaluation:
    """Compare `armstrack measure --json` lines with the truth; counts are scored on clear scenes
    (true feature cloud below `clear_below`) and, apart, on partly clouded ones (up to
    `max_cloud`), cloud on every scene."""
    by_key = {(Path(s["file"]).name, s["site"]): s for s in truth["scenes"]}
    ev = Evaluation()
    for r in results:
        scene = by_key.get((r["scene"], r["site"]))
        if scene is None:
            continue
        gsd = float(scene["gsd_m"])
        ev.cloud_errors[gsd].append(abs(float(r["cloud_fraction"]) - float(scene["cloud_fraction"])))
        for quantity in QUANTITIES:
            clouds = [v for k, v in scene.get("feature_cloud_fraction", {}).items() if FEATURE_OF[quantity] in k]
            feature_cloud = max(clouds or [scene["cloud_fraction"]])
            true = scene["truth"].get(quantity)
            got = r.get(quantity)
            if true is None:
                continue
            score = ev.scores[(gsd, quantity)]
            if got is None:
                score.not_observed += 1  # the clear table's column counts every scene, as before
                if clear_below <= feature_cloud <= max_cloud:
                    ev.partial[(gsd, quantity)].not_observed += 1
                continue
            if feature_cloud > max_cloud:
                ev.cloudy_scenes += 1
                ev.zero_under_cloud += int(got["value"] == 0 and true > 0)
                continue
            if feature_cloud >= clear_below:
                _score(ev.partial[(gsd, quantity)], true, got)
                ev.partial_errors.append({"scene": r["scene"], "site": r["site"], "quantity": quantity,
                                          "feature_cloud": round(feature_cloud, 3), "truth": true,
                                          "got": got["value"], "low": got["low"], "high": got["high"]})
                continue
            if not _score(score, true, got):
                ev.misses.append({"scene": r["scene"], "quantity": quantity, "truth": true, "got": got})
    return ev
