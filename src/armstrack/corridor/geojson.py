"""Read and write the corridor GeoJSON format (sites, tracks, berths, yards, routes)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from shapely.geometry import mapping

from armstrack.corridor.validate import (
    CorridorError,
    Problem,
    check_geometry,
    check_route_properties,
    check_site_properties,
    check_within_site,
    describe,
)
from armstrack.model import ArmstrackError, Corridor, Feature, FeatureRole, Mode, Route, Site, SiteKind

DEFAULT_CORRIDOR = "nk_russia.geojson"


def default_corridor_path() -> Path:
    """The default North Korea -> Russia corridor shipped with the package."""
    return Path(str(resources.files("armstrack.corridor") / "data" / DEFAULT_CORRIDOR))


def load_default() -> Corridor:
    return load_corridor(default_corridor_path())


def load_corridor(path: str | Path) -> Corridor:
    """Load and validate a corridor file; raise `CorridorError` listing every problem."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArmstrackError(f"{path}: no such corridor file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArmstrackError(f"{path}: not a GeoJSON file ({exc})") from None
    return parse_corridor(raw, source=str(path))


def parse_corridor(raw: Any, source: str = "<corridor>") -> Corridor:
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection":
        raise CorridorError(source, [Problem("file", "expected a GeoJSON FeatureCollection")])
    features = raw.get("features")
    if not isinstance(features, list):
        raise CorridorError(source, [Problem("file", "'features' must be a list")])
    problems: list[Problem] = []
    sites = _parse_sites(features, problems)
    members = _parse_members(features, sites, problems)
    routes = _parse_routes(features, set(sites), problems)
    if problems:
        raise CorridorError(source, problems)
    for feature in members:
        sites[feature.site].features.append(feature)
    name = str(raw.get("name") or Path(source).stem)
    return Corridor(name=name, sites=sites, routes=routes)


def _roles(features: list[Any], problems: list[Problem]) -> list[tuple[int, dict[str, Any], FeatureRole]]:
    out = []
    known = ", ".join(r.value for r in FeatureRole)
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(Problem(f"feature #{index}", "not a GeoJSON Feature with properties"))
            continue
        try:
            out.append((index, props, FeatureRole(str(props.get("role")))))
        except ValueError:
            problems.append(Problem(describe(index, props),
                                    f"unknown role {props.get('role')!r}; expected one of {known}"))
    return out


def _parse_sites(features: list[Any], problems: list[Problem]) -> dict[str, Site]:
    sites: dict[str, Site] = {}
    for index, props, role in _roles(features, []):
        if role is not FeatureRole.SITE:
            continue
        label = describe(index, props)
        issues = check_site_properties(props)
        geom, geom_problem = check_geometry(role, features[index].get("geometry"))
        issues += [geom_problem] if geom_problem else []
        if props.get("id") in sites:
            issues.append("duplicate site id")
        problems.extend(Problem(label, m) for m in issues)
        if issues or geom is None:
            continue
        extra = {k: v for k, v in props.items() if k not in ("role", "id", "name", "kind", "country", "aliases")}
        sites[props["id"]] = Site(id=props["id"], name=props["name"], kind=SiteKind(props["kind"]),
                                  country=props["country"], geometry=geom,
                                  aliases=list(props.get("aliases", [])), properties=extra)
    return sites


def _parse_members(features: list[Any], sites: dict[str, Site], problems: list[Problem]) -> list[Feature]:
    members = []
    for index, props, role in _roles(features, problems):
        if role in (FeatureRole.SITE, FeatureRole.ROUTE):
            continue
        label = describe(index, props)
        geom, geom_problem = check_geometry(role, features[index].get("geometry"))
        site = sites.get(props.get("site"))  # type: ignore[arg-type]
        if site is None:
            problems.append(Problem(label, f"{role.value} refers to unknown site {props.get('site')!r}"))
        if geom_problem:
            problems.append(Problem(label, geom_problem))
        if site is None or geom is None:
            continue
        outside = check_within_site(role, geom, site.geometry)
        if outside:
            problems.append(Problem(label, outside))
            continue
        extra = {k: v for k, v in props.items() if k not in ("role", "site")}
        members.append(Feature(role=role, site=site.id, geometry=geom, properties=extra))
    return members


def _parse_routes(features: list[Any], site_ids: set[str], problems: list[Problem]) -> list[Route]:
    routes = []
    for index, props, role in _roles(features, []):
        if role is not FeatureRole.ROUTE:
            continue
        label = describe(index, props)
        issues = check_route_properties(props, site_ids)
        geom, geom_problem = check_geometry(role, features[index].get("geometry"))
        issues += [geom_problem] if geom_problem else []
        problems.extend(Problem(label, m) for m in issues)
        if issues:
            continue
        extra = {k: v for k, v in props.items()
                 if k not in ("role", "from", "to", "mode", "min_hours", "max_hours")}
        routes.append(Route(from_site=props["from"], to_site=props["to"], mode=Mode(props["mode"]),
                            min_hours=float(props["min_hours"]), max_hours=float(props["max_hours"]),
                            geometry=geom, properties=extra))
    return routes


def corridor_to_geojson(corridor: Corridor) -> dict[str, Any]:
    """The corridor as a GeoJSON FeatureCollection; `parse_corridor` reads it back unchanged."""
    features: list[dict[str, Any]] = []
    for site in corridor.sites.values():
        props: dict[str, Any] = {"role": "site", "id": site.id, "name": site.name,
                                 "kind": site.kind.value, "country": site.country}
        if site.aliases:
            props["aliases"] = site.aliases
        features.append(_feature(site.geometry, {**props, **site.properties}))
        for member in site.features:
            features.append(_feature(member.geometry,
                                     {"role": member.role.value, "site": site.id, **member.properties}))
    for route in corridor.routes:
        features.append(_feature(route.geometry, {
            "role": "route", "from": route.from_site, "to": route.to_site, "mode": route.mode.value,
            "min_hours": route.min_hours, "max_hours": route.max_hours, **route.properties}))
    return {"type": "FeatureCollection", "name": corridor.name, "features": features}


def _feature(geometry: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties,
            "geometry": None if geometry is None else mapping(geometry)}


def save_corridor(corridor: Corridor, path: str | Path) -> None:
    """Write atomically: a half-written corridor file never replaces a good one."""
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(corridor_to_geojson(corridor), indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
