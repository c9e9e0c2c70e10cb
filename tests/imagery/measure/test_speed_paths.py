"""The fast paths of measuring give what the plain computations give.

Each test runs the shortcut and the computation it replaces on tiny synthetic data and compares
the arrays exactly (no tolerance), but for the profile samples' sparse product, which may round
a rare sample to the neighbouring float32: counts must not move when the speed work changes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import rasterio
from measure_synth import yard_scene
from pyproj import Transformer
from rasterio.transform import from_origin
from scipy import ndimage
from shapely.affinity import translate
from shapely.geometry import LineString, box

from armstrack.imagery.measure import count_containers
from armstrack.imagery.measure.base import Count, FeatureShape, Masks, SiteRaster
from armstrack.imagery.measure.geometry import Reach, fill_holes
from armstrack.imagery.measure.masks import _valid_count
from armstrack.imagery.measure.profile import sample, stations
from armstrack.imagery.measure.reference import local_modes, own_local_modes
from armstrack.imagery.measure.tasks import count_cropped
from armstrack.imagery.measure.vessels import _extent
from armstrack.imagery.window import geometry_key, read_site_window
from armstrack.model import Scene, Site, SiteKind


def _direct(image: np.ndarray, line: LineString, step: float, offsets: np.ndarray) -> np.ndarray:
    st = stations(line, step)
    pts = st.xy[:, None, :] + offsets[None, :, None] * st.normal[:, None, :]
    coords = np.vstack([pts[..., 1].ravel() - 0.5, pts[..., 0].ravel() - 0.5])
    return np.stack([ndimage.map_coordinates(b, coords, order=1, mode="nearest").reshape(len(st), len(offsets))
                     for b in image])


def test_profile_samples_from_cached_weights_match_map_coordinates() -> None:
    rng = np.random.default_rng(11)
    image = rng.random((4, 60, 90), dtype=np.float32)
    line = LineString([(-2.0, 3.3), (40.7, 30.1), (95.0, 58.9)])  # runs off the window at both ends
    offsets = np.array([-3.5, -1.0, 0.0, 0.25, 2.0, 7.5])
    expected = _direct(image, line, 0.7, offsets)
    for _ in range(3):  # the first call reads through ndimage, later ones through the grid's weights
        got = sample(image, stations(line, 0.7), offsets)
        assert got.dtype == expected.dtype and _ulps(got, expected) <= 1
        assert np.count_nonzero(got != expected) <= 1e-3 * got.size  # one weight (row x col) rounds rarely
    flat = sample(image[2], stations(line, 0.7), offsets)
    assert _ulps(flat, expected[2]) <= 1


def _ulps(a: np.ndarray, b: np.ndarray) -> int:
    """Largest distance in float32 steps between two arrays of positive float32 values."""
    return int(np.abs(a.view(np.int32).astype(np.int64) - b.view(np.int32).astype(np.int64)).max())


def test_own_local_modes_match_one_call_per_track() -> None:
    rng = np.random.default_rng(4)
    centres, seen, xys = [], [], []
    for k, n in enumerate((300, 12, 250, 40)):  # a short track falls back to its own mode
        along = np.linspace(0, 900 * n / 300, n)
        xys.append(np.column_stack([along, np.full(n, 5.0 * k)]))
        coarse = np.round(rng.normal(0.2, 0.03, (4, n)) / 0.01) * 0.01  # coarse values: ties between cells
        centres.append(coarse.astype(np.float32))
        seen.append(rng.random(n) > 0.2 if k != 3 else np.zeros(n, dtype=bool))  # one track never seen
    together = own_local_modes(centres, seen, xys, window_m=400.0)
    for c, s, xy, got in zip(centres, seen, xys, together, strict=True):
        assert np.array_equal(got, local_modes([c], [s], [xy], window_m=400.0)[0])


def test_fill_holes_and_reach_match_ndimage() -> None:
    rng = np.random.default_rng(8)
    for trial in range(12):
        mask = ndimage.binary_dilation(rng.random((70, 90)) < 0.02 + 0.02 * trial)
        assert np.array_equal(fill_holes(mask), ndimage.binary_fill_holes(mask))
        seeds = rng.random((70, 90)) < 0.002
        steps = 1 + trial
        reached = ndimage.binary_dilation(seeds, iterations=steps)
        reach = Reach(seeds, steps)
        for _ in range(30):
            rows, cols = rng.integers(0, 70, 4), rng.integers(0, 90, 4)
            assert reach.any_near(rows, cols) == bool(reached[rows, cols].any())


def _padded(raster: SiteRaster, pad: int) -> SiteRaster:
    """The raster in the middle of a bigger window (the rim: the raster mirrored)."""
    def grow(a: np.ndarray) -> np.ndarray:
        return np.pad(a, pad, mode="reflect")
    m = raster.masks
    masks = Masks(valid=np.pad(m.valid, pad, constant_values=True), cloud=np.pad(m.cloud, pad),
                  shadow=np.pad(m.shadow, pad), snow=np.pad(m.snow, pad))
    return SiteRaster(bands={k: grow(v) for k, v in raster.bands.items()}, masks=masks, gsd_m=raster.gsd_m,
                      sun_elevation_deg=raster.sun_elevation_deg, sun_azimuth_deg=raster.sun_azimuth_deg)


def test_yard_counted_on_its_crop_as_on_the_whole_window() -> None:
    raster, yard, _ = yard_scene(6, blocks=4, gsd=0.5, stack=2)
    pad = 400
    big = _padded(raster, pad)
    shapes = [FeatureShape(id="y", role=yard.role, pixels=translate(yard.pixels, pad, pad))]
    seen: list[tuple[int, int]] = []

    def spy(r: SiteRaster, features: list[FeatureShape], **kw: object) -> Count:
        seen.append(r.shape)
        return count_containers(r, features, max_cloud=0.5)

    whole = count_containers(big, shapes)
    cropped = count_cropped(spy, big, shapes, 10.0, 0.5)
    assert seen and seen[0][0] * seen[0][1] < 0.2 * big.shape[0] * big.shape[1]
    assert cropped.value == whole.value and cropped.parameters == whole.parameters
    assert cropped.coverage == whole.coverage and len(cropped.detections) == len(whole.detections) > 0
    assert all(a.geometry.equals(b.geometry) for a, b in zip(cropped.detections, whole.detections, strict=True))


def test_valid_count_of_a_full_window_is_exact() -> None:
    for shape in ((61, 123), (600, 240), (7, 5)):
        valid = np.ones(shape, dtype=bool)
        for k in (1, 3, 10, 60):
            rows, cols = valid.shape
            w = np.pad(valid, ((0, (-rows) % k), (0, (-cols) % k)))
            plain = w.reshape(w.shape[0] // k, k, w.shape[1] // k, k).sum(axis=(1, 3)).astype(np.float32)
            assert np.array_equal(_valid_count(valid, k), plain)


def test_window_bands_are_one_scaled_stack(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    data = rng.integers(1, 9000, (4, 40, 50), dtype=np.uint16)
    data[2, 5, 7] = 0  # nodata in one band: the pixel is invalid in all
    path = tmp_path / "s.tif"
    transform = from_origin(500000.0, 4700000.0, 1.0, 1.0)
    with rasterio.open(path, "w", driver="GTiff", width=50, height=40, count=4, dtype="uint16", crs="EPSG:32652",
                       transform=transform, nodata=0) as dst:
        dst.write(data)
    to_lonlat = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True)
    aoi = box(*to_lonlat.transform(500010.0, 4699970.0), *to_lonlat.transform(500040.0, 4699990.0))
    site = Site(id="s", name="s", kind=SiteKind.RAIL_YARD, country="PRK", geometry=aoi)
    scene = Scene(id="x", path=str(path), sensor="sim", acquired=datetime(2023, 9, 1, tzinfo=UTC),
                  gsd_m=1.0, crs="EPSG:32652", footprint=box(-180, -90, 180, 90),
                  bands={"red": 1, "green": 2, "blue": 3, "nir": 4})
    window = read_site_window(scene, site, pad_m=0.0)
    assert window.stacked is not None and window.stacked.dtype == np.float32
    c0, r0, w, h = window.window
    raw = data[:, r0:r0 + h, c0:c0 + w]
    valid = (raw != 0).all(axis=0)
    assert np.array_equal(window.valid, valid)
    for i, name in enumerate(("red", "green", "blue", "nir")):
        expected = raw[i].astype(np.float32) * np.float32(1e-4)
        expected[~valid] = 0.0
        assert window.bands[name].base is window.stacked and np.array_equal(window.bands[name], expected)


def test_a_blob_is_never_longer_than_its_pixel_count() -> None:
    """The vessel counter skips islands of fewer pixels than a ship's length: sound only if the
    length it would measure never exceeds the pixel count (4-connected blobs, any orientation)."""
    rng = np.random.default_rng(3)
    for trial in range(40):
        labels, n = ndimage.label(ndimage.binary_dilation(rng.random((40, 40)) < 0.01 + 0.002 * trial))
        for index in range(1, n + 1):
            rows, cols = np.nonzero(labels == index)
            length, _ = _extent(rows, cols, 1.0)
            assert length <= rows.size + 1e-9


def test_geometry_key_is_the_wkb_of_each_object() -> None:
    shapes = [LineString([(0, k), (10, k + 0.5)]) for k in range(50)]
    for g in shapes + shapes:  # the second pass is answered from memory
        assert geometry_key(g) == g.wkb
    twin = LineString([(0, 3), (10, 3.5)])
    assert geometry_key(twin) == geometry_key(shapes[3]) and twin is not shapes[3]
