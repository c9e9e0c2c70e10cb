"""Counters register under a quantity and a method name; callers pick them by name.

A learned detector is added beside the classical counters with one decorator and named in the
call (or the first one registered for a quantity is used), without touching any caller. A counter
that reads only its features' pixels and a rim around them says so (`margin_m`): the task may then
hand it the window cropped to its features, which is what keeps a yard count cheap in a big window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from armstrack.imagery.measure.base import Count, FeatureShape, SiteRaster
from armstrack.model import ArmstrackError, Quantity


class Counter(Protocol):
    """Counts one quantity over the features of one site in one raster."""

    def __call__(self, raster: SiteRaster, features: Sequence[FeatureShape], *,
                 background: Any = None, max_cloud: float = 0.5) -> Count: ...


_COUNTERS: dict[Quantity, dict[str, Counter]] = {q: {} for q in Quantity}
_MARGINS: dict[tuple[Quantity, str], float] = {}


def register_counter(quantity: Quantity | str, name: str, margin_m: float | None = None
                     ) -> Callable[[Counter], Counter]:
    """Decorator: register `fn` as the counter `name` for `quantity` (the first one is the default);
    `margin_m`: it reads no pixel farther than this from its features, so a crop of the window
    to them (and this rim) gives it the same answer."""
    q = Quantity(quantity)

    def decorate(fn: Counter) -> Counter:
        if name in _COUNTERS[q]:
            raise ArmstrackError(f"counter {name!r} for {q.value} is already registered")
        _COUNTERS[q][name] = fn
        if margin_m is not None:
            _MARGINS[(q, name)] = float(margin_m)
        return fn

    return decorate


def counter_names(quantity: Quantity | str) -> list[str]:
    """The registered method names for a quantity, the default first."""
    return list(_COUNTERS[Quantity(quantity)])


def counter_margin(quantity: Quantity | str, name: str) -> float | None:
    """How far (m) beyond its features the counter `name` reads, when it said so (else None: it may
    read the whole window)."""
    return _MARGINS.get((Quantity(quantity), name))


def get_counter(quantity: Quantity | str, name: str | None = None) -> tuple[str, Counter]:
    """The counter `name` for `quantity` (default: the first registered), with its name."""
    q = Quantity(quantity)
    counters = _COUNTERS[q]
    if not counters:
        raise ArmstrackError(f"no counter registered for {q.value}")
    if name is None:
        name = next(iter(counters))
    if name not in counters:
        raise ArmstrackError(f"unknown counter {name!r} for {q.value}; known: {', '.join(counters)}")
    return name, counters[name]
