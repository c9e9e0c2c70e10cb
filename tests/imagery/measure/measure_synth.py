"""Tiny synthetic rasters for the counter unit tests: a straight track, a yard, a quay, drawn in numpy.

Everything is generated from a seed by the functions here (no files): ballast with noise, cars of
14-20 m with coupler gaps, container blocks, hulls on water. Pixel geometry is returned with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy import ndimage
from shapely.geometry import LineString, Polygon

from armstrack.imagery.measure.base import FeatureShape, Masks, SiteRaster
from armstrack.model import FeatureRole

BALLAST = np.array([0.17, 0.16, 0.15, 0.20], dtype=np.float32)
PAVEMENT = np.array([0.20, 0.198, 0.192, 0.22], dtype=np.float32)
SEA = np.array([0.022, 0.038, 0.048, 0.006], dtype=np.float32)
CAR_PAINTS = [(0.19, 0.105, 0.075, 0.24), (0.05, 0.05, 0.052, 0.065), (0.24, 0.24, 0.24, 0.26),
              (0.07, 0.12, 0.085, 0.18)]


def _raster(image: np.ndarray, gsd: float, rng: np.random.Generator, cloud: np.ndarray | None = None,
            blur_px: float = 0.5) -> SiteRaster:
    image = np.stack([ndimage.gaussian_filter(b, blur_px) for b in image])
    image += rng.normal(0, 0.006, image.shape).astype(np.float32)
    valid = np.ones(image.shape[1:], dtype=bool)
    cloud = np.zeros_like(valid) if cloud is None else cloud
    masks = Masks(valid=valid, cloud=cloud, shadow=np.zeros_like(valid), snow=np.zeros_like(valid))
    bands = {n: image[i].astype(np.float32) for i, n in enumerate(("red", "green", "blue", "nir"))}
    return SiteRaster(bands=bands, masks=masks, gsd_m=gsd, sun_elevation_deg=40.0, sun_azimuth_deg=160.0)


LOCO_BODY = np.array([0.056, 0.096, 0.068, 0.144], dtype=np.float32)  # dark green roof
HATCH = np.array([0.20, 0.20, 0.21, 0.22], dtype=np.float32)  # radiator and exhaust hatches


def draw_locomotive(image: np.ndarray, x: float, row: float, gsd: float) -> float:
    """An 18.2 m diesel section from x (metres) eastward: dark roof, four hatches 2.2 m apart, a
    lighter cab roof at its east end; returns where the next vehicle starts."""
    r0, r1 = int(row - 1.6 / gsd), int(row + 1.6 / gsd)

    def span(a: float, b: float, colour: np.ndarray, half_m: float = 1.6) -> None:
        rows = slice(int(row - half_m / gsd), int(row + half_m / gsd))
        image[:, rows, int((x + a) / gsd):int((x + b) / gsd)] = colour[:, None, None]

    image[:, r0:r1, int(x / gsd):int((x + 17.2) / gsd)] = (LOCO_BODY / 0.8)[:, None, None]
    span(2.5, 14.7, LOCO_BODY, 1.2)
    for k in (-2, -1, 0, 1):
        centre = 8.6 + k * 2.2 + 1.0
        span(centre - 0.75, centre + 0.75, HATCH, 0.75)
    span(13.4, 15.8, LOCO_BODY / 0.8 * 1.4, 1.45)
    return x + 18.2


def track_scene(seed: int, n_cars: int, gsd: float = 0.5, length_m: float = 600.0,
                cloud_cols: tuple[int, int] | None = None, locomotive: bool = False
                ) -> tuple[SiteRaster, list[FeatureShape], int]:
    """Three east-west tracks, `n_cars` cars drawn on the middle one from its west end (behind a
    locomotive at the head when `locomotive`); returns the raster, the tracks and the freight cars."""
    rng = np.random.default_rng(seed)
    width, height = int(length_m / gsd), int(40 / gsd)
    image = np.broadcast_to(BALLAST[:, None, None], (4, height, width)).copy()
    row = height / 2
    x = 20.0 + float(rng.uniform(0, 200))  # cars stand somewhere else in every scene
    if locomotive:
        x = draw_locomotive(image, x, row, gsd)
    for _ in range(n_cars):
        car = rng.uniform(14.0, 20.0)
        c0, c1 = int(x / gsd), int((x + car - 1.0) / gsd)
        r0, r1 = int(row - 1.6 / gsd), int(row + 1.6 / gsd)
        image[:, r0:r1, c0:c1] = np.array(CAR_PAINTS[rng.integers(len(CAR_PAINTS))], dtype=np.float32)[:, None, None]
        x += car
    cloud = None
    if cloud_cols is not None:
        cloud = np.zeros((height, width), dtype=bool)
        cloud[:, cloud_cols[0]:cloud_cols[1]] = True
        image[:, cloud] = np.array([0.7, 0.71, 0.74, 0.68], dtype=np.float32)[:, None]
    rows = [row + k * 4.8 / gsd for k in (-1, 0, 1)]  # cars on the middle one of three tracks
    tracks = [FeatureShape(id=f"test-track-{k}", role=FeatureRole.TRACK,
                           pixels=LineString([(5.0 / gsd, r), (width - 5.0 / gsd, r)])) for k, r in enumerate(rows)]
    return _raster(image, gsd, rng, cloud), tracks, n_cars


def yard_scene(seed: int, blocks: int, gsd: float = 0.5, stack: int = 2) -> tuple[SiteRaster, FeatureShape, int]:
    """A paved yard with blocks of 20-ft boxes (4 rows x 5 bays each), stacked `stack` high."""
    rng = np.random.default_rng(seed)
    size = int(200 / gsd)
    image = np.broadcast_to(PAVEMENT[:, None, None], (4, size, size)).copy()
    teu = 0
    for b in range(blocks):
        r0, c0 = 20 + (b // 3) * 50, 20 + (b % 3) * 55
        for i in range(4):
            for j in range(5):
                rr, cc = int((r0 + i * 2.6) / gsd), int((c0 + j * 6.2) / gsd)
                paint = np.array([0.15, 0.26, 0.38, 0.33], dtype=np.float32) * rng.uniform(0.8, 1.2)
                image[:, rr:rr + int(2.44 / gsd), cc:cc + int(6.06 / gsd)] = paint[:, None, None]
                teu += stack
    yard = Polygon([(10 / gsd, 10 / gsd), (190 / gsd, 10 / gsd), (190 / gsd, 190 / gsd), (10 / gsd, 190 / gsd)])
    return _raster(image, gsd, rng), FeatureShape(id="test-yard-1", role=FeatureRole.YARD, pixels=yard), teu


def quay_scene(seed: int, lengths: list[float], gsd: float = 1.0) -> tuple[SiteRaster, list[FeatureShape], int]:
    """A north-south quay with land to the west and sea to the east; hulls berthed along it."""
    rng = np.random.default_rng(seed)
    size = int(800 / gsd)
    image = np.broadcast_to(SEA[:, None, None], (4, size, size)).copy()
    quay = int(300 / gsd)
    image[:, :, :quay] = PAVEMENT[:, None, None]
    y = 20.0
    for length in lengths:
        beam = length / 7
        hull = np.array([0.2, 0.205, 0.21, 0.22], dtype=np.float32)
        image[:, int(y / gsd):int((y + length) / gsd), quay + int(2 / gsd):quay + int((2 + beam) / gsd)] = \
            hull[:, None, None]
        y += length + 25
    image[:, int(600 / gsd):int(700 / gsd), int(600 / gsd):int(615 / gsd)] = \
        np.array([0.04, 0.04, 0.045, 0.05], dtype=np.float32)[:, None, None]  # one ship at anchor, 100 m
    berth = FeatureShape(id="test-berth-1", role=FeatureRole.BERTH,
                         pixels=LineString([(quay, 5 / gsd), (quay, 560 / gsd)]))
    aoi = FeatureShape(id="test", role=FeatureRole.SITE,
                       pixels=Polygon([(0, 0), (size, 0), (size, size), (0, size)]))
    return _raster(image, gsd, rng), [berth, aoi], len(lengths) + 1


# --- georeferenced scenes for the runner and CLI tests ------------------------------------------

SITE_LON, SITE_LAT = 130.6081, 42.4214
UTM = "EPSG:32652"


def _utm_origin() -> tuple[float, float]:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", UTM, always_xy=True).transform(SITE_LON, SITE_LAT)
    return round(x - 300.0), round(y + 20.0)


def _lonlat(points: list[tuple[float, float]]) -> list[list[float]]:
    from pyproj import Transformer

    back = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True)
    return [list(back.transform(x, y)) for x, y in points]


def write_corridor(path: Path) -> Path:
    """A one-site corridor (three 600 m tracks at Tumangang's station point) matching `write_track_scene`."""
    west, north = _utm_origin()
    aoi = _lonlat([(west, north), (west + 600, north), (west + 600, north - 40), (west, north - 40), (west, north)])
    tracks = [_lonlat([(west + 5, north - 20 + dy), (west + 595, north - 20 + dy)]) for dy in (4.8, 0.0, -4.8)]
    doc = {"type": "FeatureCollection", "name": "test", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [aoi]},
         "properties": {"role": "site", "id": "testyard", "name": "Test yard", "kind": "rail_yard", "country": "PRK"}},
        *({"type": "Feature", "geometry": {"type": "LineString", "coordinates": track},
           "properties": {"role": "track", "site": "testyard", "id": f"testyard-track-{k}"}}
          for k, track in enumerate(tracks, start=1))]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def write_track_scene(folder: Path, seed: int, n_cars: int, when: str, gsd: float = 1.0,
                      cloud_cols: tuple[int, int] | None = None) -> Path:
    """A 4-band uint16 GeoTIFF of `track_scene` placed on the corridor of `write_corridor`."""
    import rasterio
    from affine import Affine

    raster, _, _ = track_scene(seed, n_cars, gsd=gsd, cloud_cols=cloud_cols)
    west, north = _utm_origin()
    data = np.stack([raster.bands[n] for n in ("red", "green", "blue", "nir")])
    data = (np.clip(data, 0.0001, 1) * 10000).astype(np.uint16)
    path = folder / f"testyard_{when.replace('-', '').replace(':', '')}_{gsd:g}m.tif"
    profile = {"driver": "GTiff", "width": data.shape[2], "height": data.shape[1], "count": 4, "dtype": "uint16",
               "crs": UTM, "transform": Affine(gsd, 0, west, 0, -gsd, north), "nodata": 0, "tiled": True,
               "blockxsize": 256, "blockysize": 256}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        for i, name in enumerate(("red", "green", "blue", "nir"), start=1):
            dst.set_band_description(i, name)
        dst.update_tags(TIFFTAG_DATETIME=when.replace("-", ":").replace("T", " ").rstrip("Z"))
    return path
