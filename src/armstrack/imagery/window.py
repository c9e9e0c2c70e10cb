"""Read only the pixels over one site: the window the counters work on.

The site's area of interest (padded by `pad_m`) is reprojected into the raster's CRS and turned
into a rasterio `Window`: a COG gives up only the tiles under it, a URL only their byte ranges.
Bands on another grid (Sentinel-2 SCL at 20 m) are resampled onto the window's grid by GDAL's
warper, and a raster in a geographic CRS is warped into the site's UTM zone, so counters always
work in metres on square pixels.

Reflectance: integer bands are scaled to 0..1 reflectance. The scale and offset come, in order,
from `scene.properties["radiometry"][role]` (`[scale, offset]`, e.g. from STAC raster:bands),
from the GeoTIFF's own scale/offset metadata, else from the data type: uint16/int16 digital
numbers are reflectance x 10000 (the Sentinel-2 and PlanetScope convention), uint8 is x 255,
floats are reflectance already. Pixels outside the valid mask are 0.

Speed: a window costs little more than a bare read of it. The pixel window of a site's AOI and the
pixel-space shapes of its features are cached per grid (CRS, geotransform, size), so the scenes of
one grid share them; the reflectance bands are scaled in one pass into one (band, row, col)
float32 array (`SiteWindow.stacked`, the bands are views of it) and validity is one test over
all bands.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from affine import Affine
from pyproj import Transformer
from rasterio.crs import CRS
from rasterio.enums import MaskFlags, Resampling
from rasterio.features import geometry_mask
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window
from rasterio.windows import transform as window_transform
from shapely import wkb
from shapely.affinity import affine_transform
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform as shapely_transform

from armstrack.corridor.geo import buffer_m, site_utm
from armstrack.imagery.bands import REFLECTANCE_ROLES, SCL
from armstrack.imagery.remote import open_raster
from armstrack.model import ArmstrackError, Scene, Site

_EPS = 1e-6  # pixels: an AOI edge this close to a pixel edge does not pull in the next pixel
DTYPE_SCALE = {"uint16": 1e-4, "int16": 1e-4, "uint8": 1 / 255}
_STACK = "\0stack"  # key of a file's reflectance stack among the arrays read (never a band role)


_WKB: OrderedDict[int, tuple[BaseGeometry, bytes]] = OrderedDict()
_WKB_LOCK = threading.Lock()


def geometry_key(geometry: BaseGeometry) -> bytes:
    """The WKB of a geometry, the key of the per-grid caches, remembered per geometry object (the
    corridor's and the cached pixel-space shapes recur scene after scene; writing WKB costs more
    than the cache look-up it keys). The entry holds the object, so its id is not reused meanwhile."""
    with _WKB_LOCK:
        hit = _WKB.get(id(geometry))
        if hit is not None and hit[0] is geometry:
            _WKB.move_to_end(id(geometry))
            return hit[1]
    data: bytes = geometry.wkb
    with _WKB_LOCK:
        _WKB[id(geometry)] = (geometry, data)
        while len(_WKB) > 4096:
            _WKB.popitem(last=False)
    return data


@lru_cache(maxsize=64)
def _from_lonlat(crs_text: str) -> Transformer:
    return Transformer.from_crs("EPSG:4326", crs_text, always_xy=True)


def lonlat_to(geometry: BaseGeometry, crs: Any) -> BaseGeometry:
    """A lon/lat geometry in another CRS (a rasterio/pyproj CRS or its text), transformers cached."""
    text = crs if isinstance(crs, str) else crs.to_wkt()
    return shapely_transform(_from_lonlat(text).transform, geometry)


@lru_cache(maxsize=1024)
def _to_pixels(crs_text: str, transform: tuple[float, ...], geometry_wkb: bytes) -> BaseGeometry:
    inv = ~Affine(*transform)
    return affine_transform(lonlat_to(wkb.loads(geometry_wkb), crs_text), [inv.a, inv.b, inv.d, inv.e, inv.c, inv.f])


@lru_cache(maxsize=256)
def _padded(geometry_wkb: bytes, pad_m: float) -> BaseGeometry:
    geometry = wkb.loads(geometry_wkb)
    return buffer_m(geometry, pad_m) if pad_m else geometry


@dataclass
class SiteWindow:
    """The pixels of one scene over one site, in a metric CRS, with their validity mask."""

    scene_id: str
    site_id: str
    crs: str
    transform: Affine  # of the window's pixel grid (not the scene's)
    window: tuple[int, int, int, int]  # col_off, row_off, width, height in scene pixels
    gsd_m: float
    bands: dict[str, np.ndarray]  # role -> float32 reflectance 0..1
    valid: np.ndarray  # bool: pixel has data in every band read
    scl: np.ndarray | None = None  # uint8 Sentinel-2 scene classification, when the scene has it
    warped: bool = False  # True when the pixels were resampled onto a new grid
    stacked: np.ndarray | None = None  # the bands as one (band, row, col) array in `bands` order, when read so

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.valid.shape[0]), int(self.valid.shape[1]))

    @property
    def pixel_area_m2(self) -> float:
        return abs(self.transform.a * self.transform.e - self.transform.b * self.transform.d)

    def to_crs(self, geometry: BaseGeometry) -> BaseGeometry:
        """A lon/lat geometry in the window's (metric) CRS."""
        return lonlat_to(geometry, self.crs)

    def to_pixels(self, geometry: BaseGeometry) -> BaseGeometry:
        """A lon/lat geometry in the window's pixel coordinates (col, row; 0,0 = top-left corner);
        cached per grid, so the scenes of one grid map a site's features once (do not modify it)."""
        return _to_pixels(self.crs, tuple(self.transform)[:6], geometry_key(geometry))

    def coverage(self, geometry: BaseGeometry) -> float:
        """Share (0..1) of a lon/lat polygon's area that valid pixels of this window cover."""
        area = self.to_crs(geometry).area
        if area <= 0:
            return 0.0
        return min(float((self.mask(geometry) & self.valid).sum()) * self.pixel_area_m2 / area, 1.0)

    def mask(self, geometry: BaseGeometry, all_touched: bool = False) -> np.ndarray:
        """Boolean array, True on the pixels whose centre lies inside a lon/lat geometry."""
        return geometry_mask([mapping(self.to_crs(geometry))], out_shape=self.shape, transform=self.transform,
                             invert=True, all_touched=all_touched)


@dataclass(frozen=True)
class _Grid:
    crs: Any
    transform: Affine
    width: int
    height: int
    source_window: Window
    direct: bool  # the reference file is read as is (no warp)


def read_site_window(scene: Scene, site: Site, pad_m: float = 30.0, roles: Sequence[str] | None = None) -> SiteWindow:
    """Read the bands of `roles` (default: all) of a scene over a site's AOI padded by `pad_m`."""
    wanted = list(roles) if roles is not None else list(scene.bands)
    missing = [r for r in wanted if r not in scene.bands]
    if missing or not wanted:
        raise ArmstrackError(f"scene {scene.path}: has no band(s) {missing or wanted}; it has {sorted(scene.bands)}")
    aoi = _padded(geometry_key(site.geometry), float(pad_m))
    reference = next((r for r in wanted if r in REFLECTANCE_ROLES), wanted[0])
    arrays: dict[str, np.ndarray] = {}
    masks: dict[str, np.ndarray] = {}
    with ExitStack() as stack:
        files = {href: stack.enter_context(open_raster(href)) for href in dict.fromkeys(map(scene.href, wanted))}
        grid = _grid(files[scene.href(reference)], aoi, site, scene)
        for href, src in files.items():
            _read_group(src, scene, [r for r in wanted if scene.href(r) == href], grid, arrays, masks)
    return _assemble(scene, site, grid, arrays, masks)


def _grid(src: Any, aoi: BaseGeometry, site: Site, scene: Scene) -> _Grid:
    """The pixel grid of the window: the raster's own when metric, else the site's UTM zone."""
    full = Window(0, 0, src.width, src.height)
    source_window = _window_over(src, aoi, full)
    if source_window is None:
        raise ArmstrackError(f"scene {scene.path}: does not cover site {site.id!r}")
    if src.crs.is_projected and src.crs.linear_units_factor[1] == 1.0 and src.transform.b == src.transform.d == 0:
        return _Grid(src.crs, window_transform(source_window, src.transform), int(source_window.width),
                     int(source_window.height), source_window, direct=True)
    utm = CRS.from_epsg(site_utm(site.geometry).to_epsg())
    covered = aoi.intersection(scene.footprint) if aoi.intersects(scene.footprint) else aoi
    minx, miny, maxx, maxy = lonlat_to(covered, utm).bounds
    res = scene.gsd_m
    width, height = max(1, math.ceil((maxx - minx) / res)), max(1, math.ceil((maxy - miny) / res))
    transform = Affine(res, 0.0, minx, 0.0, -res, maxy)
    return _Grid(utm, transform, width, height, source_window, direct=False)


def _window_over(src: Any, aoi: BaseGeometry, full: Window) -> Window | None:
    """The smallest whole-pixel window of the raster holding the AOI, clipped to the raster
    (computed in pixel space, so that rotated geotransforms work too)."""
    left, top, right, bottom = _pixel_bounds(src.crs.to_wkt(), tuple(src.transform)[:6], geometry_key(aoi))
    col0, row0 = max(math.floor(left + _EPS), 0), max(math.floor(top + _EPS), 0)
    col1, row1 = min(math.ceil(right - _EPS), full.width), min(math.ceil(bottom - _EPS), full.height)
    if col1 <= col0 or row1 <= row0:
        return None
    return Window(col0, row0, col1 - col0, row1 - row0)


@lru_cache(maxsize=256)
def _pixel_bounds(crs_text: str, transform: tuple[float, ...], aoi_wkb: bytes) -> tuple[float, float, float, float]:
    """Bounds of a lon/lat AOI in a raster's pixel space (cached: the scenes of one grid share them)."""
    inv = ~Affine(*transform)
    pixels = affine_transform(lonlat_to(wkb.loads(aoi_wkb), crs_text), [inv.a, inv.b, inv.d, inv.e, inv.c, inv.f])
    left, top, right, bottom = pixels.bounds
    return float(left), float(top), float(right), float(bottom)


def _read_group(src: Any, scene: Scene, roles: list[str], grid: _Grid, arrays: dict[str, np.ndarray],
                masks: dict[str, np.ndarray]) -> None:
    """Read the roles held by one file onto the grid: a plain window read, or a warp (nearest
    neighbour for the categorical SCL, bilinear for reflectance)."""
    if grid.direct and _on_grid(src, grid):
        indexes = [scene.bands[r] for r in roles]
        data = src.read(indexes, window=grid.source_window)
        _keep(src, src, scene, roles, data, grid.source_window, arrays, masks)
        return
    for subset, resampling in (([r for r in roles if r != SCL], Resampling.bilinear),
                               ([r for r in roles if r == SCL], Resampling.nearest)):
        if not subset:
            continue
        with WarpedVRT(src, crs=grid.crs, transform=grid.transform, width=grid.width, height=grid.height,
                       resampling=resampling, add_alpha=src.nodata is None) as vrt:
            data = vrt.read([scene.bands[r] for r in subset])
            _keep(src, vrt, scene, subset, data, None, arrays, masks)


def _keep(src: Any, dataset: Any, scene: Scene, roles: list[str], data: np.ndarray, window: Window | None,
          arrays: dict[str, np.ndarray], masks: dict[str, np.ndarray]) -> None:
    """Store each role's pixels and validity (`dataset`: what `data` was read from): SCL codes as
    uint8, reflectance scaled to float32 in one pass into one stack (the bands are its views)."""
    reflectance = [i for i, r in enumerate(roles) if r != SCL]
    for i, role in enumerate(roles):
        if role == SCL:
            arrays[role] = data[i].astype(np.uint8)
            masks[role] = _validity(dataset, data[i:i + 1], [scene.bands[role]], window)
    if not reflectance:
        return
    part = data if len(reflectance) == len(roles) else data[reflectance]
    valid = _validity(dataset, part, [scene.bands[roles[i]] for i in reflectance], window)
    stacked = np.empty(part.shape, dtype=np.float32)
    for k, i in enumerate(reflectance):
        role = roles[i]
        scale, offset = _radiometry(src, scene, role, scene.bands[role])
        np.multiply(part[k], np.float32(scale), out=stacked[k], dtype=np.float32)
        if offset:
            stacked[k] += np.float32(offset)
        arrays[role], masks[role] = stacked[k], valid
    arrays[_STACK] = stacked


def _validity(dataset: Any, data: np.ndarray, indexes: list[int], window: Window | None) -> np.ndarray:
    """Bool mask of the pixels valid in every band of `data` (band, row, col): from the nodata value
    when that is all GDAL would use, else GDAL's own mask (internal mask, alpha band), read over the
    same window."""
    flags = [dataset.mask_flag_enums[i - 1] for i in indexes]
    if all(f == [MaskFlags.all_valid] for f in flags):
        return np.ones(data.shape[1:], dtype=bool)
    nodata = dataset.nodata
    if nodata is not None and all(f == [MaskFlags.nodata] for f in flags):
        if np.isnan(nodata):
            return np.asarray(~np.isnan(data).any(axis=0))
        if nodata == 0 and data.dtype.kind == "u":  # no band at 0 <=> the smallest band above 0
            return np.asarray(data.min(axis=0) != 0)
        return np.asarray((data != nodata).all(axis=0))
    return np.asarray(dataset.read_masks(indexes, window=window).min(axis=0) > 0)


def _on_grid(src: Any, grid: _Grid) -> bool:
    """Whether a file shares the window's grid, so that the window can be read from it as is."""
    origin = src.transform @ (grid.source_window.col_off, grid.source_window.row_off)
    return bool(src.crs == grid.crs and src.transform.b == src.transform.d == 0
                and np.allclose(origin, (grid.transform.c, grid.transform.f))
                and np.allclose(src.res, (abs(grid.transform.a), abs(grid.transform.e))))


def _radiometry(src: Any, scene: Scene, role: str, index: int) -> tuple[float, float]:
    given = scene.properties.get("radiometry", {}).get(role)
    if given:
        return float(given[0]), float(given[1])
    scale, offset = src.scales[index - 1], src.offsets[index - 1]
    if (scale, offset) != (1.0, 0.0):
        return float(scale), float(offset)
    return DTYPE_SCALE.get(src.dtypes[index - 1], 1.0), 0.0


def _assemble(scene: Scene, site: Site, grid: _Grid, arrays: dict[str, np.ndarray],
              masks: dict[str, np.ndarray]) -> SiteWindow:
    stacked = arrays.pop(_STACK, None)
    reflectance = [r for r in arrays if r != SCL]
    valid_from = reflectance or [SCL]
    distinct = list({id(masks[r]): masks[r] for r in valid_from}.values())  # roles of one file share a mask
    valid = distinct[0].copy() if len(distinct) == 1 else np.logical_and.reduce(distinct)
    scl = arrays.get(SCL)
    if not reflectance and scl is not None:
        valid &= scl != 0  # SCL class 0: no data
    bands = {r: arrays[r] for r in reflectance}
    if stacked is None or stacked.shape[0] != len(bands) or any(b.base is not stacked for b in bands.values()):
        stacked = None  # bands from several files: no single stack
    if not valid.all():
        for band in bands.values():
            band[~valid] = 0.0
    w = grid.source_window
    crs_text = f"EPSG:{grid.crs.to_epsg()}" if grid.crs.to_epsg() else str(grid.crs.to_wkt())
    gsd = abs(grid.transform.a) if grid.direct else scene.gsd_m
    return SiteWindow(scene_id=scene.id, site_id=site.id, crs=crs_text, transform=grid.transform,
                      window=(int(w.col_off), int(w.row_off), int(w.width), int(w.height)),
                      gsd_m=float(gsd), bands=bands, valid=valid, scl=scl, warped=not grid.direct, stacked=stacked)
