"""Scenes from STAC: a local Item JSON, a local Catalog/Collection (walked offline with pystac),
or a STAC API searched with pystac-client over the corridor's sites, a date range and a cloud limit.

`iter_stac_scenes` yields one `(label, Scene | ArmstrackError)` per item so that a runner can
ingest the good items and report the bad ones; `scenes_from_stac` is the plain list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pystac
from pystac.errors import STACError, STACTypeError
from shapely.geometry import mapping
from shapely.ops import unary_union

from armstrack.corridor.geojson import load_default
from armstrack.imagery.remote import HTTP_TIMEOUT_S, is_remote
from armstrack.imagery.stac_item import item_label, scene_from_item
from armstrack.model import ArmstrackError, Corridor, Scene

MAX_ITEMS = 5000  # a search stops here; narrow the dates or the collection to see more
BBOX_MAX_SPAN_DEG = 5.0  # a corridor wider than this is searched by its site polygons, not one bbox


def scenes_from_stac(source: str | Path, collection: str | None = None, start: date | None = None,
                     end: date | None = None, max_cloud: float | None = None,
                     corridor: Corridor | None = None) -> list[Scene]:
    """Every usable scene of a STAC source; the first unusable item raises its `ArmstrackError`."""
    scenes = []
    for _label, result in iter_stac_scenes(source, collection, start, end, max_cloud, corridor):
        if isinstance(result, ArmstrackError):
            raise result
        scenes.append(result)
    return scenes


def iter_stac_scenes(source: str | Path, collection: str | None = None, start: date | None = None,
                     end: date | None = None, max_cloud: float | None = None,
                     corridor: Corridor | None = None) -> Iterator[tuple[str, Scene | ArmstrackError]]:
    """One (label, scene or error) per item of the source that passes the filters."""
    corridor = corridor or load_default()
    if max_cloud is not None and not 0.0 <= max_cloud <= 1.0:
        raise ArmstrackError(f"--max-cloud must be a fraction within [0, 1], got {max_cloud}")
    if start and end and start > end:
        raise ArmstrackError(f"--from {start} is after --to {end}")
    items = _items(str(source), collection, start, end, max_cloud, corridor)
    for item in items:
        if not _passes(item, collection, start, end, max_cloud):
            continue
        label = item_label(item)
        try:
            yield label, scene_from_item(item, corridor)
        except ArmstrackError as exc:
            yield label, exc


def _items(source: str, collection: str | None, start: date | None, end: date | None,
           max_cloud: float | None, corridor: Corridor) -> Iterable[pystac.Item]:
    if is_remote(source) and not source.split("?")[0].endswith(".json"):
        return search_api(source, collection, start, end, max_cloud, corridor)
    return read_local(source)


def read_local(source: str) -> Iterable[pystac.Item]:
    """The items of an Item, Catalog or Collection JSON file (links followed on disk only)."""
    try:
        stac_object = pystac.read_file(source)
    except FileNotFoundError:
        raise ArmstrackError(f"{source}: no such STAC file") from None
    except (STACError, STACTypeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ArmstrackError(f"{source}: not a STAC Item, Catalog or Collection ({exc})") from None
    if isinstance(stac_object, pystac.Item):
        return [stac_object]
    if isinstance(stac_object, pystac.Catalog):
        return _walk(stac_object, source)
    raise ArmstrackError(f"{source}: a STAC {type(stac_object).__name__} holds no items; "
                         "expected an Item, Catalog or Collection")


def _walk(catalog: pystac.Catalog, source: str) -> Iterator[pystac.Item]:
    try:
        yield from catalog.get_items(recursive=True)
    except (STACError, OSError, json.JSONDecodeError) as exc:
        raise ArmstrackError(f"{source}: a link of the catalog cannot be followed ({exc})") from None


def search_api(url: str, collection: str | None, start: date | None, end: date | None,
               max_cloud: float | None, corridor: Corridor) -> Iterable[pystac.Item]:
    """Items of a STAC API search over the corridor's sites (pystac-client, only when asked)."""
    from pystac_client import Client
    from pystac_client.exceptions import APIError

    params: dict[str, Any] = {"max_items": MAX_ITEMS, **area_of_search(corridor)}
    if collection:
        params["collections"] = [collection]
    if start or end:
        params["datetime"] = f"{start or '..'}/{end or '..'}"
    if max_cloud is not None:
        params["query"] = {"eo:cloud_cover": {"lte": max_cloud * 100}}
    try:
        client = Client.open(url, timeout=HTTP_TIMEOUT_S)
        return list(client.search(**params).items())
    except (APIError, OSError, STACError, json.JSONDecodeError, ValueError) as exc:
        raise ArmstrackError(f"{url}: STAC API search failed ({str(exc).splitlines()[0] if str(exc) else exc})") \
            from None


def area_of_search(corridor: Corridor) -> dict[str, Any]:
    """`bbox` of the corridor's sites, or their polygons (`intersects`) when they spread wide."""
    union = unary_union([site.geometry for site in corridor.sites.values()])
    minx, miny, maxx, maxy = union.bounds
    if max(maxx - minx, maxy - miny) <= BBOX_MAX_SPAN_DEG:
        return {"bbox": [minx, miny, maxx, maxy]}
    return {"intersects": mapping(union)}


def _passes(item: pystac.Item, collection: str | None, start: date | None, end: date | None,
            max_cloud: float | None) -> bool:
    """The same filters the API applies, for local catalogs (and APIs that ignore some)."""
    if collection and item.collection_id not in (None, collection):
        return False
    when = item.datetime or item.common_metadata.start_datetime
    if when is not None and ((start and when.date() < start) or (end and when.date() > end)):
        return False
    cover = item.properties.get("eo:cloud_cover")
    return not (max_cloud is not None and cover is not None and float(cover) > max_cloud * 100)
