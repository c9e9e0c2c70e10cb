"""Rolling stock, containers and vessels: their real dimensions and how one consignment looks.

Looks are drawn from a generator seeded by the consignment id, so the same train shows the same
cars in every scene and at both ends of its route.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from armstrack.imagery.simulate.materials import CAR_PAINTS, CONTAINER_PAINTS, HULL_PAINTS, paint_of


@dataclass(frozen=True)
class CarType:
    """A freight car type: length over couplers (m), body width (m), height above rail (m)."""

    length_m: tuple[float, ...]
    width_m: float
    height_m: float
    paints: tuple[str, ...]


CAR_TYPES: dict[str, CarType] = {
    "box": CarType((16.4, 17.6, 19.2), 3.2, 4.7, ("oxide", "brown", "green", "grey", "blue")),
    "gondola": CarType((14.0, 14.4), 3.2, 3.5, ("oxide", "brown", "black", "grey")),
    "tank": CarType((14.2, 15.0), 3.1, 4.4, ("black", "grey")),
    "hopper": CarType((14.7,), 3.2, 4.1, ("grey", "oxide", "brown")),
    "flat": CarType((14.62,), 3.2, 2.8, ("brown", "grey")),
    "container_flat": CarType((19.62,), 3.1, 4.0, ("grey", "brown")),
}
LOCOMOTIVE = CarType((18.2,), 3.2, 5.0, ("green", "blue", "grey"))
MUNITIONS_MIX = {"box": 0.55, "container_flat": 0.25, "flat": 0.1, "gondola": 0.1}
BACKGROUND_MIX = {"gondola": 0.3, "tank": 0.25, "box": 0.2, "hopper": 0.15, "flat": 0.1}
COUPLER_GAP_M = 1.0
TIER_HEIGHT_M = 2.591
ISO_BOX = {1: (6.058, 2.438), 2: (12.192, 2.438)}  # TEU -> (length, width) in metres


@dataclass(frozen=True)
class Car:
    type: str
    length_m: float
    width_m: float
    height_m: float
    paint: np.ndarray
    roof: np.ndarray  # roof or load colour
    load: tuple[int, ...] = ()  # container flats: TEU of each box carried


def consist(rng: np.random.Generator, n: int, munitions: bool) -> list[Car]:
    """n freight cars of a train or rake, types mixed as in munitions trains or ordinary traffic."""
    mix = MUNITIONS_MIX if munitions else BACKGROUND_MIX
    names, weights = list(mix), np.array(list(mix.values()))
    base_paint = str(rng.choice(list(CAR_TYPES["box"].paints)))
    cars = []
    for name in rng.choice(names, size=n, p=weights / weights.sum()):
        kind = CAR_TYPES[str(name)]
        paint_name = base_paint if base_paint in kind.paints and rng.random() < 0.6 else str(rng.choice(kind.paints))
        paint = paint_of(CAR_PAINTS, paint_name) * np.float32(rng.uniform(0.8, 1.2))
        roof = roof_colour(rng, str(name), paint)
        load = (2,) if name == "container_flat" and rng.random() < 0.4 else (1, 1) if name == "container_flat" else ()
        cars.append(Car(str(name), float(rng.choice(kind.length_m)), kind.width_m, kind.height_m, paint, roof, load))
    return cars


def roof_colour(rng: np.random.Generator, name: str, paint: np.ndarray) -> np.ndarray:
    """What the sensor sees from above: galvanised or painted roofs, coal/ore, tarpaulins, container tops."""
    if name == "box":
        return paint if rng.random() < 0.5 else np.array((0.32, 0.32, 0.33, 0.34), np.float32) * rng.uniform(0.7, 1.3)
    if name in ("gondola", "hopper"):
        cargo = rng.choice(["coal", "ore", "empty"])
        return {"coal": np.array((0.045, 0.045, 0.047, 0.055)), "ore": np.array((0.16, 0.09, 0.07, 0.2)),
                "empty": paint * 0.6}[str(cargo)].astype(np.float32)
    if name == "flat":
        return np.array((0.09, 0.13, 0.08, 0.16) if rng.random() < 0.5 else (0.15, 0.15, 0.14, 0.17), np.float32)
    if name == "container_flat":
        return container_paint(rng)
    return paint


def container_paint(rng: np.random.Generator) -> np.ndarray:
    name = str(rng.choice(list(CONTAINER_PAINTS)))
    return (paint_of(CONTAINER_PAINTS, name) * np.float32(rng.uniform(0.75, 1.15))).astype(np.float32)


def locomotive(rng: np.random.Generator) -> Car:
    paint = paint_of(CAR_PAINTS, str(rng.choice(LOCOMOTIVE.paints)))
    return Car("locomotive", LOCOMOTIVE.length_m[0], LOCOMOTIVE.width_m, LOCOMOTIVE.height_m, paint,
               paint * np.float32(0.8))


def boxes(rng: np.random.Generator, teu: int, munitions: bool) -> list[tuple[int, np.ndarray]]:
    """Containers making exactly `teu` TEU: (TEU of the box, its paint); munitions go in 20-ft boxes."""
    out: list[tuple[int, np.ndarray]] = []
    share_40 = 0.05 if munitions else 0.5
    lot_paint = container_paint(rng)
    while sum(t for t, _ in out) < teu:
        size = 2 if teu - sum(t for t, _ in out) >= 2 and rng.random() < share_40 else 1
        out.append((size, lot_paint if rng.random() < 0.5 else container_paint(rng)))
    return out


def stack_heights(rng: np.random.Generator, munitions: bool) -> np.ndarray:
    """Tier counts of the stacks one lot is piled into (1-4 high)."""
    return rng.choice([1, 2, 3, 4], size=512, p=[0.1, 0.45, 0.4, 0.05] if munitions else [0.3, 0.3, 0.25, 0.15])


def hull_paint(rng: np.random.Generator) -> np.ndarray:
    return paint_of(HULL_PAINTS, str(rng.choice(list(HULL_PAINTS))))
