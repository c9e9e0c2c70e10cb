"""Totals over a period: the shipments' volume draws summed, never their intervals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from armstrack.fusion.volume import VolumeAssumptions, count_estimate, load_assumptions, total_volume, volume_seed
from armstrack.model import Interval, Quantity, Shipment


@dataclass(frozen=True)
class Totals:
    """Summed volumes of the shipments counted, with which ones and under what rule."""

    volume: dict[str, Interval]
    shipments: list[str]
    start: datetime | None
    end: datetime | None
    min_confidence: float

    def as_dict(self) -> dict[str, object]:
        return {"start": None if self.start is None else self.start.isoformat(),
                "end": None if self.end is None else self.end.isoformat(), "min_confidence": self.min_confidence,
                "shipments": self.shipments, **{k: v.as_dict() for k, v in self.volume.items()}}


def shipment_totals(shipments: Sequence[Shipment], start: datetime | None = None, end: datetime | None = None,
                    min_confidence: float = 0.5, calibre: str | None = None,
                    assumptions: VolumeAssumptions | None = None) -> Totals:
    """Shells, tonnes and containers over the shipments whose window midpoint lies in [start, end]
    and whose confidence is at least `min_confidence`; each shipment's draws are the ones its own
    interval came from (same seed), summed element by element."""
    assumptions = assumptions or load_assumptions()
    estimates, counted = [], []
    for s in shipments:
        middle = s.window_start + (s.window_end - s.window_start) / 2
        if s.confidence < min_confidence or (start and middle < start) or (end and middle > end):
            continue
        quantity = next((q for q in (Quantity.RAIL_CARS, Quantity.CONTAINERS_TEU) if q.value in s.volume), None)
        if quantity is None:
            continue
        seed = volume_seed(s.route_id, s.window_start)
        estimates.append(count_estimate(quantity, s.volume[quantity.value], calibre, assumptions, seed))
        counted.append(s.id)
    volume = total_volume(estimates) if estimates else {}
    return Totals(volume, counted, start, end, min_confidence)
