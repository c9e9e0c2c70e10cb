"""Put a site's consignments in place at one moment: cars on tracks, boxes in yard slots, ships at berths.

The objects returned here are both what is drawn and what truth.json lists, so the truth always
matches the pixels. Objects that do not fit the layout (a train longer than the tracks) are left
out of both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zlib import crc32

import numpy as np

from armstrack.imagery.simulate import rolling
from armstrack.imagery.simulate.layout import Layout, Track
from armstrack.imagery.simulate.materials import colour
from armstrack.imagery.simulate.schedule import CONTAINERS, RAIL_CARS, VESSEL, Presence, rng_for

TRACK_END_CLEARANCE_M = 6.0
CONSIGNMENT_GAP_M = (8.0, 30.0)


@dataclass
class SimObject:
    """One thing on the ground, in UTM metres; `heading` is the compass bearing of its long axis."""

    kind: str  # rail_car | locomotive | container | vessel | small_craft
    x: float
    y: float
    length: float
    width: float
    heading: float
    height: float
    feature: str | None
    paint: np.ndarray
    top: np.ndarray
    style: str = ""
    info: dict[str, Any] = field(default_factory=dict)


def place(layout: Layout, active: list[tuple[Presence, int]], t: datetime, seed: int) -> list[SimObject]:
    """All objects at the site at time t, from the consignments present and their counts."""
    by_kind: dict[str, list[tuple[Presence, int]]] = {}
    for presence, count in active:
        by_kind.setdefault(presence.kind, []).append((presence, count))
    objects: list[SimObject] = []
    if layout.tracks:
        objects += place_rail(layout, by_kind.get(RAIL_CARS, []), t, seed)
    if layout.yards:
        objects += place_containers(layout, by_kind.get(CONTAINERS, []), seed)
    if layout.berths:
        objects += place_vessels(layout, by_kind.get(VESSEL, []), t, seed)
    return objects + lorries(layout, rng_for(seed, layout.site.id, t.isoformat(), "lorries")) + cranes(layout)


def cranes(layout: Layout) -> list[SimObject]:
    """The quay cranes' booms, 40 m up: above any ship at the berth, with long thin shadows."""
    out = []
    for crane in layout.cranes:
        v = crane.vertices
        length, width = float(np.hypot(*(v[3] - v[0]))), float(np.hypot(*(v[1] - v[0])))
        heading = math.degrees(math.atan2(*(v[3] - v[0]))) % 360
        x, y = v.mean(axis=0)
        top = colour(crane.roof)
        out.append(SimObject("crane", float(x), float(y), length, width, heading, crane.height_m, None, top, top,
                             "ship_to_shore"))
    return out


def lorries(layout: Layout, rng: np.random.Generator) -> list[SimObject]:
    """Lorries on the site's roads: rail-car-sized distractors that are never counted."""
    out = []
    for road in layout.roads:
        (x0, y0), (x1, y1) = road.coords[0], road.coords[-1]
        heading = math.degrees(math.atan2(x1 - x0, y1 - y0)) % 360
        ux, uy = (x1 - x0) / road.length, (y1 - y0) / road.length
        for _ in range(int(rng.integers(0, 6))):
            f, lane = float(rng.uniform(0.02, 0.98)), float(rng.choice([-1.75, 1.75]))
            length = float(rng.uniform(7.5, 16.5))
            cab = rolling.container_paint(rng)
            out.append(SimObject("vehicle", x0 + f * (x1 - x0) - uy * lane, y0 + f * (y1 - y0) + ux * lane, length,
                                 2.5, (heading + (180.0 if lane > 0 else 0.0)) % 360, 3.5, None, cab,
                                 rolling.container_paint(rng) if length > 10 else cab, "lorry"))
    return out


def _car_objects(cars: list[rolling.Car], presence: Presence, count: int) -> list[rolling.Car]:
    chosen = cars[:count]
    if presence.attrs.get("locomotive") and count == presence.full:
        rng = rng_for(0, presence.consignment, "loco")
        chosen = [rolling.locomotive(rng), *chosen]
    return chosen


def place_rail(layout: Layout, active: list[tuple[Presence, int]], t: datetime, seed: int) -> list[SimObject]:
    tracks = layout.tracks
    cursor = [TRACK_END_CLEARANCE_M] * len(tracks)
    out: list[SimObject] = []
    for presence, count in active:
        rng = rng_for(seed, presence.consignment, "cars")
        cars = _car_objects(rolling.consist(rng, presence.full, presence.munitions), presence, count)
        k = crc32(presence.consignment.encode()) % len(tracks)
        if "enter" in presence.attrs:
            head = presence.attrs["speed_mps"] * (t - presence.attrs["enter"]).total_seconds()
            out += _moving(tracks[k], cars, head, presence)
            continue
        cursor[k] += float(rng.uniform(*CONSIGNMENT_GAP_M))
        for car in cars:
            tried = 0
            while cursor[k] + car.length_m > tracks[k].line.length - TRACK_END_CLEARANCE_M and tried < len(tracks):
                k, tried = (k + 1) % len(tracks), tried + 1
            if tried == len(tracks):
                break
            out.append(_car_at(tracks[k], cursor[k] + car.length_m / 2, car, presence))
            cursor[k] += car.length_m
    return out


def _moving(track: Track, cars: list[rolling.Car], head: float, presence: Presence) -> list[SimObject]:
    """A train running along a track whose head has gone `head` metres past the track's start."""
    out, s = [], head
    for car in cars:
        centre = s - car.length_m / 2
        if 0 <= centre <= track.line.length:
            out.append(_car_at(track, centre, car, presence))
        s -= car.length_m
    return out


def _car_at(track: Track, s: float, car: rolling.Car, presence: Presence) -> SimObject:
    (x0, y0), (x1, y1) = track.line.coords[0], track.line.coords[-1]
    f = s / track.line.length
    heading = math.degrees(math.atan2(x1 - x0, y1 - y0)) % 360
    kind = "locomotive" if car.type == "locomotive" else "rail_car"
    return SimObject(kind, x0 + f * (x1 - x0), y0 + f * (y1 - y0), car.length_m - rolling.COUPLER_GAP_M,
                     car.width_m, heading, car.height_m, track.id, car.paint, car.roof, car.type,
                     {"consignment": presence.consignment, "munitions": presence.munitions,
                      "length_over_couplers_m": car.length_m, "load": list(car.load)})


def place_containers(layout: Layout, active: list[tuple[Presence, int]], seed: int) -> list[SimObject]:
    free = [np.ones(len(y.slots), dtype=bool) for y in layout.yards]
    out: list[SimObject] = []
    for presence, count in active:
        rng = rng_for(seed, presence.consignment, "boxes")
        lot = rolling.boxes(rng, presence.full, presence.munitions)
        heights = rolling.stack_heights(rng, presence.munitions)
        taken, stack_no = 0, 0
        key = crc32(presence.consignment.encode())
        yard_no = key % len(layout.yards)
        while taken < len(lot) and sum(t for t, _ in lot[:taken + 1]) <= count:
            size = lot[taken][0]
            stack = [lot[taken]]
            while (len(stack) < heights[stack_no % len(heights)] and taken + len(stack) < len(lot)
                   and lot[taken + len(stack)][0] == size
                   and sum(t for t, _ in lot[:taken + len(stack) + 1]) <= count):
                stack.append(lot[taken + len(stack)])
            spot = _slot(layout, free, yard_no, size)
            if spot is None:
                break
            out += _stack(layout, spot, stack, presence)
            taken, stack_no = taken + len(stack), stack_no + 1
    return out


def _slot(layout: Layout, free: list[np.ndarray], yard_no: int, size: int) -> list[int] | None:
    """First free ground slot (a pair of them for a 40-ft box), starting in the consignment's yard."""
    for n in range(len(layout.yards)):
        y = (yard_no + n) % len(layout.yards)
        pair = layout.yards[y].pair
        ok = free[y] if size == 1 else free[y] & (pair >= 0) & free[y][np.maximum(pair, 0)]
        hits = np.flatnonzero(ok)
        if hits.size:
            i = int(hits[0])
            slots = [i] if size == 1 else [i, int(pair[i])]
            free[y][slots] = False
            return [y, *slots]
    return None


def _stack(layout: Layout, spot: list[int], stack: list[tuple[int, np.ndarray]],
           presence: Presence) -> list[SimObject]:
    yard = layout.yards[spot[0]]
    size = stack[0][0]
    centre = yard.slots[spot[1:]].mean(axis=0)
    length, width = rolling.ISO_BOX[size]
    heading = layout.heading
    out = []
    for tier, (teu, paint) in enumerate(stack, start=1):
        out.append(SimObject("container", float(centre[0]), float(centre[1]), length, width, heading,
                             tier * rolling.TIER_HEIGHT_M, yard.id, paint, stack[-1][1], f"{20 * teu}ft",
                             {"teu": teu, "stack_height": len(stack), "tier": tier,
                              "consignment": presence.consignment, "munitions": presence.munitions}))
    return out


def place_vessels(layout: Layout, active: list[tuple[Presence, int]], t: datetime, seed: int) -> list[SimObject]:
    used: set[int] = set()
    anchor_no = 0
    out: list[SimObject] = []
    weather = rng_for(seed, layout.site.id, t.isoformat(), "anchor")
    swing = layout.heading + float(weather.uniform(-35, 35))
    for presence, _count in active:
        rng = rng_for(seed, presence.consignment, "vessel")
        length = float(presence.attrs.get("length_m", 120.0))
        beam = length / float(rng.uniform(6.0, 7.0))
        free = [i for i in range(len(layout.berths)) if i not in used]
        if presence.attrs.get("place") == "berth" and free:
            k = min(free, key=lambda i: (i - crc32(presence.consignment.encode())) % len(layout.berths))
            used.add(k)
            out.append(_at_berth(layout, k, length, beam, rng, presence))
        elif anchor_no < len(layout.anchorage):
            x, y = layout.anchorage[anchor_no]
            anchor_no += 1
            out.append(_vessel(x, y, length, beam, swing, None, rng, presence))
    out += small_craft(layout, rng_for(seed, layout.site.id, t.isoformat(), "tugs"))
    return out


def _at_berth(layout: Layout, k: int, length: float, beam: float, rng: np.random.Generator,
              presence: Presence) -> SimObject:
    berth = layout.berths[k]
    (x0, y0), (x1, y1) = berth.line.coords[0], berth.line.coords[-1]
    room = berth.line.length - length
    f = (room / 2 + float(rng.uniform(-0.4, 0.4)) * room + length / 2) / berth.line.length
    ux, uy = (x1 - x0) / berth.line.length, (y1 - y0) / berth.line.length
    off = berth.water_side * (beam / 2 + 1.5)
    x, y = x0 + f * (x1 - x0) - uy * off, y0 + f * (y1 - y0) + ux * off
    heading = math.degrees(math.atan2(ux, uy)) % 360 + (180.0 if rng.random() < 0.5 else 0.0)
    return _vessel(x, y, length, beam, heading % 360, berth.id, rng, presence)


def _vessel(x: float, y: float, length: float, beam: float, heading: float, feature: str | None,
            rng: np.random.Generator, presence: Presence) -> SimObject:
    deck = np.array((0.16, 0.09, 0.07, 0.19) if rng.random() < 0.6 else (0.09, 0.14, 0.10, 0.17), np.float32)
    return SimObject("vessel", x, y, length, beam, heading, float(rng.uniform(11, 17)), feature,
                     rolling.hull_paint(rng), deck, "general_cargo",
                     {"consignment": presence.consignment, "munitions": presence.munitions})


def small_craft(layout: Layout, rng: np.random.Generator) -> list[SimObject]:
    """Tugs and service boats (20-35 m): not vessels in the counted sense, but there to confuse counters."""
    out = []
    for _ in range(int(rng.integers(0, 3))):
        berth = layout.berths[int(rng.integers(len(layout.berths)))]
        (x0, y0), (x1, y1) = berth.line.coords[0], berth.line.coords[-1]
        f, out_m = float(rng.uniform(0, 1)), float(rng.uniform(45, 160))
        ux, uy = (x1 - x0) / berth.line.length, (y1 - y0) / berth.line.length
        x, y = x0 + f * (x1 - x0) - uy * out_m * berth.water_side, y0 + f * (y1 - y0) + ux * out_m * berth.water_side
        length = float(rng.uniform(20, 35))
        out.append(SimObject("small_craft", x, y, length, length / 3.2, float(rng.uniform(0, 360)), 6.0, None,
                             rolling.hull_paint(rng), np.array((0.5, 0.5, 0.5, 0.45), np.float32), "tug"))
    return out
