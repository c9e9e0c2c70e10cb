"""The shipment schedule: transit bounds, payload sizes, background levels, conservation along chains."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from armstrack.corridor.geojson import load_default
from armstrack.imagery.simulate.background import background
from armstrack.imagery.simulate.schedule import Presence, Schedule
from armstrack.imagery.simulate.shipments import make_schedule

START = datetime(2023, 8, 1, tzinfo=UTC)
END = START + timedelta(days=60)


def schedule(seed: int = 7, bg: list[Presence] | None = None) -> Schedule:
    return make_schedule(load_default(), seed, START, END, bg or [])


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_legs_respect_route_transit_bounds_and_sizes() -> None:
    corridor = load_default()
    routes = {r.id: r for r in corridor.routes}
    shipments = schedule().shipments
    assert {s["route"] for s in shipments} >= {"tumangang->khasan:rail", "khasan->tikhoretsk:rail"}
    for s in shipments:
        hours = (parse(s["arrive"]) - parse(s["depart"])).total_seconds() / 3600
        route = routes[s["route"]]
        assert route.min_hours <= hours <= route.max_hours
        if s["route"] == "tumangang->khasan:rail":
            assert 40 <= s["rail_cars"] <= 80
        if s["mode"] == "sea":
            assert s["vessels"] == 1 and s["containers_teu"] > 0


def test_payload_is_conserved_along_a_chain() -> None:
    legs: dict[str, list[dict[str, Any]]] = {}
    for s in schedule().shipments:
        legs.setdefault(s["id"].rstrip("b"), []).append(s)
    chains = [sorted(c, key=lambda s: s["depart"]) for c in legs.values() if len(c) == 2]
    assert chains
    for first, second in chains:
        assert first["to"] == second["from"] and second["depart"] >= first["arrive"]
        if first["mode"] == "sea":
            assert second["rail_cars"] == math.ceil(first["containers_teu"] / 2)
        else:
            assert second["rail_cars"] == first["rail_cars"]


def test_tumangang_background_stays_within_the_published_five_year_maximum() -> None:
    corridor = load_default()
    bg = background(corridor.site("tumangang"), ["rail_cars"], 7, START, END)
    plan = schedule(bg=bg)
    values = [p["value"] for p in plan.series("tumangang", "rail_cars", START, END)]
    only_background = make_schedule(corridor, 7, START, END, bg)
    only_background.presences = [p for p in only_background.presences if not p.munitions]
    quiet = [p["value"] for p in only_background.series("tumangang", "rail_cars", START, END)]
    assert max(quiet) <= 20 and max(values) >= 40  # munitions trains are unprecedented, as in October 2023


def test_passes_follow_the_revisit_and_never_repeat() -> None:
    from datetime import date

    from armstrack.imagery.simulate.world import SimulationConfig, passes

    assert [d.day for d, _ in passes(SimulationConfig(start=date(2023, 8, 1), days=7, revisit_days=3))] == [1, 4, 7]
    for revisit in (0.25, 0.4, 1.5, 2.0):
        got = passes(SimulationConfig(start=date(2023, 8, 1), days=3, revisit_days=revisit))
        assert len(set(got)) == len(got) and all(8.0 <= h <= 16.0 for _, h in got)
    assert len(passes(SimulationConfig(days=2, revisit_days=0.25))) == 8


def test_routes_out_of_a_port_follow_their_active_dates() -> None:
    from armstrack.corridor.geojson import corridor_to_geojson, parse_corridor

    raw = corridor_to_geojson(load_default())
    for feature in raw["features"]:
        props = feature["properties"]
        if props.get("role") == "route" and (props["from"], props["to"]) == ("rajin", "dunai"):
            props["active_until"] = "2023-09-01"
        if props.get("role") == "route" and (props["from"], props["to"]) == ("rajin", "vostochny-port"):
            props["active_from"] = "2023-09-01"
    plan = make_schedule(parse_corridor(raw), 7, START, END, [])
    sea = [s for s in plan.shipments if s["from"] == "rajin"]
    assert {s["to"] for s in sea} == {"dunai", "vostochny-port"}
    assert all((s["to"] == "dunai") == (s["depart"] < "2023-09-01") for s in sea)
