"""read_scene: metadata of GeoTIFFs and COGs, band roles, and one clear error per bad file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from shapely.geometry import Point

from armstrack.imagery.bands import roles_from_names
from armstrack.imagery.remote import file_id
from armstrack.imagery.scene import parse_time, read_scene
from armstrack.model import ArmstrackError


def test_plain_geotiff_metadata(make_tif, corridor) -> None:
    path = make_tif("plain.tif", gsd=3.0)
    scene = read_scene(path, corridor=corridor)
    assert scene.acquired == datetime(2023, 10, 5, 2, 15, tzinfo=UTC)
    assert scene.gsd_m == pytest.approx(3.0)
    assert scene.crs == "EPSG:32652"
    assert scene.bands == {"red": 1, "green": 2, "blue": 3, "nir": 4}
    assert scene.site_ids == ["tumangang"]
    assert scene.footprint.contains(Point(130.6081, 42.4214))
    # 200 px x 3 m = 600 m: about 0.0073 degrees of longitude at 42.4 N
    minx, _, maxx, _ = scene.footprint.bounds
    assert maxx - minx == pytest.approx(600 / (111_320 * 0.7384), rel=0.02)
    assert scene.id == file_id(path)
    assert scene.properties["acquired_from"] == "TIFFTAG_DATETIME"


def test_cog_is_read_like_a_geotiff(make_tif, corridor) -> None:
    scene = read_scene(make_tif("cog.tif", driver="COG"), corridor=corridor)
    assert scene.properties["overviews"] == 2 and scene.properties["tiled"]
    assert scene.bands["nir"] == 4 and scene.site_ids == ["tumangang"]


def test_geographic_crs_gives_metres(make_tif, corridor) -> None:
    scene = read_scene(make_tif("geo.tif", crs="EPSG:4326", gsd=3e-5), corridor=corridor)
    # 3e-5 degrees: 3.33 m north-south, 2.46 m east-west at 42.42 N
    assert scene.gsd_m == pytest.approx((3e-5 * 111_040 + 3e-5 * 82_170) / 2, rel=0.01)
    assert scene.crs == "EPSG:4326"


def test_overrides_and_sensor_tag(make_tif, corridor) -> None:
    path = make_tif("t.tif", datetime_tag=None, tags={"SENSOR": "sim-3m"})
    scene = read_scene(path, acquired=datetime(2023, 10, 5, 11, 0), corridor=corridor)
    assert scene.acquired == datetime(2023, 10, 5, 11, 0, tzinfo=UTC)
    assert scene.sensor == "sim-3m"
    assert read_scene(path, acquired=datetime(2023, 1, 1), sensor="planetscope", corridor=corridor).sensor == \
        "planetscope"


def test_same_bytes_same_id_other_bytes_other_id(make_tif, corridor, tmp_path) -> None:
    a = make_tif("a.tif")
    copy = tmp_path / "copy.tif"
    copy.write_bytes(a.read_bytes())
    other = make_tif("b.tif", datetime_tag="2023:10:06 02:15:00")
    assert read_scene(a, corridor=corridor).id == read_scene(copy, corridor=corridor).id
    assert read_scene(a, corridor=corridor).id != read_scene(other, corridor=corridor).id


@pytest.mark.parametrize(("names", "expected"), [
    (["B02", "B03", "B04", "B08"], {"blue": 1, "green": 2, "red": 3, "nir": 4}),
    (["Red", "GREEN", "blue"], {"red": 1, "green": 2, "blue": 3}),
    ([None, None, None], {"red": 1, "green": 2, "blue": 3}),
    ([None, None, None, None], {"red": 1, "green": 2, "blue": 3, "nir": 4}),
    (["red", "green", "blue", "nir", "scl"], {"red": 1, "green": 2, "blue": 3, "nir": 4, "scl": 5}),
    (["red", "green", "blue", "alpha"], {"red": 1, "green": 2, "blue": 3}),
])
def test_band_roles(names, expected) -> None:
    assert roles_from_names(names, "x.tif") == expected


def test_tiff_and_iso_times() -> None:
    assert parse_time("2023:08:04 02:15:00", "t") == datetime(2023, 8, 4, 2, 15, tzinfo=UTC)
    assert parse_time("2023-08-04T11:15:00+09:00", "t") == datetime(2023, 8, 4, 2, 15, tzinfo=UTC)


def _corrupt(tmp_path: Path, _make) -> Path:
    path = tmp_path / "corrupt.tif"
    path.write_bytes(b"II*\x00" + bytes(range(256)) * 20)
    return path


def _truncated(tmp_path: Path, make) -> Path:
    path = make("full.tif", size=256)
    cut = tmp_path / "truncated.tif"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    return cut


def _truncated_cog(tmp_path: Path, make) -> Path:
    path = make("full_cog.tif", size=256, driver="COG")
    cut = tmp_path / "truncated_cog.tif"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    return cut


def _no_georef(tmp_path: Path, make) -> Path:
    return make("nogeo.tif", georeferenced=False)


def _misses_sites(tmp_path: Path, make) -> Path:
    return make("sea.tif", center=(131.5, 41.5))


def _bad_bands(tmp_path: Path, make) -> Path:
    return make("bands.tif", descriptions=["coastal", "swir16", "swir22", "lwir", "vapour"])


def _no_time(tmp_path: Path, make) -> Path:
    return make("notime.tif", datetime_tag=None)


@pytest.mark.parametrize(("build", "words"), [
    (_corrupt, "not a readable GeoTIFF"),
    (_truncated, "corrupt or truncated"),
    (_truncated_cog, "corrupt or truncated"),
    (_no_georef, "no georeferencing"),
    (_misses_sites, "covers no site"),
    (_bad_bands, "band layout of 5 band(s)"),
    (_no_time, "acquisition time unknown"),
])
def test_bad_input_names_the_file(build, words, make_tif, tmp_path, corridor) -> None:
    path = build(tmp_path, make_tif)
    with pytest.raises(ArmstrackError) as caught:
        read_scene(path, corridor=corridor)
    message = str(caught.value)
    assert message.startswith(str(path)) and words in message
    assert "\n" not in message


def test_missing_file(corridor, tmp_path) -> None:
    with pytest.raises(ArmstrackError, match="no such file"):
        read_scene(tmp_path / "nope.tif", corridor=corridor)
