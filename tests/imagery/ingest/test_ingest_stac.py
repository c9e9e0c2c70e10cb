"""STAC sources: a local Item, a local Catalog walked offline, and a STAC API on loopback."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pystac
import pytest
from ingest_fixtures import write_s2_item, write_tif

from armstrack.imagery.scene import read_scene
from armstrack.imagery.stac import iter_stac_scenes, scenes_from_stac
from armstrack.model import ArmstrackError


def single_file_item(tif: Path, item_id: str, when: datetime, cloud: float) -> pystac.Item:
    """An item for one 4-band GeoTIFF whose bands are named only in eo:bands, as a simulator writes it."""
    item = pystac.Item(item_id, {"type": "Polygon", "coordinates": [[[130.60, 42.41], [130.62, 42.41],
                                                                     [130.62, 42.43], [130.60, 42.43],
                                                                     [130.60, 42.41]]]},
                       [130.60, 42.41, 130.62, 42.43], when,
                       {"eo:cloud_cover": cloud, "gsd": 3.0, "proj:epsg": 32652, "platform": "sim-3m"})
    item.add_asset("image", pystac.Asset(str(tif), media_type="image/tiff; application=geotiff", roles=["data"],
                                         extra_fields={"eo:bands": [{"name": n, "common_name": n} for n in
                                                                    ("red", "green", "blue", "nir")]}))
    return item


def test_local_item_of_one_geotiff(tmp_path, corridor) -> None:
    tif = write_tif(tmp_path / "a.tif", descriptions=None, count=4, datetime_tag=None)
    item = single_file_item(tif, "a", datetime(2023, 8, 4, 2, 15, tzinfo=UTC), 20.0)
    item.save_object(dest_href=str(tmp_path / "a.json"), include_self_link=False)
    [scene] = scenes_from_stac(tmp_path / "a.json", corridor=corridor)
    assert scene.acquired == datetime(2023, 8, 4, 2, 15, tzinfo=UTC)
    assert scene.sensor == "sim-3m" and scene.properties["eo:cloud_cover"] == 20.0
    assert scene.bands == {"red": 1, "green": 2, "blue": 3, "nir": 4} and not scene.assets
    # the same file given directly has the same id: one scene, however it arrives
    assert scene.id == read_scene(tif, acquired=scene.acquired, corridor=corridor).id


def test_local_sentinel2_item(tmp_path, corridor) -> None:
    item = write_s2_item(tmp_path / "s2")
    item.save_object(dest_href=str(tmp_path / "s2.json"), include_self_link=False)
    [scene] = scenes_from_stac(str(tmp_path / "s2.json"), corridor=corridor)
    assert set(scene.assets) == {"red", "green", "blue", "nir", "scl"}  # visual and thumbnail skipped
    assert scene.bands == {"red": 1, "green": 1, "blue": 1, "nir": 1, "scl": 1}
    assert scene.gsd_m == 10.0 and scene.crs == "EPSG:32652" and scene.sensor == "sentinel-2b"
    assert scene.properties["radiometry"]["red"] == [0.0001, 0.0]
    assert scene.site_ids == ["tumangang"]


def _catalog(tmp_path: Path) -> Path:
    catalog = pystac.Catalog("archive", "three scenes, one over the open sea")
    days = [(4, 10.0, (130.6081, 42.4214)), (7, 80.0, (130.6081, 42.4214)), (10, 5.0, (131.5, 41.5))]
    for day, cloud, center in days:
        tif = write_tif(tmp_path / f"d{day}.tif", center=center, descriptions=None, count=4, datetime_tag=None)
        item = single_file_item(tif, f"d{day}", datetime(2023, 8, day, 2, 15, tzinfo=UTC), cloud)
        catalog.add_item(item)
    catalog.normalize_hrefs(str(tmp_path / "stac"))
    catalog.save(pystac.CatalogType.SELF_CONTAINED)
    return tmp_path / "stac" / "catalog.json"


def test_local_catalog_walk_with_filters(tmp_path, corridor) -> None:
    results = list(iter_stac_scenes(_catalog(tmp_path), corridor=corridor))
    good = [r for _, r in results if not isinstance(r, ArmstrackError)]
    bad = [(label, r) for label, r in results if isinstance(r, ArmstrackError)]
    assert sorted(s.properties["stac_item"] for s in good) == ["d4", "d7"]
    assert len(bad) == 1 and "covers no site" in str(bad[0][1]) and "d10" in bad[0][0]
    kept = scenes_from_stac(tmp_path / "stac" / "catalog.json", max_cloud=0.5, end=date(2023, 8, 8),
                            corridor=corridor)
    assert [s.properties["stac_item"] for s in kept] == ["d4"]
    assert scenes_from_stac(tmp_path / "stac" / "catalog.json", start=date(2023, 8, 5), end=date(2023, 8, 8),
                            corridor=corridor)[0].properties["stac_item"] == "d7"


def test_not_a_stac_file(tmp_path, corridor) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"hello": "world"}))
    with pytest.raises(ArmstrackError, match=r"x\.json: not a STAC"):
        scenes_from_stac(path, corridor=corridor)


def test_stac_api_search_on_loopback(loopback, corridor) -> None:
    base = loopback.url
    item = write_s2_item(loopback.root / "s2", href_base=f"{base}s2/")
    loopback.json_routes["/"] = {
        "type": "Catalog", "id": "test-api", "description": "canned", "stac_version": "1.0.0",
        "conformsTo": ["https://api.stacspec.org/v1.0.0/core", "https://api.stacspec.org/v1.0.0/item-search",
                       "https://api.stacspec.org/v1.0.0/item-search#query"],
        "links": [{"rel": "self", "href": base}, {"rel": "root", "href": base},
                  {"rel": "search", "href": f"{base}search", "type": "application/geo+json", "method": "GET"},
                  {"rel": "search", "href": f"{base}search", "type": "application/geo+json", "method": "POST"}]}
    loopback.json_routes["/search"] = {"type": "FeatureCollection", "features": [item.to_dict()], "links": []}
    [scene] = scenes_from_stac(base, "sentinel-2-l2a", date(2023, 10, 1), date(2023, 10, 31), 0.3,
                               corridor=corridor)
    assert scene.assets["red"] == f"{base}s2/B04.tif"
    assert scene.site_ids == ["tumangang"] and scene.gsd_m == 10.0
    [(path, body)] = loopback.posts
    assert path == "/search" and body["collections"] == ["sentinel-2-l2a"]
    assert body["datetime"].startswith("2023-10-01") and "2023-10-31" in body["datetime"]
    assert body["query"] == {"eo:cloud_cover": {"lte": pytest.approx(30.0)}}
    assert "intersects" in body or "bbox" in body
