"""Synthetic facility layouts: where tracks, quays, container yards, water and buildings lie at a site.

The published sources give only points for the corridor's sites, so each site gets a plausible
facility of its kind, laid out in a local frame (along/across a heading) and placed at the site's
real location in its UTM zone. Builders are registered per site kind in `LAYOUTS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from pyproj import CRS
from shapely.geometry import LineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from armstrack.corridor.geo import WGS84, reproject, utm_crs
from armstrack.imagery.simulate.raster import axis
from armstrack.model import ArmstrackError, Corridor, Route, Site, SiteKind


@dataclass(frozen=True)
class Track:
    id: str
    line: LineString  # UTM, the straight usable part where cars stand
    gauge_mm: int


@dataclass(frozen=True)
class Berth:
    id: str
    line: LineString  # UTM, the quay edge
    water_side: float  # +1: water lies to the left of the line's direction, -1: to the right


@dataclass(frozen=True)
class Yard:
    id: str
    polygon: Polygon  # UTM
    slots: np.ndarray  # (N, 2) centres of 20-ft ground slots, in fill order
    pair: np.ndarray  # (N,) the slot that with slot i holds a 40-ft box, or -1


@dataclass(frozen=True)
class Building:
    vertices: np.ndarray  # (4, 2) UTM
    height_m: float
    roof: str  # material name
    painted: bool = True  # False: the roof is drawn by other surfaces (a bridge deck); only its shadow is cast


@dataclass
class Layout:
    """Everything static at one site, in the site's UTM zone (metres)."""

    site: Site
    crs: CRS
    centre: tuple[float, float]
    heading: float
    aoi: Polygon
    tracks: list[Track] = field(default_factory=list)
    throats: list[tuple[tuple[float, float], tuple[float, float], int]] = field(default_factory=list)
    berths: list[Berth] = field(default_factory=list)
    yards: list[Yard] = field(default_factory=list)
    water: list[tuple[str, np.ndarray]] = field(default_factory=list)  # (material, convex polygon)
    surfaces: list[tuple[str, np.ndarray]] = field(default_factory=list)
    buildings: list[Building] = field(default_factory=list)
    anchorage: list[tuple[float, float]] = field(default_factory=list)
    roads: list[LineString] = field(default_factory=list)  # centrelines where lorries drive
    cranes: list[Building] = field(default_factory=list)  # quay cranes: drawn above the ships they serve
    frozen_water: bool = False  # rivers freeze in winter, the sea at these ports does not

    def to_map(self, along: float, across: float) -> tuple[float, float]:
        """Local frame (metres along the heading, metres to its left) to UTM."""
        ux, uy = axis(self.heading)
        return (self.centre[0] + along * ux - across * uy, self.centre[1] + along * uy + across * ux)

    def quad(self, a0: float, a1: float, c0: float, c1: float) -> np.ndarray:
        """Corners of a local rectangle [a0, a1] along x [c0, c1] across, in UTM."""
        return np.array([self.to_map(a0, c0), self.to_map(a1, c0), self.to_map(a1, c1), self.to_map(a0, c1)])

    def line(self, a0: float, c0: float, a1: float, c1: float) -> LineString:
        return LineString([self.to_map(a0, c0), self.to_map(a1, c1)])

    def set_aoi(self, a0: float, a1: float, c0: float, c1: float, snap: float) -> None:
        """The area of interest: the north-up box around a local extent, snapped outward to `snap` metres."""
        xs, ys = self.quad(a0, a1, c0, c1).T
        west, south = math.floor(xs.min() / snap) * snap, math.floor(ys.min() / snap) * snap
        east, north = math.ceil(xs.max() / snap) * snap, math.ceil(ys.max() / snap) * snap
        self.aoi = box(west, south, east, north)

    def feature_geometries(self) -> list[tuple[str, str, BaseGeometry, dict[str, object]]]:
        """(role, id, UTM geometry, extra properties) of the features the counters use."""
        out: list[tuple[str, str, BaseGeometry, dict[str, object]]] = []
        out += [("track", t.id, t.line, {"gauge_mm": t.gauge_mm}) for t in self.tracks]
        out += [("berth", b.id, b.line, {"water_side": b.water_side}) for b in self.berths]
        out += [("yard", y.id, y.polygon, {}) for y in self.yards]
        return out

    def to_lonlat(self, geom: BaseGeometry) -> BaseGeometry:
        return reproject(geom, self.crs, WGS84)


Builder = Callable[[Layout, np.random.Generator, float], None]
LAYOUTS: dict[SiteKind, Builder] = {}


def register(kind: SiteKind) -> Callable[[Builder], Builder]:
    def wrap(builder: Builder) -> Builder:
        LAYOUTS[kind] = builder
        return builder

    return wrap


def site_point(site: Site) -> tuple[float, float]:
    point = site.properties.get("point")
    if isinstance(point, list) and len(point) == 2:
        return float(point[0]), float(point[1])
    c = site.geometry.centroid
    return float(c.x), float(c.y)


def route_heading(corridor: Corridor, site: Site, crs: CRS, at: tuple[float, float]) -> float | None:
    """Compass bearing of the routed line nearest the site (tracks and quays follow the line)."""
    best: tuple[float, float] | None = None
    for route in corridor.routes:
        if route.geometry is None or site.id not in (route.from_site, route.to_site, *_crossed(route, site)):
            continue
        line = reproject(route.geometry, WGS84, crs)
        s = line.project(Point(at))
        p0, p1 = line.interpolate(max(s - 200, 0)), line.interpolate(min(s + 200, line.length))
        distance = line.distance(Point(at))
        if p0.distance(p1) > 1 and (best is None or distance < best[1]):
            best = (math.degrees(math.atan2(p1.x - p0.x, p1.y - p0.y)) % 360, distance)
    return None if best is None else best[0]


def _crossed(route: Route, site: Site) -> tuple[str, ...]:
    return (site.id,) if route.geometry is not None and route.geometry.intersects(site.geometry) else ()


def near_axis(heading: float, tolerance: float = 6.0) -> float:
    """Keep a heading within `tolerance` degrees of a grid axis so the north-up AOI stays compact."""
    nearest = round(heading / 90.0) * 90.0
    return (nearest + max(-tolerance, min(tolerance, heading - nearest))) % 360


def build_layout(corridor: Corridor, site: Site, rng: np.random.Generator, snap: float) -> Layout:
    """The synthetic facility of one site, placed at its real location."""
    builder = LAYOUTS.get(site.kind)
    if builder is None:
        known = ", ".join(k.value for k in LAYOUTS)
        raise ArmstrackError(f"site {site.id!r}: no simulated layout for kind {site.kind.value!r}; "
                             f"simulated kinds: {known}")
    lon, lat = site_point(site)
    crs = utm_crs(round(lon, 6), round(lat, 6))
    x, y = reproject(Point(lon, lat), WGS84, crs).coords[0]
    heading = route_heading(corridor, site, crs, (x, y))
    if heading is None:
        heading = float(rng.uniform(0, 360))
    layout = Layout(site=site, crs=crs, centre=(x, y), heading=near_axis(heading), aoi=box(0, 0, 1, 1))
    builder(layout, rng, snap)
    return layout
