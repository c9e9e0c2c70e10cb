from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from armstrack.corridor.geo import length_m
from armstrack.corridor.geojson import (
    corridor_to_geojson,
    default_corridor_path,
    load_corridor,
    load_default,
    parse_corridor,
    save_corridor,
)
from armstrack.corridor.validate import CorridorError
from armstrack.model import ArmstrackError, FeatureRole, Mode, SiteKind

SITE_IDS = {"tumangang", "friendship-bridge", "khasan", "rajin", "dunai", "vostochny-port",
            "vladivostok-port", "tikhoretsk"}


def small_corridor() -> dict[str, Any]:
    """Two sites with a track each and a route between them."""
    def square(lon: float, lat: float, d: float = 0.01) -> dict[str, Any]:
        ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]
        return {"type": "Polygon", "coordinates": [ring]}

    def feature(geometry: Any, **props: Any) -> dict[str, Any]:
        return {"type": "Feature", "geometry": geometry, "properties": props}

    return {"type": "FeatureCollection", "name": "test", "features": [
        feature(square(130.60, 42.42), role="site", id="a", name="A yard", kind="rail_yard", country="PRK"),
        feature(square(130.64, 42.43), role="site", id="b", name="B yard", kind="rail_yard", country="RUS"),
        feature({"type": "LineString", "coordinates": [[130.595, 42.42], [130.605, 42.42]]},
                role="track", site="a", id="a-track-1", gauge_mm=1435),
        feature({"type": "LineString", "coordinates": [[130.60, 42.42], [130.64, 42.43]]},
                role="route", **{"from": "a", "to": "b"}, mode="rail", min_hours=1, max_hours=12),
    ]}


def test_default_corridor_keeps_the_published_sites() -> None:
    corridor = load_default()
    assert set(corridor.sites) == SITE_IDS
    assert corridor.site("rajin").kind is SiteKind.PORT
    assert corridor.site("rajin").properties["precision"] == "approx"
    assert all(site.properties.get("source") for site in corridor.sites.values())
    route = next(r for r in corridor.routes if r.id == "tumangang->khasan:rail")
    assert route.mode is Mode.RAIL and route.geometry is not None
    assert 4_000 < length_m(route.geometry) < 6_000  # ~5 km of track between the stations (SITES.md)


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    corridor = parse_corridor(small_corridor())
    save_corridor(corridor, tmp_path / "c.geojson")
    again = load_corridor(tmp_path / "c.geojson")
    assert corridor_to_geojson(again) == corridor_to_geojson(corridor)
    track = again.site("a").features_of(FeatureRole.TRACK)[0]
    assert track.id == "a-track-1" and track.properties["gauge_mm"] == 1435


def test_default_round_trip(tmp_path: Path) -> None:
    corridor = load_default()
    save_corridor(corridor, tmp_path / "d.geojson")
    assert corridor_to_geojson(load_corridor(tmp_path / "d.geojson")) == corridor_to_geojson(corridor)


def broken(mutate: Any) -> dict[str, Any]:
    raw = copy.deepcopy(small_corridor())
    mutate(raw["features"])
    return raw


@pytest.mark.parametrize(("mutate", "feature", "problem"), [
    (lambda f: f[2]["properties"].update(role="platform"), "feature #2", "unknown role 'platform'"),
    (lambda f: f[3]["properties"].update(to="zzz"), "route 'a' -> 'zzz'", "unknown site 'zzz'"),
    (lambda f: f[0]["geometry"].update(coordinates=[[[130.59, 42.41], [130.61, 42.43], [130.61, 42.41],
                                                     [130.59, 42.43], [130.59, 42.41]]]),
     "site 'a'", "self-intersecting polygon"),
    (lambda f: f[2]["geometry"].update(coordinates=[[130.595, 42.42], [130.70, 42.42]]),
     "track of 'a'", "outside its site"),
    (lambda f: f[2]["geometry"].update(coordinates=[[230.0, 42.42], [130.60, 42.42]]),
     "track of 'a'", "bad coordinate"),
    (lambda f: f[0]["properties"].update(kind="harbour"), "site 'a'", "unknown kind 'harbour'"),
    (lambda f: f[0]["properties"].update(country="Korea"), "site 'a'", "ISO 3166 alpha-3"),
    (lambda f: f[3]["properties"].update(min_hours=20), "route 'a' -> 'b'", "min_hours <= max_hours"),
    (lambda f: f[3]["properties"].update(mode="teleport"), "route 'a' -> 'b'", "unknown mode"),
    (lambda f: f[2]["properties"].update(site="nowhere"), "track of 'nowhere'", "unknown site 'nowhere'"),
    (lambda f: f[1]["properties"].update(id="a"), "site 'a'", "duplicate site id"),
])
def test_each_problem_names_the_feature(mutate: Any, feature: str, problem: str) -> None:
    with pytest.raises(CorridorError) as error:
        parse_corridor(broken(mutate), source="broken.geojson")
    messages = [str(p) for p in error.value.problems]
    assert any(feature in m and problem in m for m in messages), messages


def test_not_a_feature_collection(tmp_path: Path) -> None:
    bad = tmp_path / "x.geojson"
    bad.write_text(json.dumps({"type": "Feature"}))
    with pytest.raises(CorridorError, match="FeatureCollection"):
        load_corridor(bad)
    bad.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ArmstrackError, match="not a GeoJSON file"):
        load_corridor(bad)
    with pytest.raises(ArmstrackError, match="no such corridor file"):
        load_corridor(tmp_path / "missing.geojson")


def test_default_path_is_package_data() -> None:
    assert default_corridor_path().is_file()
