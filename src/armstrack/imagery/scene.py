"""Scene metadata from a GeoTIFF/COG (local path or http(s) URL), without reading the image.

`read_scene` opens the header only (plus one tile, to catch truncated files) and returns a
`Scene`: acquisition time (UTC), ground sample distance in metres, CRS, lon/lat footprint, band
roles, the corridor sites the footprint covers, and a content-hash id.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyproj import Geod
from rasterio.warp import transform_geom
from rasterio.windows import Window
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from armstrack.corridor.geojson import load_default
from armstrack.imagery.bands import roles_from_names
from armstrack.imagery.remote import file_id, open_raster
from armstrack.model import ArmstrackError, Corridor, Scene

MIN_SITE_COVERAGE = 0.01  # a site counts as covered when the footprint holds >= 1% of its AOI
_GEOD = Geod(ellps="WGS84")

# (metadata domain, tag) holding an acquisition time, in order of trust.
TIME_TAGS: tuple[tuple[str | None, str], ...] = (
    ("IMAGERY", "ACQUISITIONDATETIME"),
    (None, "ACQUISITIONDATETIME"),
    (None, "TIFFTAG_DATETIME"),
)
SENSOR_TAGS: tuple[tuple[str | None, str], ...] = (
    (None, "SENSOR"),
    (None, "sensor"),
    ("IMAGERY", "SATELLITEID"),
    (None, "PLATFORM"),
    (None, "platform"),
)


def read_scene(source: str | Path, acquired: datetime | None = None, sensor: str | None = None,
               corridor: Corridor | None = None, band_roles: dict[str, int] | None = None) -> Scene:
    """Describe one GeoTIFF/COG as a Scene; `acquired`/`sensor`/`band_roles` override what the file says.

    Raises `ArmstrackError` naming the file when it cannot be read, has no georeferencing, has
    no acquisition time, has bands that cannot be interpreted, or covers no corridor site.
    """
    name = str(source)
    corridor = corridor or load_default()
    with open_raster(name) as src:
        _check_georeferenced(src, name)
        bands = band_roles or roles_from_names(list(src.descriptions), name)
        if max(bands.values()) > src.count:
            raise ArmstrackError(f"{name}: has {src.count} band(s), but band {max(bands.values())} is asked for")
        time, time_from = acquisition_time(src, name, acquired)
        footprint = raster_footprint(src)
        gsd = ground_sample_distance(src)
        _check_last_tile(src)
        crs = _crs_text(src.crs)
        props: dict[str, Any] = {
            "format": "GeoTIFF", "width": src.width, "height": src.height, "dtype": src.dtypes[0],
            "nodata": src.nodata, "descriptions": list(src.descriptions), "acquired_from": time_from,
            "tiled": bool(src.profile.get("tiled")), "overviews": len(src.overviews(1)),
        }
        sensor_name = sensor or _tag(src, SENSOR_TAGS) or "unknown"
    site_ids, coverage = covered_sites(footprint, corridor, name)
    props["site_coverage"] = coverage
    return Scene(id=file_id(name), path=name, sensor=sensor_name, acquired=time, gsd_m=gsd, crs=crs,
                 footprint=footprint, bands=bands, site_ids=site_ids, properties=props)


def _check_georeferenced(src: Any, name: str) -> None:
    if src.gcps[0] and src.transform.is_identity:
        raise ArmstrackError(f"{name}: is georeferenced by ground control points only; "
                             "warp it to a map projection first (gdalwarp)")
    if src.crs is None or src.transform.is_identity:
        raise ArmstrackError(f"{name}: has no georeferencing (no CRS or geotransform); "
                             "a GeoTIFF with a CRS and a geotransform is expected")


def _check_last_tile(src: Any) -> None:
    """Read the last block of the last band: a truncated file fails here, not in a counter."""
    block_h, block_w = src.block_shapes[-1]
    row = (src.height - 1) // block_h * block_h
    col = (src.width - 1) // block_w * block_w
    src.read(src.count, window=Window(col, row, min(block_w, src.width - col), min(block_h, src.height - row)))


def _crs_text(crs: Any) -> str:
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else str(crs.to_wkt())


def _tag(src: Any, candidates: tuple[tuple[str | None, str], ...]) -> str | None:
    for domain, key in candidates:
        value = src.tags(ns=domain).get(key) if domain else src.tags().get(key)
        if value and str(value).strip():
            return str(value).strip()
    return None


def acquisition_time(src: Any, name: str, override: datetime | None) -> tuple[datetime, str]:
    """The acquisition time in UTC and where it came from (the override, else the file's tags)."""
    if override is not None:
        return as_utc(override), "override"
    for domain, key in TIME_TAGS:
        text = _tag(src, ((domain, key),))
        if text:
            return parse_time(text, f"{name}: tag {key}"), key
    raise ArmstrackError(f"{name}: acquisition time unknown (no TIFFTAG_DATETIME or ACQUISITIONDATETIME tag); "
                         "pass it with --acquired 2023-10-05T02:15:00Z")


def as_utc(value: datetime) -> datetime:
    """A timezone-aware UTC datetime; naive values are taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_TIFF_TIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$")


def parse_time(text: str, where: str) -> datetime:
    """Parse a TIFF ("2023:08:04 02:15:00") or ISO 8601 time; times without a zone are UTC."""
    text = text.strip()
    match = _TIFF_TIME.match(text)
    if match:
        text = "{}-{}-{}T{}:{}:{}".format(*match.groups())
    try:
        return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise ArmstrackError(f"{where}: {text!r} is not a time; expected 'YYYY:MM:DD HH:MM:SS' "
                             "or ISO 8601") from None


def raster_footprint(src: Any) -> BaseGeometry:
    """The raster's outline in lon/lat, densified so that reprojection bends its edges correctly."""
    corners = [src.transform @ xy for xy in ((0, 0), (src.width, 0), (src.width, src.height), (0, src.height))]
    outline = Polygon(corners)
    outline = outline.segmentize(max(outline.length / 80, 1e-9))
    return shape(transform_geom(src.crs, "EPSG:4326", mapping(outline)))


def ground_sample_distance(src: Any) -> float:
    """Pixel size in metres (the mean of x and y), also for geographic CRSs."""
    res_x = math.hypot(src.transform.a, src.transform.d)
    res_y = math.hypot(src.transform.b, src.transform.e)
    if src.crs.is_geographic:
        lon, lat = src.transform @ (src.width / 2, src.height / 2)
        _, _, dx = _GEOD.inv(lon, lat, lon + res_x, lat)
        _, _, dy = _GEOD.inv(lon, lat, lon, lat + res_y)
        return round((abs(dx) + abs(dy)) / 2, 4)
    factor = src.crs.linear_units_factor[1]
    return round((res_x + res_y) / 2 * factor, 4)


def covered_sites(footprint: BaseGeometry, corridor: Corridor, name: str) -> tuple[list[str], dict[str, float]]:
    """Sites whose AOI the footprint covers (>= MIN_SITE_COVERAGE), with the covered share of each."""
    coverage: dict[str, float] = {}
    for site in corridor.sites.values():
        if not footprint.intersects(site.geometry):
            continue
        share = footprint.intersection(site.geometry).area / site.geometry.area
        if share >= MIN_SITE_COVERAGE:
            coverage[site.id] = round(min(share, 1.0), 4)
    if not coverage:
        lon, lat = footprint.centroid.x, footprint.centroid.y
        raise ArmstrackError(f"{name}: covers no site of corridor {corridor.name!r} "
                             f"(footprint centred at {lon:.4f}E {lat:.4f}N)")
    return sorted(coverage), coverage
