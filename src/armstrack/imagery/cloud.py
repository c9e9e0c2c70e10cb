"""Cloud fraction over each site of a scene, from the best source the scene offers.

Sources, registered by name and tried in order: the Sentinel-2 scene classification band (SCL:
the share of the site's valid pixels in classes 3 cloud shadow, 8/9 cloud medium/high
probability, 10 thin cirrus), else the scene-level `eo:cloud_cover` of its STAC item applied to
every site. Per-site spectral cloud tests on other sensors belong to the counters.
"""

from __future__ import annotations

from collections.abc import Callable

from armstrack.imagery.bands import SCL
from armstrack.imagery.window import read_site_window
from armstrack.model import Corridor, Scene, Site

SCL_CLOUD_NAMES = {"cloud_shadow": 3, "cloud_medium": 8, "cloud_high": 9, "cirrus": 10}
SCL_CLOUD_CLASSES = tuple(SCL_CLOUD_NAMES.values())
SCL_NO_DATA = 0

CloudSource = Callable[[Scene, Corridor], dict[str, float] | None]
CLOUD_SOURCES: dict[str, CloudSource] = {}


def register_cloud_source(name: str) -> Callable[[CloudSource], CloudSource]:
    def register(func: CloudSource) -> CloudSource:
        CLOUD_SOURCES[name] = func
        return func
    return register


def scl_site_shares(scene: Scene, site: Site) -> dict[str, float] | None:
    """Share of the site's valid SCL pixels in each cloud-related class; None if none is valid."""
    window = read_site_window(scene, site, pad_m=0.0, roles=[SCL])
    assert window.scl is not None
    inside = window.mask(site.geometry, all_touched=True) & window.valid & (window.scl != SCL_NO_DATA)
    total = int(inside.sum())
    if total == 0:
        return None
    codes = window.scl[inside]
    return {name: round(float((codes == code).sum()) / total, 4) for name, code in SCL_CLOUD_NAMES.items()}


def scl_site_fraction(scene: Scene, site: Site) -> float | None:
    """Share of the site's valid SCL pixels that are cloud, shadow or cirrus; None if none is valid."""
    shares = scl_site_shares(scene, site)
    return None if shares is None else round(sum(shares.values()), 4)


@register_cloud_source("scl")
def _from_scl(scene: Scene, corridor: Corridor) -> dict[str, float] | None:
    if SCL not in scene.bands:
        return None
    fractions, breakdown = {}, {}
    for site_id in scene.site_ids:
        shares = scl_site_shares(scene, corridor.site(site_id))
        if shares is not None:
            fractions[site_id] = round(sum(shares.values()), 4)
            breakdown[site_id] = shares
    scene.properties["scl_cloud_classes"] = breakdown  # per site: share of each class counted
    return fractions


@register_cloud_source("eo:cloud_cover")
def _from_stac(scene: Scene, corridor: Corridor) -> dict[str, float] | None:
    cover = scene.properties.get("eo:cloud_cover")
    if cover is None:
        return None
    return dict.fromkeys(scene.site_ids, round(float(cover) / 100.0, 4))


def with_cloud_fractions(scene: Scene, corridor: Corridor) -> Scene:
    """Fill `scene.cloud_fraction` {site_id: fraction} and record the source in
    `scene.properties["cloud_source"]` ("scl", "eo:cloud_cover" or "none")."""
    for name, source in CLOUD_SOURCES.items():
        fractions = source(scene, corridor)
        if fractions is not None:
            scene.cloud_fraction = fractions
            scene.properties["cloud_source"] = name
            return scene
    scene.properties["cloud_source"] = "none"
    return scene
