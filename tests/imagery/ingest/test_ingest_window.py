"""read_site_window: only the pixels over a site, on a metric grid, with masks and SCL resampled."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
import rasterio.warp
from rasterio.windows import Window
from shapely.geometry import LineString, Point, box

from armstrack.imagery.cloud import scl_site_fraction, with_cloud_fractions
from armstrack.imagery.scene import read_scene
from armstrack.imagery.stac_item import scene_from_item
from armstrack.imagery.window import read_site_window
from armstrack.model import ArmstrackError, Site, SiteKind


def small_site(lon: float, lat: float, half_deg: float = 0.002) -> Site:
    return Site(id="probe", name="probe", kind=SiteKind.RAIL_YARD, country="PRK",
                geometry=box(lon - half_deg, lat - half_deg, lon + half_deg, lat + half_deg))


def test_window_holds_exactly_the_raster_pixels(make_tif, corridor) -> None:
    path = make_tif("big.tif", size=400, gsd=3.0)
    scene = read_scene(path, corridor=corridor)
    site = small_site(130.6081, 42.4214)  # ~330 m x 440 m inside a 1.2 km scene
    window = read_site_window(scene, site, pad_m=0.0)
    col, row, width, height = window.window
    assert 0 < width < 400 and 0 < height < 400
    with rasterio.open(path) as src:
        bare = src.read(window=Window(col, row, width, height))
    assert window.bands["red"].dtype == np.float32
    assert np.allclose(window.bands["red"], bare[0] / 10000.0)
    assert np.allclose(window.bands["nir"], bare[3] / 10000.0)
    assert window.valid.all() and not window.warped
    assert window.gsd_m == pytest.approx(3.0) and window.crs == "EPSG:32652"
    # the window holds the site, with less than one pixel to spare on each side
    minx, miny, maxx, maxy = window.to_pixels(site.geometry).bounds
    assert 0 <= minx < 1 and 0 <= miny < 1
    assert width - 1 < maxx <= width and height - 1 < maxy <= height


def test_padding_widens_the_window(make_tif, corridor) -> None:
    scene = read_scene(make_tif("big.tif", size=400), corridor=corridor)
    site = small_site(130.6081, 42.4214)
    plain = read_site_window(scene, site, pad_m=0.0)
    padded = read_site_window(scene, site, pad_m=30.0)
    assert padded.window[2] == pytest.approx(plain.window[2] + 20, abs=1)  # 2 x 30 m / 3 m
    assert padded.window[0] == pytest.approx(plain.window[0] - 10, abs=1)


def test_to_pixels_and_mask_find_the_bright_block(make_tif, corridor) -> None:
    path = make_tif("big.tif", size=400, gsd=3.0)
    scene = read_scene(path, corridor=corridor)
    window = read_site_window(scene, small_site(130.6081, 42.4214, 0.004), pad_m=0.0)
    with rasterio.open(path) as src:  # the block: rows 133..142, cols 100..299 of the scene
        x, y = src.transform @ (200, 138)
        lon, lat = rasterio.warp.transform(src.crs, "EPSG:4326", [x], [y])
    point = window.to_pixels(Point(lon[0], lat[0]))
    col, row = int(point.x), int(point.y)
    assert window.bands["red"][row, col] == pytest.approx(0.41)
    assert window.mask(Point(lon[0], lat[0]).buffer(1e-4)).sum() > 0


def test_nodata_pixels_are_invalid(make_tif, corridor) -> None:
    data = np.stack([np.full((200, 200), 1000 + b, np.uint16) for b in range(4)])
    data[:, :, :50] = 0
    scene = read_scene(make_tif("nd.tif", data=data), corridor=corridor)
    window = read_site_window(scene, corridor.site("tumangang"))
    assert window.valid[:, :50].sum() == 0 and window.valid[:, 50:].all()
    assert (window.bands["red"][:, :50] == 0).all()


def test_geographic_scene_is_warped_to_utm(make_tif, corridor) -> None:
    scene = read_scene(make_tif("geo.tif", crs="EPSG:4326", gsd=3e-5, size=300), corridor=corridor)
    window = read_site_window(scene, small_site(130.6081, 42.4214), pad_m=0.0)
    assert window.warped and window.crs == "EPSG:32652"
    assert window.transform.a == pytest.approx(scene.gsd_m) and window.transform.e == pytest.approx(-scene.gsd_m)
    assert window.valid.mean() > 0.9
    assert 0.09 <= float(np.median(window.bands["red"][window.valid])) <= 0.45


def test_roles_subset_and_unknown_role(make_tif, corridor) -> None:
    scene = read_scene(make_tif(), corridor=corridor)
    window = read_site_window(scene, corridor.site("tumangang"), roles=["red", "nir"])
    assert set(window.bands) == {"red", "nir"} and window.scl is None
    with pytest.raises(ArmstrackError, match="has no band"):
        read_site_window(scene, corridor.site("tumangang"), roles=["swir"])


def test_site_outside_the_scene(make_tif, corridor) -> None:
    scene = read_scene(make_tif(), corridor=corridor)
    with pytest.raises(ArmstrackError, match="does not cover site 'khasan'"):
        read_site_window(scene, corridor.site("khasan"))


def test_sentinel2_per_band_assets_and_scl_on_the_10m_grid(tmp_path, corridor) -> None:
    from ingest_fixtures import write_s2_item

    scene = scene_from_item(write_s2_item(tmp_path / "s2"), corridor)
    assert scene.assets["red"].endswith("B04.tif") and scene.assets["scl"].endswith("SCL.tif")
    window = read_site_window(scene, corridor.site("tumangang"))
    assert window.shape == (200, 200) and window.scl is not None and window.scl.shape == (200, 200)
    # SCL at 20 m, cloud in the top-left 50x50 cells: the top-left 100x100 pixels at 10 m
    assert (window.scl[:100, :100] == 9).all() and (window.scl[100:, :] == 4).all()
    assert window.bands["blue"][0, 0] == pytest.approx(0.09)


def test_cloud_fraction_from_scl(tmp_path, corridor) -> None:
    from ingest_fixtures import write_s2_item

    scene = scene_from_item(write_s2_item(tmp_path / "s2"), corridor)
    site = corridor.site("tumangang")
    assert site.geometry.contains(scene.footprint)  # the whole scene lies inside the AOI
    assert scl_site_fraction(scene, site) == pytest.approx(0.25, abs=0.01)
    with_cloud_fractions(scene, corridor)
    assert scene.properties["cloud_source"] == "scl"
    assert scene.cloud_fraction["tumangang"] == pytest.approx(0.25, abs=0.01)
    shares = scene.properties["scl_cloud_classes"]["tumangang"]
    assert shares["cloud_high"] == pytest.approx(0.25, abs=0.01) and shares["cloud_shadow"] == 0.0


def test_cloud_fraction_falls_back_to_eo_cloud_cover(tmp_path, corridor) -> None:
    from ingest_fixtures import write_s2_item

    scene = scene_from_item(write_s2_item(tmp_path / "s2", cloud_cover=40.0), corridor)
    del scene.bands["scl"]
    with_cloud_fractions(scene, corridor)
    assert scene.properties["cloud_source"] == "eo:cloud_cover"
    assert scene.cloud_fraction == {"tumangang": 0.4}


def test_internal_mask_without_nodata(tmp_path, corridor) -> None:
    from ingest_fixtures import write_tif

    path = write_tif(tmp_path / "masked.tif", nodata=None)
    with rasterio.open(path, "r+") as dst:
        mask = np.full((200, 200), 255, np.uint8)
        mask[150:, :] = 0
        dst.write_mask(mask)
    window = read_site_window(read_scene(path, corridor=corridor), corridor.site("tumangang"))
    assert window.valid[:150].all() and not window.valid[150:].any()


def test_coverage_of_a_site_half_outside_the_scene(make_tif, corridor) -> None:
    scene = read_scene(make_tif("cov.tif", size=400, gsd=3.0), corridor=corridor)
    lat = 42.4214
    across = scene.footprint.boundary.intersection(LineString([(130.0, lat), (131.0, lat)]))
    west, east = sorted(point.x for point in across.geoms)
    inside = small_site((west + east) / 2, lat)
    straddling = small_site(east, lat)  # centred on the scene's east edge
    assert read_site_window(scene, inside, pad_m=0).coverage(inside.geometry) == pytest.approx(1.0, abs=0.02)
    assert read_site_window(scene, straddling, pad_m=0).coverage(straddling.geometry) == pytest.approx(0.5, abs=0.03)


def test_warped_scl_keeps_its_classes(make_tif, corridor) -> None:
    data = np.stack([np.full((300, 300), 1000 * b, np.uint16) for b in (1, 2, 3, 4)]
                    + [np.full((300, 300), 4, np.uint16)])
    data[4, :150] = 9
    scene = read_scene(make_tif("geo_scl.tif", crs="EPSG:4326", gsd=3e-5, size=300, data=data,
                                descriptions=["red", "green", "blue", "nir", "scl"]), corridor=corridor)
    window = read_site_window(scene, small_site(130.6081, 42.4214), pad_m=0.0)
    assert window.warped and window.scl is not None
    assert set(np.unique(window.scl[window.valid])) == {4, 9}  # nearest neighbour: no blended classes
    assert np.allclose(window.bands["green"][window.valid], 0.2)
