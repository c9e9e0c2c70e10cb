"""Munitions shipments (chains of legs from a source site) and background traffic, as presences."""

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


class Chain:
    """One munitions consignment followed from its source site along routes until it stops."""

    def __init__(self, corridor: Corridor, rng: np.random.Generator, number: int) -> None:
        self.corridor, self.rng, self.number = corridor, rng, number
        self.presences: list[Presence] = []
        self.shipments: list[dict[str, Any]] = []

    def run(self, source: str, depart: datetime) -> None:
        site, ready, payload = source, None, None
        while routes := self.corridor.routes_from(site):
            route = self.choose(routes, ready or depart)
            payload = self.convert(payload, route.mode)
            depart = ready or depart
            arrive = depart + timedelta(hours=transit_hours(self.rng, route))
            leg = f"ship-{self.number:03d}{chr(97 + len(self.shipments)) if self.shipments else ''}"
            self.shipments.append(self.record(leg, route, depart, arrive, payload))
            if ready is None:
                self.origin(leg, route, depart, payload)
            self.cross(leg, route, depart, arrive, payload)
            ready = self.destination(leg, route, arrive, payload, onward=bool(self.corridor.routes_from(route.to_site)))
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
            teu = payload[RAIL_CARS] * 2 if payload else int(self.rng.integers(*VESSEL_TEU))
            return {CONTAINERS: teu, VESSEL: 1, "length_m": int(self.rng.uniform(*VESSEL_LENGTH_M))}
        cars = math.ceil(payload[CONTAINERS] / 2) if payload and CONTAINERS in payload else None
        return {RAIL_CARS: cars or (payload or {}).get(RAIL_CARS) or int(self.rng.integers(*TRAIN_CARS))}

    def record(self, leg: str, route: Route, depart: datetime, arrive: datetime, payload: dict[str, int]) -> dict:
        return {"id": leg, "route": route.id, "mode": route.mode.value, "from": route.from_site,
                "to": route.to_site, "depart": iso(depart), "arrive": iso(arrive),
                "rail_cars": payload.get(RAIL_CARS), "containers_teu": payload.get(CONTAINERS),
                "vessels": payload.get(VESSEL), "munitions": True}

    def add(self, site: str, leg: str, kind: str, steps: list[tuple[datetime, int]], **attrs: Any) -> None:
        self.presences.append(Presence(site, leg, kind, steps, munitions=True, attrs=attrs))

    def origin(self, leg: str, route: Route, depart: datetime, payload: dict[str, int]) -> None:
        """Staging at the source: cars or containers gather over days, a vessel loads at a berth."""
        site, rng = route.from_site, self.rng
        if route.mode is Mode.RAIL:
            stage = timedelta(hours=float(rng.uniform(30, 72)))
            gather = ramp(rng, payload[RAIL_CARS], depart - stage, depart - 4 * H, up=True)
            self.add(site, leg, RAIL_CARS, [*gather, (depart, 0)], locomotive=True)
            return
        teu, load = payload[CONTAINERS], timedelta(hours=float(rng.uniform(14, 36)))
        self.add(site, leg, VESSEL, [(depart - load, 1), (depart, 0)], place="berth", length_m=payload["length_m"])
        staged = depart - load - timedelta(days=float(rng.uniform(2, 5)))
        self.add(site, leg, CONTAINERS, ramp(rng, teu, staged, depart - load, up=True)
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
        """Arrival: a train stands (and is unloaded if the chain ends); a vessel anchors, berths, unloads.

        Returns when the payload leaves the site again.
        """
        site, rng = route.to_site, self.rng
        if route.mode is Mode.RAIL:
            cars = payload[RAIL_CARS]
            stay = timedelta(hours=float(rng.uniform(18, 60) if onward else rng.uniform(24, 72)))
            steps = ([(arrive, cars), (arrive + stay, 0)] if onward
                     else [(arrive, cars), *ramp(rng, cars, arrive + stay / 2, arrive + stay, up=False)[1:]])
            self.add(site, leg, RAIL_CARS, steps, locomotive=True)
            return arrive + stay
        anchor = timedelta(hours=float(rng.choice([0.0, rng.uniform(3, 30)])))
        unload = timedelta(hours=float(rng.uniform(14, 36)))
        berth_at = arrive + anchor
        if anchor:
            self.add(site, leg, VESSEL, [(arrive, 1), (berth_at, 0)], place="anchor", length_m=payload["length_m"])
        self.add(site, leg, VESSEL, [(berth_at, 1), (berth_at + unload, 0)], place="berth",
                 length_m=payload["length_m"])
        teu = payload[CONTAINERS]
        leave = berth_at + unload + timedelta(days=float(rng.uniform(1.5, 5)))
        self.add(site, leg, CONTAINERS, ramp(rng, teu, berth_at, berth_at + unload, up=True)
                 + ramp(rng, teu, leave - 18 * H, leave, up=False)[1:])
        return leave


def munitions(corridor: Corridor, seed: int, start: datetime, end: datetime) -> tuple[list[dict], list[Presence]]:
    """Munitions chains leaving each source site at irregular intervals over the period."""
    shipments: list[dict[str, Any]] = []
    presences: list[Presence] = []
    number = 0
    for source in sources(corridor):
        rng = rng_for(seed, "munitions", source)
        mode = corridor.routes_from(source)[0].mode
        every = EVERY_DAYS.get(mode, 10.0)
        t = start + timedelta(days=float(rng.uniform(1.0, 0.6 * every)))
        while t < end:
            number += 1
            chain = Chain(corridor, rng, number)
            chain.run(source, t.replace(minute=0, second=0, microsecond=0))
            shipments += chain.shipments
            presences += chain.presences
            t += timedelta(days=float(rng.uniform(0.6, 1.4) * every))
    shipments.sort(key=lambda s: (s["depart"], s["id"]))
    return shipments, presences


def make_schedule(corridor: Corridor, seed: int, start: datetime, end: datetime,
                  background: list[Presence]) -> Schedule:
    shipments, presences = munitions(corridor, seed, start, end)
    return Schedule(shipments=shipments, presences=background + presences)
