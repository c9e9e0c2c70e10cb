"""Metric geometry for corridor features: the local UTM zone, done with pyproj, never by hand."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info
from shapely.geometry.base import BaseGeometry

WGS84 = CRS.from_epsg(4326)


@lru_cache(maxsize=256)
def utm_crs(lon: float, lat: float) -> CRS:
    """The WGS 84 UTM zone that holds (lon, lat)."""
    infos = query_utm_crs_info(datum_name="WGS 84",
                               area_of_interest=AreaOfInterest(lon, lat, lon, lat))
    return CRS.from_epsg(int(infos[0].code))


@lru_cache(maxsize=256)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(CRS.from_user_input(src), CRS.from_user_input(dst), always_xy=True)


def reproject(geom: BaseGeometry, src: CRS | str, dst: CRS | str) -> BaseGeometry:
    """Reproject a shapely geometry between any two CRSs."""
    transformer = _transformer(CRS.from_user_input(src).to_wkt(), CRS.from_user_input(dst).to_wkt())

    def project(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, project)


def site_utm(geom: BaseGeometry) -> CRS:
    """The UTM zone of a lon/lat geometry's centroid."""
    c = geom.centroid
    return utm_crs(round(c.x, 6), round(c.y, 6))


def to_utm(geom: BaseGeometry) -> tuple[BaseGeometry, CRS]:
    """A lon/lat geometry in its own UTM zone, and that zone."""
    crs = site_utm(geom)
    return reproject(geom, WGS84, crs), crs


def from_utm(geom: BaseGeometry, crs: CRS) -> BaseGeometry:
    return reproject(geom, crs, WGS84)


def buffer_m(geom: BaseGeometry, metres: float, cap_style: str = "round") -> BaseGeometry:
    """Buffer a lon/lat geometry by a distance in metres."""
    utm, crs = to_utm(geom)
    return from_utm(utm.buffer(metres, cap_style=cap_style), crs)


def length_m(geom: BaseGeometry) -> float:
    return float(to_utm(geom)[0].length)
