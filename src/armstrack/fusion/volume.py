"""Volumes: rail cars or TEU -> containers -> shells -> tonnes, by Monte Carlo over stated assumptions.

Every figure is a distribution with its source, read from a JSON data file the analyst can copy and
edit. An estimate keeps its draws so that totals over many shipments sum draws, not intervals.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from armstrack.model import ArmstrackError, Interval, Quantity, content_hash

LEVEL = 0.9
Sampler = Callable[[np.random.Generator, Mapping[str, Any], int], np.ndarray]

SAMPLERS: dict[str, Sampler] = {
    "fixed": lambda rng, p, n: np.full(n, float(p["value"])),
    "uniform": lambda rng, p, n: rng.uniform(float(p["low"]), float(p["high"]), n),
    "triangular": lambda rng, p, n: rng.triangular(float(p["low"]), float(p["mode"]), float(p["high"]), n),
}
"""Distributions by name: the `dist` field of an assumption picks one."""


@dataclass(frozen=True)
class Figure:
    """One assumption: a named distribution with its parameters and where the numbers come from."""

    name: str
    params: dict[str, Any]

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        kind = str(self.params.get("dist", ""))
        if kind not in SAMPLERS:
            raise ArmstrackError(f"volume assumption {self.name!r}: unknown dist {kind!r}; "
                                 f"expected one of {', '.join(SAMPLERS)}")
        try:
            return SAMPLERS[kind](rng, self.params, n)
        except (KeyError, TypeError, ValueError) as exc:
            raise ArmstrackError(f"volume assumption {self.name!r}: bad parameters {self.params} ({exc})") from None

    def describe(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True)
class VolumeAssumptions:
    """The figures used to turn counts into shells and tonnes, per calibre."""

    figures: dict[str, Figure]
    calibres: dict[str, dict[str, Figure]]
    default_calibre: str = "152mm"
    draws: int = 20_000
    seed: int = 20231005
    published_checks: list[dict[str, Any]] = field(default_factory=list)

    def calibre(self, name: str | None) -> dict[str, Figure]:
        key = name or self.default_calibre
        if key not in self.calibres:
            raise ArmstrackError(f"calibre {key!r} has no assumptions; known: {', '.join(self.calibres)}")
        return self.calibres[key]

    def describe(self, calibre: str | None = None) -> dict[str, Any]:
        figures = {name: f.describe() for name, f in self.figures.items()}
        figures.update({name: f.describe() for name, f in self.calibre(calibre).items()})
        return {"calibre": calibre or self.default_calibre, "draws": self.draws, "seed": self.seed,
                "level": LEVEL, **figures}


def default_assumptions_path() -> Path:
    return Path(str(resources.files("armstrack.fusion") / "data" / "volume_assumptions.json"))


def load_assumptions(path: str | Path | None = None,
                     overrides: Mapping[str, Mapping[str, Any]] | None = None) -> VolumeAssumptions:
    """The default assumptions, or those of `path`; `overrides` replaces single figures by name
    (`{"munitions_share": {"dist": "uniform", "low": 0.6, "high": 0.9}}`, or `"152mm.shells_per_container"`)."""
    source = Path(path) if path else default_assumptions_path()
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArmstrackError(f"{source}: no such assumptions file") from None
    except json.JSONDecodeError as exc:
        raise ArmstrackError(f"{source}: not valid JSON ({exc})") from None
    for name, params in (overrides or {}).items():
        _override(raw, name, dict(params), source)
    try:
        figures = {n: Figure(n, dict(p)) for n, p in raw["figures"].items()}
        calibres = {c: {n: Figure(f"{c}.{n}", dict(p)) for n, p in figs.items()} for c, figs in raw["calibres"].items()}
        return VolumeAssumptions(figures=figures, calibres=calibres,
                                 default_calibre=str(raw.get("default_calibre", "152mm")),
                                 draws=int(raw.get("draws", 20_000)), seed=int(raw.get("seed", 20231005)),
                                 published_checks=list(raw.get("published_checks", [])))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ArmstrackError(f"{source}: expected 'figures' and 'calibres' objects ({exc!r})") from None


def _override(raw: dict[str, Any], name: str, params: dict[str, Any], source: Path) -> None:
    if "." in name:
        calibre, figure = name.split(".", 1)
        raw.setdefault("calibres", {}).setdefault(calibre, {})[figure] = params
    elif name in raw.get("figures", {}):
        raw["figures"][name] = params
    else:
        raise ArmstrackError(f"{source}: no assumption named {name!r} to override")


@dataclass
class VolumeEstimate:
    """Draws of each quantity (containers, shells, tonnes) and the assumptions that made them."""

    draws: dict[str, np.ndarray]
    assumptions: dict[str, Any]

    def interval(self, name: str, level: float = LEVEL) -> Interval:
        return interval_of(self.draws[name], level)

    def intervals(self, level: float = LEVEL) -> dict[str, Interval]:
        return {name: interval_of(values, level) for name, values in self.draws.items()}


def interval_of(draws: np.ndarray, level: float = LEVEL) -> Interval:
    """Median and central `level` interval of Monte Carlo draws."""
    tail = (1 - level) / 2
    low, median, high = np.quantile(draws, [tail, 0.5, 1 - tail])
    return Interval(float(median), float(low), float(high), level)


def _count_draws(count: Interval | float, rng: np.random.Generator, n: int) -> np.ndarray:
    if isinstance(count, Interval):
        if count.high <= count.low:
            return np.full(n, float(count.value))
        if count.low < count.value < count.high:
            return rng.triangular(count.low, count.value, count.high, n)
        return rng.uniform(count.low, count.high, n)
    if count < 0:
        raise ArmstrackError(f"a count must be >= 0, got {count}")
    return np.full(n, float(count))


def estimate_volume(*, containers: Interval | float | None = None, rail_cars: Interval | float | None = None,
                    teu: Interval | float | None = None, calibre: str | None = None,
                    assumptions: VolumeAssumptions | None = None, seed: int | None = None) -> VolumeEstimate:
    """Shells and tonnes from exactly one of containers, rail cars or TEU (a number or an Interval)."""
    given = {k: v for k, v in (("containers", containers), ("rail_cars", rail_cars), ("teu", teu)) if v is not None}
    if len(given) != 1:
        raise ArmstrackError("give exactly one of containers, rail_cars or teu")
    a = assumptions or load_assumptions()
    per_calibre = a.calibre(calibre)
    rng = np.random.default_rng(a.seed if seed is None else seed)
    n = a.draws
    (kind, count), = given.items()
    counted = np.maximum(_count_draws(count, rng, n), 0.0)
    boxes = {"containers": lambda: counted,
             "rail_cars": lambda: counted * a.figures["containers_per_rail_car"].sample(rng, n),
             "teu": lambda: counted / a.figures["teu_per_container"].sample(rng, n)}[kind]()
    munitions = boxes * a.figures["munitions_share"].sample(rng, n)
    shells = munitions * per_calibre["shells_per_container"].sample(rng, n)
    tonnes = shells * per_calibre["kg_per_shell"].sample(rng, n) / 1000.0
    draws = {kind: counted, "containers": boxes, "shells": shells, "tonnes": tonnes}
    return VolumeEstimate(draws=draws, assumptions={"input": kind, **a.describe(calibre)})


def volume_seed(*parts: Any) -> int:
    """A seed from content (a shipment's route and start), the same on every machine and run."""
    return int(content_hash(*parts)[:8], 16)


def count_estimate(quantity: Quantity, count: Interval | float, calibre: str | None = None,
                   assumptions: VolumeAssumptions | None = None, seed: int | None = None) -> VolumeEstimate:
    """The estimate for a count of `quantity` (rail cars or TEU; vessels carry no volume here)."""
    if quantity is Quantity.RAIL_CARS:
        return estimate_volume(rail_cars=count, calibre=calibre, assumptions=assumptions, seed=seed)
    if quantity is Quantity.CONTAINERS_TEU:
        return estimate_volume(teu=count, calibre=calibre, assumptions=assumptions, seed=seed)
    raise ArmstrackError(f"no volume estimate from {quantity.value}; expected rail_cars or containers_teu")


def total_volume(estimates: Iterable[VolumeEstimate], level: float = LEVEL) -> dict[str, Interval]:
    """Totals over many estimates: the draws are summed element by element, then summarised."""
    sums: dict[str, np.ndarray] = {}
    for estimate in estimates:
        for name in ("containers", "shells", "tonnes"):
            sums[name] = sums.get(name, 0) + estimate.draws[name]
    return {name: interval_of(values, level) for name, values in sums.items()}
