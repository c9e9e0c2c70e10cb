"""One STAC Item as a Scene: which asset and band holds each role, when, where, how fine.

Band roles come from each asset's `eo:bands` (or STAC 1.1 `bands`) common names, else from the
asset key (Sentinel-2 `B04`, Earth Search `red`); 8-bit previews (`visual`, thumbnails) and
non-GeoTIFF assets (JPEG 2000) are left out. A single local GeoTIFF asset is opened (header and
one tile) so that its id is the file's content hash, the same as `scenes add FILE` gives.
"""

from __future__ import annotations

from typing import Any

import pystac
from shapely.geometry import shape

from armstrack.imagery.bands import REFLECTANCE_ROLES, role_of
from armstrack.imagery.remote import is_remote, open_raster
from armstrack.imagery.scene import as_utc, covered_sites, ground_sample_distance, read_scene
from armstrack.model import ArmstrackError, Corridor, Scene, content_hash

SKIPPED_ASSET_ROLES = {"thumbnail", "overview", "visual", "metadata"}
TIFF_SUFFIXES = (".tif", ".tiff", ".TIF", ".TIFF")


def item_label(item: pystac.Item) -> str:
    return f"STAC item {item.collection_id + '/' if item.collection_id else ''}{item.id}"


def scene_from_item(item: pystac.Item, corridor: Corridor, sensor: str | None = None) -> Scene:
    """The Scene an item describes; raises `ArmstrackError` naming the item when it cannot be used."""
    label = item_label(item)
    layout = band_layout(item, label)
    hrefs = {href for href, _ in layout.values()}
    time = as_utc(item.datetime or item.common_metadata.start_datetime)  # type: ignore[arg-type]
    sensor = sensor or _sensor(item)
    bands = {role: index for role, (_, index) in layout.items()}
    extra = _stac_properties(item, layout)
    if len(hrefs) == 1 and not is_remote(only := next(iter(hrefs))):
        scene = read_scene(only, acquired=time, sensor=sensor, corridor=corridor, band_roles=bands)
        scene.properties.update(extra)
        return scene
    footprint = shape(item.geometry) if item.geometry else None
    if footprint is None:
        raise ArmstrackError(f"{label}: has no geometry; a footprint in lon/lat is expected")
    site_ids, coverage = covered_sites(footprint, corridor, label)
    reference = layout[next((r for r in REFLECTANCE_ROLES if r in layout), next(iter(layout)))][0]
    gsd, crs = _grid_of(item, reference, label)
    assets = {role: href for role, (href, _) in layout.items()}
    return Scene(id=content_hash("stac", item.collection_id, item.id, sorted(assets.items())), path=reference,
                 sensor=sensor, acquired=time, gsd_m=gsd, crs=crs, footprint=footprint, bands=bands,
                 site_ids=site_ids, properties={**extra, "site_coverage": coverage}, assets=assets)


def band_layout(item: pystac.Item, label: str) -> dict[str, tuple[str, int]]:
    """Role -> (absolute href, 1-based band index) over the item's GeoTIFF data assets."""
    layout: dict[str, tuple[str, int]] = {}
    for key, asset in item.assets.items():
        if not _is_image(asset) or SKIPPED_ASSET_ROLES & set(asset.roles or []):
            continue
        href = asset.get_absolute_href() or asset.href
        for index, role in _asset_roles(key, asset):
            layout.setdefault(role, (href, index))
    if not any(r in layout for r in REFLECTANCE_ROLES):
        raise ArmstrackError(f"{label}: band layout cannot be interpreted; no GeoTIFF asset is named or has "
                             "eo:bands common names red/green/blue/nir/pan")
    return layout


def _is_image(asset: pystac.Asset) -> bool:
    media = (asset.media_type or "").lower()
    return "tiff" in media or (not media and asset.href.split("?")[0].endswith(TIFF_SUFFIXES))


def _asset_roles(key: str, asset: pystac.Asset) -> list[tuple[int, str]]:
    described = asset.extra_fields.get("eo:bands") or asset.extra_fields.get("bands") or []
    out = []
    for index, band in enumerate(described, start=1):
        names = (band.get("common_name"), band.get("eo:common_name"), band.get("name"), band.get("description"))
        role = next((r for r in map(role_of, names) if r), None)
        if role:
            out.append((index, role))
    if not out and len(described) <= 1 and role_of(key):
        out.append((1, str(role_of(key))))
    return out


def _sensor(item: pystac.Item) -> str:
    meta = item.common_metadata
    name = meta.platform or meta.constellation or next(iter(meta.instruments or []), None) or item.collection_id
    return str(name or "unknown")


def _stac_properties(item: pystac.Item, layout: dict[str, tuple[str, int]]) -> dict[str, Any]:
    props: dict[str, Any] = {"format": "STAC", "stac_item": item.id, "collection": item.collection_id,
                             "acquired_from": "STAC datetime"}
    cover = item.properties.get("eo:cloud_cover")
    if cover is not None:
        props["eo:cloud_cover"] = float(cover)
    radiometry = {}
    for role, (href, index) in layout.items():
        asset = next((a for a in item.assets.values() if (a.get_absolute_href() or a.href) == href), None)
        raster_bands = (asset.extra_fields.get("raster:bands") or []) if asset else []
        if len(raster_bands) >= index and "scale" in raster_bands[index - 1]:
            band = raster_bands[index - 1]
            radiometry[role] = [float(band["scale"]), float(band.get("offset", 0.0))]
    if radiometry:
        props["radiometry"] = radiometry
    return props


def _grid_of(item: pystac.Item, reference: str, label: str) -> tuple[float, str]:
    """GSD (m) and CRS from the item's metadata, else from the reference asset's header."""
    props = item.properties
    asset = next((a for a in item.assets.values() if (a.get_absolute_href() or a.href) == reference), None)
    fields = {**props, **(asset.extra_fields if asset else {})}
    epsg, code = fields.get("proj:epsg"), fields.get("proj:code")
    crs = f"EPSG:{epsg}" if epsg else (str(code) if code else None)
    transform = fields.get("proj:transform")
    gsd = fields.get("gsd") or (abs(float(transform[0])) if transform and crs and crs != "EPSG:4326" else None)
    if gsd and crs:
        return float(gsd), crs
    with open_raster(reference) as src:
        if src.crs is None:
            raise ArmstrackError(f"{label}: asset {reference} has no georeferencing")
        epsg = src.crs.to_epsg()
        return float(gsd or ground_sample_distance(src)), crs or (f"EPSG:{epsg}" if epsg else src.crs.to_wkt())
