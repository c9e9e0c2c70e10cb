"""Consignments along the corridor's routes (munitions chains and ordinary freight), as presences.

Dwell times follow the published record of 2023 (see docs/simulator.md, "Dwell times"): munitions
trains stand in the Tumangang yard for days before crossing, transloading at Khasan takes a day or
more, containers are staged at Rajin for days before a vessel loads them and stand at the port of
arrival for days before going on by rail.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from armstrack.imagery.simulate.schedule import (
    CONTAINERS,
    RAIL_CARS,
    VESSEL,
    H,
    Presence,
    Schedule,
    crossings,
    iso,
    ramp,
    rng_for,
    sources,
    transit_hours,
)
from armstrack.model import Corridor, Mode, Route

EVERY_DAYS = {Mode.RAIL: 8.0, Mode.SEA: 11.0}  # mean days between munitions departures from a source
TRAIN_CARS = (40, 81)
VESSEL_TEU = (120, 321)
VESSEL_LENGTH_M = (80.0, 190.0)
PASS_SPEED_MPS = 5.0
# Dwell times in hours, (low, mode, high) of a triangular distribution; reasons in docs/simulator.md.
DWELL_H: dict[str, tuple[float, float, float]] = {
    "rail_staging": (48.0, 96.0, 192.0),     # a munitions train gathers and stands at its source yard
    "rail_transload": (24.0, 48.0, 108.0),   # gauge change at the first yard past the border
    "rail_unload": (24.0, 48.0, 72.0),       # a train unloaded at the end of its chain
    "port_staging": (60.0, 96.0, 168.0),     # containers stacked at the port of loading before the vessel
    "vessel_loading": (14.0, 24.0, 36.0),
    "vessel_unloading": (14.0, 24.0, 36.0),
    "port_stacked": (48.0, 96.0, 168.0),     # containers stacked at the port of arrival before rail onward
    "commercial_staging": (6.0, 18.0, 40.0),  # an ordinary train or lot waits a day at most, as a rule
    "commercial_unload": (12.0, 30.0, 60.0),
}
# Ordinary freight along the same routes: mean days between departures and payload bounds. Small
# enough to keep the Tumangang yard within its published five-year maximum with local background.
COMMERCIAL_EVERY_DAYS = {Mode.RAIL: 9.0, Mode.SEA: 14.0}
COMMERCIAL_SIZE = {RAIL_CARS: (4, 9), CONTAINERS: (10, 41)}  # [low, high) per consignment


def dwell(rng: np.random.Generator, name: str) -> timedelta:
    """A dwell time drawn from `DWELL_H[name]`."""
    low, mode, high = DWELL_H[name]
    return timedelta(hours=float(rng.triangular(low, mode, high)))


class Chain:
    """One consignment followed from its source site along routes until it stops (or after `legs` legs).

    Munitions chains run to the end of the corridor; ordinary freight (`munitions=False`) takes one
    leg, with short waits and small payloads (`COMMERCIAL`).
    """

    def __init__(self, corridor: Corridor, rng: np.random.Generator, number: int, munitions: bool = True,
                 legs: int | None = None) -> None:
        self.corridor, self.rng, self.number = corridor, rng, number
        self.munitions, self.legs = munitions, legs
        self.presences: list[Presence] = []
        self.shipments: list[dict[str, Any]] = []

    def run(self, source: str, depart: datetime) -> None:
        site, ready, payload = source, None, None
        while (routes := self.corridor.routes_from(site)) and (self.legs is None or len(self.shipments) < self.legs):
            route = self.choose(routes, ready or depart)
            payload = self.convert(payload, route.mode)
            depart = ready or depart
            arrive = depart + timedelta(hours=transit_hours(self.rng, route))
            leg = f"{'ship' if self.munitions else 'com'}-{self.number:03d}"
            leg += chr(97 + len(self.shipments)) if self.shipments else ""
            self.shipments.append(self.record(leg, route, depart, arrive, payload))
            if ready is None:
                self.origin(leg, route, depart, payload)
            self.cross(leg, route, depart, arrive, payload)
            last = self.legs is not None and len(self.shipments) >= self.legs
            onward = not last and bool(self.corridor.routes_from(route.to_site))
            ready = self.destination(leg, route, arrive, payload, onward=onward)
            site = route.to_site

    def choose(self, routes: list[Route], when: datetime) -> Route:
        """One of the routes open at `when` (route properties `active_from`/`active_until`, ISO dates), at random."""
        day = when.date().isoformat()
        open_now = [r for r in routes if str(r.properties.get("active_from", "")) <= day
                    and day < str(r.properties.get("active_until", "9999"))]
        pool = open_now or routes
        return pool[int(self.rng.integers(len(pool)))]

    def convert(self, payload: dict[str, int] | None, mode: Mode) -> dict[str, int]:
        if mode is Mode.SEA:
            bounds = VESSEL_TEU if self.munitions else COMMERCIAL_SIZE[CONTAINERS]
            teu = payload[RAIL_CARS] * 2 if payload else int(self.rng.integers(*bounds))
            return {CONTAINERS: teu, VESSEL: 1, "length_m": int(self.rng.uniform(*VESSEL_LENGTH_M))}
        cars = math.ceil(payload[CONTAINERS] / 2) if payload and CONTAINERS in payload else None
        bounds = TRAIN_CARS if self.munitions else COMMERCIAL_SIZE[RAIL_CARS]
        return {RAIL_CARS: cars or (payload or {}).get(RAIL_CARS) or int(self.rng.integers(*bounds))}

    def record(self, leg: str, route: Route, depart: datetime, arrive: datetime, payload: dict[str, int]) -> dict:
        return {"id": leg, "route": route.id, "mode": route.mode.value, "from": route.from_site,
                "to": route.to_site, "depart": iso(depart), "arrive": iso(arrive),
                "rail_cars": payload.get(RAIL_CARS), "containers_teu": payload.get(CONTAINERS),
                "vessels": payload.get(VESSEL), "munitions": self.munitions}

    def add(self, site: str, leg: str, kind: str, steps: list[tuple[datetime, int]], **attrs: Any) -> None:
        self.presences.append(Presence(site, leg, kind, steps, munitions=self.munitions, attrs=attrs))

    def wait(self, munitions_dwell: str, commercial_dwell: str) -> timedelta:
        return dwell(self.rng, munitions_dwell if self.munitions else commercial_dwell)

    def origin(self, leg: str, route: Route, depart: datetime, payload: dict[str, int]) -> None:
        """Staging at the source: cars or containers gather over days, a vessel loads at a berth."""
        site, rng = route.from_site, self.rng
        if route.mode is Mode.RAIL:
            stage = self.wait("rail_staging", "commercial_staging")
            gather = ramp(rng, payload[RAIL_CARS], depart - stage, depart - stage / 3, up=True)
            self.add(site, leg, RAIL_CARS, [*gather, (depart, 0)], locomotive=True)
            return
        teu, load = payload[CONTAINERS], dwell(rng, "vessel_loading")
        self.add(site, leg, VESSEL, [(depart - load, 1), (depart, 0)], place="berth", length_m=payload["length_m"])
        staged = depart - load - self.wait("port_staging", "commercial_staging")
        self.add(site, leg, CONTAINERS, ramp(rng, teu, staged, staged + (depart - load - staged) / 2, up=True)
                 + ramp(rng, teu, depart - load, depart, up=False)[1:])

    def cross(self, leg: str, route: Route, depart: datetime, arrive: datetime, payload: dict[str, int]) -> None:
        if route.mode is not Mode.RAIL:
            return
        for site in crossings(self.corridor, route):
            span = max((arrive - depart).total_seconds() - 1800, 60)
            enter = depart + timedelta(seconds=900 + span * float(self.rng.uniform(0.1, 0.9)))
            cars = payload[RAIL_CARS]
            stay = timedelta(seconds=(900 + cars * 17.0) / PASS_SPEED_MPS)
            self.add(site, leg, RAIL_CARS, [(enter, cars), (enter + stay, 0)], locomotive=True,
                     enter=enter, speed_mps=PASS_SPEED_MPS)

    def destination(self, leg: str, route: Route, arrive: datetime, payload: dict[str, int],
                    onward: bool) -> datetime:
        """Arrival: a train stands (transloaded, or unloaded if the chain ends); a vessel anchors,
        berths, unloads, and its containers stand stacked before going on. Returns when the payload
        leaves the site again."""
        site, rng = route.to_site, self.rng
        if route.mode is Mode.RAIL:
            cars = payload[RAIL_CARS]
            stay = self.wait("rail_transload" if onward else "rail_unload", "commercial_unload")
            steps = ([(arrive, cars), (arrive + stay, 0)] if onward
                     else [(arrive, cars), *ramp(rng, cars, arrive + stay / 2, arrive + stay, up=False)[1:]])
            self.add(site, leg, RAIL_CARS, steps, locomotive=True)
            return arrive + stay
        anchor = timedelta(hours=float(rng.choice([0.0, rng.uniform(3, 30)])))
        unload = dwell(rng, "vessel_unloading")
        berth_at = arrive + anchor
        if anchor:
            self.add(site, leg, VESSEL, [(arrive, 1), (berth_at, 0)], place="anchor", length_m=payload["length_m"])
        self.add(site, leg, VESSEL, [(berth_at, 1), (berth_at + unload, 0)], place="berth",
                 length_m=payload["length_m"])
        teu = payload[CONTAINERS]
        leave = berth_at + unload + self.wait("port_stacked", "commercial_unload")
        self.add(site, leg, CONTAINERS, ramp(rng, teu, berth_at, berth_at + unload, up=True)
                 + ramp(rng, teu, leave - 18 * H, leave, up=False)[1:])
        return leave


def munitions(corridor: Corridor, seed: int, start: datetime, end: datetime) -> tuple[list[dict], list[Presence]]:
    """Munitions chains leaving each source site at irregular intervals over the period."""
    return _departures(corridor, seed, start, end, munitions=True)


def commercial(corridor: Corridor, seed: int, start: datetime, end: datetime) -> tuple[list[dict], list[Presence]]:
    """Ordinary freight: one-leg consignments from each source site on the same routes, small and brief."""
    return _departures(corridor, seed, start, end, munitions=False)


def _departures(corridor: Corridor, seed: int, start: datetime, end: datetime,
                munitions: bool) -> tuple[list[dict], list[Presence]]:
    shipments: list[dict[str, Any]] = []
    presences: list[Presence] = []
    number = 0
    for source in sources(corridor):
        rng = rng_for(seed, "munitions" if munitions else "commercial", source)
        mode = corridor.routes_from(source)[0].mode
        every = (EVERY_DAYS if munitions else COMMERCIAL_EVERY_DAYS).get(mode, 14.0)
        t = start + timedelta(days=float(rng.uniform(1.0, 0.6 * every)))
        while t < end:
            number += 1
            chain = Chain(corridor, rng, number, munitions=munitions, legs=None if munitions else 1)
            chain.run(source, t.replace(minute=0, second=0, microsecond=0))
            shipments += chain.shipments
            presences += chain.presences
            t += timedelta(days=float(rng.uniform(0.6, 1.4) * every))
    return shipments, presences


def make_schedule(corridor: Corridor, seed: int, start: datetime, end: datetime,
                  background: list[Presence]) -> Schedule:
    """Every consignment on the corridor's routes (munitions and ordinary freight) over the background."""
    shipments, presences = munitions(corridor, seed, start, end)
    trade, trade_presences = commercial(corridor, seed, start, end)
    every = sorted(shipments + trade, key=lambda s: (s["depart"], s["id"]))
    return Schedule(shipments=every, presences=background + presences + trade_presences)
