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
        if s["route"] == "tumangang->khasan:rail" and s["munitions"]:
            assert 40 <= s["rail_cars"] <= 80
        if s["route"] == "tumangang->khasan:rail" and not s["munitions"]:
            assert 4 <= s["rail_cars"] <= 8
        if s["mode"] == "sea":
            assert s["vessels"] == 1 and s["containers_teu"] > 0


def test_payload_is_conserved_along_a_chain() -> None:
    legs: dict[str, list[dict[str, Any]]] = {}
    for s in schedule().shipments:
        assert s["munitions"] or s["id"].startswith("com-")
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


def munitions_presence(plan: Schedule, site: str, leg: str, kind: str) -> Presence:
    return next(p for p in plan.presences if p.site == site and p.consignment == leg and p.kind == kind)


def test_munitions_dwell_as_in_the_published_record() -> None:
    plan = schedule()
    legs = {s["id"]: s for s in plan.shipments}
    trains = [s for s in plan.shipments if s["route"] == "tumangang->khasan:rail" and s["munitions"]]
    assert trains
    for s in trains:  # staged for two days or more, full before it leaves, left at departure
        staged = munitions_presence(plan, "tumangang", s["id"], "rail_cars")
        assert parse(s["depart"]) - staged.first >= timedelta(days=2)
        assert staged.count_at(parse(s["depart"]) - timedelta(hours=1)) == s["rail_cars"]
        onward = legs.get(s["id"] + "b")
        if onward is not None:  # transloaded at Khasan for a day or more
            assert parse(onward["depart"]) - parse(s["arrive"]) >= timedelta(days=1)
    sailings = [s for s in plan.shipments if s["from"] == "rajin" and s["munitions"]]
    assert sailings
    for s in sailings:
        lot = munitions_presence(plan, "rajin", s["id"], "containers_teu")
        assert parse(s["depart"]) - lot.first >= timedelta(days=3)  # staged before a vessel loads them
        onward = legs[s["id"] + "b"]
        assert parse(onward["depart"]) - parse(s["arrive"]) >= timedelta(days=2)  # stacked at the port


def test_ordinary_freight_is_in_the_truth_and_brief() -> None:
    plan = schedule()
    trade = [s for s in plan.shipments if not s["munitions"]]
    assert {s["from"] for s in trade} == {"tumangang", "rajin"}
    for s in trade:
        lot = next(p for p in plan.presences if p.consignment == s["id"] and p.site == s["from"]
                   and p.kind in ("rail_cars", "containers_teu"))
        assert not lot.munitions and parse(s["depart"]) - lot.first <= timedelta(hours=40 + 36)  # and loading
        assert (s["rail_cars"] or 0) <= 8 and (s["containers_teu"] or 0) <= 40
