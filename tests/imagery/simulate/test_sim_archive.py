"""The archive a tiny simulation writes: files, GeoTIFF georeferencing, STAC, corridor, truth vs pixels."""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pystac
import rasterio
from pyproj import Transformer
from tests.imagery.simulate.conftest import tiny_corridor, truth_of

from armstrack.corridor.geojson import load_corridor
from armstrack.imagery.simulate import SimulationResult
from armstrack.model import FeatureRole, SiteKind


def test_one_scene_per_site_acquisition_and_gsd(archive: SimulationResult) -> None:
    truth = truth_of(archive)
    assert len(truth["scenes"]) == 2 * 2 * 3
    assert {s["gsd_m"] for s in truth["scenes"]} == {0.5, 3.0, 10.0}
    for scene in truth["scenes"]:
        assert (archive.out_dir / scene["file"]).is_file()
        assert scene["file"] == f"scenes/{scene['site']}/{Path(scene['stac']).stem}.tif"
        assert scene["sensor"] == f"sim-{scene['gsd_m']:g}m"


def test_geotiffs_carry_gsd_utm_bands_and_time(archive: SimulationResult) -> None:
    for scene in truth_of(archive)["scenes"]:
        with rasterio.open(archive.out_dir / scene["file"]) as src:
            assert src.transform.a == scene["gsd_m"] and src.transform.e == -scene["gsd_m"]
            assert src.crs.to_epsg() == 32652  # both sites lie in UTM zone 52 N
            expected = ("red", "green", "blue", "nir") + (("scl",) if scene["gsd_m"] == 10.0 else ())
            assert src.descriptions == expected
            assert src.dtypes[0] == "uint16" and src.nodata == 0
            acquired = datetime.strptime(src.tags()["TIFFTAG_DATETIME"], "%Y:%m:%d %H:%M:%S")
            assert acquired.strftime("%Y-%m-%dT%H:%M:%SZ") == scene["acquired"]


def test_output_corridor_validates_and_keeps_ids_kinds_routes(archive: SimulationResult) -> None:
    original = tiny_corridor()
    simulated = load_corridor(archive.corridor_path)
    assert simulated.sites.keys() == original.sites.keys()
    assert [r.id for r in simulated.routes] == [r.id for r in original.routes]
    assert all(simulated.sites[i].kind is s.kind for i, s in original.sites.items())
    yard = simulated.site("tumangang")
    tracks = yard.features_of(FeatureRole.TRACK)
    assert [t.id for t in tracks] == [f"tumangang-track-{k}" for k in range(1, 5)]
    assert {t.properties["gauge_mm"] for t in tracks} == {1435, 1520}
    port = simulated.site("rajin")
    assert port.kind is SiteKind.PORT
    assert [b.id for b in port.features_of(FeatureRole.BERTH)] == ["rajin-berth-1"]
    assert len(port.features_of(FeatureRole.YARD)) == 2
    assert yard.geometry.area < original.site("tumangang").geometry.area  # a compact AOI


def test_stac_items_parse_and_point_at_their_scenes(archive: SimulationResult) -> None:
    catalog = pystac.Catalog.from_file(str(archive.out_dir / "stac" / "catalog.json"))
    links = [link for link in catalog.links if link.rel == "item"]
    assert len(links) == len(archive.scenes)
    for scene in archive.scenes:
        path = archive.out_dir / scene["stac"]
        assert json.loads(path.read_text())["properties"]["proj:epsg"] == 32652
        item = pystac.Item.from_file(str(path))  # pystac migrates proj:epsg to projection v2's proj:code
        assert item.properties["gsd"] == scene["gsd_m"]
        assert item.properties.get("proj:code", "EPSG:32652") == "EPSG:32652"
        assert item.properties["eo:cloud_cover"] == round(100 * scene["cloud_fraction"], 2)
        assert item.datetime is not None and item.datetime.strftime("%Y-%m-%dT%H:%M:%SZ") == scene["acquired"]
        asset = item.assets["image"]
        assert (path.parent / asset.href).resolve() == (archive.out_dir / scene["file"]).resolve()
        assert [b["name"] for b in asset.extra_fields["eo:bands"]][:4] == ["red", "green", "blue", "nir"]


def _pixels(src: Any, lonlat: list[tuple[float, float]]) -> np.ndarray:
    """Mean of the 3x3 pixels around each point, in reflectance, shape (N, bands)."""
    to_utm = Transformer.from_crs("EPSG:4326", src.crs, always_xy=True)
    data = src.read().astype(np.float64) / 10000
    out = []
    for lon, lat in lonlat:
        row, col = src.index(*to_utm.transform(lon, lat))
        out.append(data[:4, row - 1:row + 2, col - 1:col + 2].mean(axis=(1, 2)))
    return np.array(out)


def _cars(scene: dict[str, Any]) -> np.ndarray:
    return np.array([(o["lon"], o["lat"]) for o in scene["objects"] if o["kind"] in ("rail_car", "locomotive")])


METRES_PER_DEGREE = np.array([111320 * math.cos(math.radians(42.4)), 110540])


def _clear_of(points: np.ndarray, cars: np.ndarray, metres: float = 15.0) -> np.ndarray:
    """The points at least `metres` from every car (so also out of the cars' shadows)."""
    if len(cars) == 0:
        return points
    distance = np.hypot(*((points[:, None, :] - cars[None, :, :]) * METRES_PER_DEGREE).transpose(2, 0, 1))
    return points[distance.min(axis=1) > metres]


def test_rendered_cars_lie_where_truth_puts_them(archive: SimulationResult) -> None:
    """A truth car's pixels differ from the same spot on an empty day; empty track looks alike everywhere."""
    scenes = [s for s in truth_of(archive)["scenes"] if s["site"] == "tumangang" and s["gsd_m"] == 0.5]
    busy = max(scenes, key=lambda s: s["truth"]["rail_cars"])
    quiet = min(scenes, key=lambda s: s["truth"]["rail_cars"])
    assert busy["truth"]["rail_cars"] >= 20 and busy["truth"]["rail_cars"] > quiet["truth"]["rail_cars"]
    assert len([o for o in busy["objects"] if o["kind"] == "rail_car"]) == busy["truth"]["rail_cars"]
    tracks = load_corridor(archive.corridor_path).site("tumangang").features_of(FeatureRole.TRACK)
    along = np.array([t.geometry.interpolate(f, normalized=True).coords[0]
                      for t in tracks for f in np.linspace(0.03, 0.97, 60)])
    with rasterio.open(archive.out_dir / quiet["file"]) as src_quiet, \
            rasterio.open(archive.out_dir / busy["file"]) as src_busy:
        empty = _pixels(src_quiet, [tuple(p) for p in _clear_of(along, _cars(quiet))])
        reference = np.median(empty, axis=0)
        assert np.mean(np.abs(empty - reference).sum(axis=1) < 0.06) > 0.85
        spots = [tuple(p) for p in _clear_of(np.array([(o["lon"], o["lat"]) for o in busy["objects"]
                                                       if o["kind"] == "rail_car"]), _cars(quiet))]
        assert len(spots) >= 10
        assert np.mean(np.abs(_pixels(src_quiet, spots) - reference).sum(axis=1) < 0.06) > 0.85
        assert np.mean(np.abs(_pixels(src_busy, spots) - reference).sum(axis=1) > 0.06) > 0.9


def test_vessels_stand_out_from_dark_water_in_the_nir(archive: SimulationResult) -> None:
    scenes = [s for s in truth_of(archive)["scenes"] if s["site"] == "rajin" and s["gsd_m"] == 0.5]
    vessels = [(s, o) for s in scenes for o in s["objects"] if o["kind"] == "vessel"]
    assert vessels, "the fixture's days should show a vessel at Rajin"
    for scene, vessel in vessels:
        with rasterio.open(archive.out_dir / scene["file"]) as src:
            nir = src.read(4).astype(np.float64) / 10000
            water = np.median(nir[nir < 0.03])
            assert water < 0.02
            assert _pixels(src, [(vessel["lon"], vessel["lat"])])[0, 3] > water + 0.03


def test_truth_counts_follow_objects_and_series(archive: SimulationResult) -> None:
    truth = truth_of(archive)
    for scene in truth["scenes"]:
        objects = scene["objects"]
        counts = scene["truth"]
        if scene["site"] == "tumangang":
            assert counts["containers_teu"] is None and counts["vessels"] is None
            assert counts["rail_cars"] == sum(o["kind"] == "rail_car" for o in objects)
            assert counts["rail_cars"] <= _series_at(truth, "tumangang", "rail_cars", scene["acquired"])
        else:
            assert counts["rail_cars"] is None
            assert counts["containers_teu"] == sum(o["teu"] for o in objects if o["kind"] == "container")
            assert counts["containers_teu"] == _series_at(truth, "rajin", "containers_teu", scene["acquired"])
            assert counts["vessels"] == sum(o["kind"] == "vessel" for o in objects)
            assert all(80 <= o["length_m"] <= 190 for o in objects if o["kind"] == "vessel")
            stacks = [o for o in objects if o["kind"] == "container"]
            assert all(1 <= o["stack_height"] <= 4 and o["teu"] in (1, 2) for o in stacks)


def _series_at(truth: dict[str, Any], site: str, quantity: str, when: str) -> int:
    value = 0
    for point in truth["series"][site][quantity]:
        if point["t"] <= when:
            value = point["value"]
    return value


def test_cloud_fraction_in_truth_matches_the_rendered_cloud_mask(cloudy: SimulationResult) -> None:
    scenes = truth_of(cloudy)["scenes"]
    assert any(s["cloud_fraction"] > 0.1 for s in scenes)
    for scene in scenes:
        with rasterio.open(cloudy.out_dir / scene["file"]) as src:
            scl = src.read(5)
        assert abs(float(np.mean(scl == 9)) - scene["cloud_fraction"]) < 0.08
        assert set(scene["feature_cloud_fraction"]) == {f"tumangang-track-{k}" for k in range(1, 5)}
        assert all(0.0 <= v <= 1.0 for v in scene["feature_cloud_fraction"].values())
