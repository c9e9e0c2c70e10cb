"""Validation of corridor GeoJSON: each problem names the feature and what is wrong."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from armstrack.model import ArmstrackError, FeatureRole, Mode, SiteKind

GEOMETRY_TYPES = {
    FeatureRole.SITE: ("Polygon", "MultiPolygon"),
    FeatureRole.TRACK: ("LineString",),
    FeatureRole.BERTH: ("LineString",),
    FeatureRole.YARD: ("Polygon",),
    FeatureRole.ROUTE: ("LineString", "MultiLineString"),
}


@dataclass(frozen=True)
class Problem:
    feature: str  # "feature #3 (track of 'tumangang')"
    message: str

    def __str__(self) -> str:
        return f"{self.feature}: {self.message}"


class CorridorError(ArmstrackError):
    """A corridor file with problems; `problems` lists every one of them."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in corridor\n{lines}")


def describe(index: int, props: dict[str, Any]) -> str:
    role = props.get("role")
    if role == "site":
        label = f"site {props.get('id')!r}"
    elif role == "route":
        label = f"route {props.get('from')!r} -> {props.get('to')!r}"
    elif role in ("track", "berth", "yard"):
        label = f"{role} of {props.get('site')!r}"
    else:
        label = f"role {role!r}"
    return f"feature #{index} ({label})"


def _coordinates(geometry: dict[str, Any]) -> Iterable[list[Any]]:
    def walk(node: Any) -> Iterable[list[Any]]:
        if isinstance(node, list) and node and isinstance(node[0], (int, float)):
            yield node
        elif isinstance(node, list):
            for child in node:
                yield from walk(child)

    yield from walk(geometry.get("coordinates"))


def check_coordinates(geometry: dict[str, Any]) -> str | None:
    for position in _coordinates(geometry):
        if len(position) < 2 or not all(isinstance(v, (int, float)) for v in position[:2]):
            return f"bad coordinate {position!r}: expected [lon, lat]"
        lon, lat = position[0], position[1]
        if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lon) > 180 or abs(lat) > 90:
            return f"bad coordinate {position!r}: expected lon in [-180, 180], lat in [-90, 90]"
    return None


def check_geometry(role: FeatureRole, geometry: Any) -> tuple[BaseGeometry | None, str | None]:
    """Parse and check one feature's geometry; routes may have none."""
    if geometry is None:
        if role is FeatureRole.ROUTE:
            return None, None
        return None, "missing geometry"
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES[role]:
        got = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        return None, f"geometry must be {' or '.join(GEOMETRY_TYPES[role])}, got {got}"
    problem = check_coordinates(geometry)
    if problem:
        return None, problem
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        return None, f"unreadable geometry ({exc})"
    if geom.is_empty:
        return None, "empty geometry"
    if not geom.is_valid:
        reason = explain_validity(geom)
        if "Self-intersection" in reason:
            return None, f"self-intersecting polygon ({reason})"
        return None, f"invalid geometry ({reason})"
    return geom, None


def check_site_properties(props: dict[str, Any]) -> list[str]:
    problems = []
    site_id = props.get("id")
    if not isinstance(site_id, str) or not site_id.strip():
        problems.append("site needs a non-empty string 'id'")
    if not isinstance(props.get("name"), str):
        problems.append("site needs a string 'name'")
    kinds = ", ".join(k.value for k in SiteKind)
    if props.get("kind") not in {k.value for k in SiteKind}:
        problems.append(f"unknown kind {props.get('kind')!r}; expected one of {kinds}")
    country = props.get("country")
    if not (isinstance(country, str) and all(len(c) == 3 and c.isupper() for c in country.split("/"))):
        problems.append(f"country must be ISO 3166 alpha-3 (e.g. 'PRK'), got {country!r}")
    aliases = props.get("aliases", [])
    if not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
        problems.append("'aliases' must be a list of strings")
    return problems


def check_route_properties(props: dict[str, Any], site_ids: set[str]) -> list[str]:
    problems = []
    for end in ("from", "to"):
        if props.get(end) not in site_ids:
            problems.append(f"route '{end}' refers to unknown site {props.get(end)!r}")
    if props.get("mode") not in {m.value for m in Mode if m is not Mode.UNKNOWN}:
        problems.append(f"unknown mode {props.get('mode')!r}; expected rail, sea, road or air")
    low, high = props.get("min_hours"), props.get("max_hours")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)):
        problems.append("route needs numeric 'min_hours' and 'max_hours'")
    elif not 0 <= low <= high:  # type: ignore[operator]
        problems.append(f"transit bounds must satisfy 0 <= min_hours <= max_hours, got {low}, {high}")
    return problems


def check_within_site(role: FeatureRole, geom: BaseGeometry, site_geom: BaseGeometry) -> str | None:
    """Tracks, berths and yards must lie inside their site's area of interest."""
    if site_geom.buffer(1e-9).covers(geom):
        return None
    return f"{role.value} lies outside its site's area of interest"
