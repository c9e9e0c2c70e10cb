"""One unit of measuring work: one scene over one site, from file to `Measurement`s.

`measure_site` reads only the site's window (through `imagery.window`), builds the quality
masks, maps the site's features into window pixels and runs the registered counter of each
quantity the site has features for. It is what a Dask task runs; it touches no database.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from shapely.affinity import translate
from shapely.geometry.base import BaseGeometry

from armstrack.imagery.measure import containers, rail, vessels  # noqa: F401  (registers the counters)
from armstrack.imagery.measure.base import Count, FeatureShape, SiteRaster
from armstrack.imagery.measure.geometry import aoi_mask
from armstrack.imagery.measure.masks import quality_masks
from armstrack.imagery.measure.registry import Counter, counter_margin, get_counter
from armstrack.imagery.measure.sun import sun_position
from armstrack.imagery.window import SiteWindow, read_site_window
from armstrack.model import FeatureRole, Measurement, Quantity, Scene, Site

READ_ROLES = ("red", "green", "blue", "nir", "scl")


@dataclass
class SiteResult:
    """Everything measured in one scene over one site, with the site-wide quality figures."""

    scene_id: str
    scene_path: str
    site_id: str
    acquired: Any
    gsd_m: float
    window: tuple[int, int, int, int]
    cloud_fraction: float  # share of the site's AOI (inside the footprint) under cloud
    coverage: float  # share of the site's AOI inside the footprint and clear of cloud and its shadow
    snow_fraction: float
    measurements: list[Measurement] = field(default_factory=list)
    seconds: float = 0.0
    rail_profiles: dict[str, Any] | None = None  # kept for a recount against an archive background

    def by_quantity(self) -> dict[Quantity, Measurement]:
        return {m.quantity: m for m in self.measurements}


def site_raster(window: SiteWindow, scene: Scene, site: Site) -> SiteRaster:
    """The window as a counter sees it: reflectance bands, masks and the sun over the site."""
    centre = site.geometry.centroid
    elevation, azimuth = sun_position(scene.acquired, centre.x, centre.y)
    masks = quality_masks(window.bands, window.valid, window.gsd_m, window.scl, sun=(elevation, azimuth))
    return SiteRaster(bands=window.bands, masks=masks, gsd_m=window.gsd_m, sun_elevation_deg=elevation,
                      sun_azimuth_deg=azimuth, stacked=window.stacked)


def feature_shapes(window: SiteWindow, site: Site, role: FeatureRole) -> list[FeatureShape]:
    """The site's features of one role in window pixels (the site's own AOI for role SITE)."""
    if role is FeatureRole.SITE:
        return [FeatureShape(id=site.id, role=role, pixels=window.to_pixels(site.geometry))]
    return [FeatureShape(id=f.id, role=role, pixels=window.to_pixels(f.geometry), properties=f.properties)
            for f in site.features_of(role)]


def counter_inputs(window: SiteWindow, site: Site, quantity: Quantity) -> list[FeatureShape]:
    shapes = feature_shapes(window, site, quantity.feature_role)
    if quantity is Quantity.VESSELS and shapes:
        shapes.append(feature_shapes(window, site, FeatureRole.SITE)[0])
    return shapes


def aoi_quality(raster: SiteRaster, aoi_pixels: BaseGeometry) -> tuple[float, float, float]:
    """(cloud fraction of the seen AOI, clear coverage of the AOI, snow fraction) over the site."""
    aoi = aoi_mask(aoi_pixels, raster.shape)
    total = max(int(np.count_nonzero(aoi)), 1)
    valid = aoi & raster.masks.valid
    n_valid = max(int(np.count_nonzero(valid)), 1)
    return (float(_count_and(valid, raster.masks.cloud)) / n_valid, float(_count_and(aoi, raster.masks.clear)) / total,
            float(_count_and(valid, raster.masks.snow)) / n_valid)


def _count_and(a: np.ndarray, b: np.ndarray) -> int:
    """Pixels True in both masks (no pass over the window when `b` has none: cloud and snow rarely)."""
    return int(np.count_nonzero(a & b)) if b.any() else 0


def to_measurement(count: Count, quantity: Quantity, method: str, scene: Scene, site: Site,
                   window: SiteWindow) -> Measurement:
    flags = list(count.flags)
    return Measurement(site_id=site.id, quantity=quantity, acquired=scene.acquired, value=count.value,
                       method=method, scene_id=scene.id, window=window.window,
                       coverage=round(count.coverage, 4), cloud_fraction=round(count.cloud_fraction, 4),
                       flags=flags, parameters={"gsd_m": window.gsd_m, "scene_path": scene.path,
                                                "window_crs": window.crs, **count.parameters})


def measure_raster(raster: SiteRaster, window: SiteWindow, scene: Scene, site: Site, *, max_cloud: float = 0.5,
                   methods: dict[str, str] | None = None, backgrounds: dict[str, Any] | None = None
                   ) -> tuple[list[Measurement], dict[Quantity, Count]]:
    """Run the counter of each quantity the site has features for."""
    methods, backgrounds = methods or {}, backgrounds or {}
    out, counts = [], {}
    for quantity in Quantity:
        shapes = counter_inputs(window, site, quantity)
        if not shapes:
            continue
        name, counter = get_counter(quantity, methods.get(quantity.value))
        margin = counter_margin(quantity, name)
        background = backgrounds.get(quantity.value)
        if margin is not None and background is None:  # a feature-local counter: only its features' pixels
            count = count_cropped(counter, raster, shapes, margin, max_cloud)
        else:
            count = counter(raster, shapes, background=background, max_cloud=max_cloud)
        counts[quantity] = count
        out.append(to_measurement(count, quantity, name, scene, site, window))
    return out, counts


def count_cropped(counter: Counter, raster: SiteRaster, shapes: list[FeatureShape], margin_m: float,
                  max_cloud: float) -> Count:
    """Run a feature-local counter on the window cropped to its features and `margin_m` around them
    (at least 3 pixels): a yard is a small part of a port's window. Detections come back in window
    pixels. Where the crop would not save much, the whole window is counted."""
    pad = max(3, math.ceil(margin_m / raster.gsd_m))
    left, top, right, bottom = _union_bounds([s.pixels for s in shapes])
    rows_n, cols_n = raster.shape
    r0, c0 = max(0, math.floor(top) - pad), max(0, math.floor(left) - pad)
    r1, c1 = min(rows_n, math.ceil(bottom) + pad), min(cols_n, math.ceil(right) + pad)
    if r1 <= r0 or c1 <= c0 or (r1 - r0) * (c1 - c0) > 0.6 * rows_n * cols_n:
        return counter(raster, shapes, max_cloud=max_cloud)
    moved = [replace(s, pixels=translate(s.pixels, -c0, -r0)) for s in shapes]
    count = counter(raster.crop(slice(r0, r1), slice(c0, c1)), moved, max_cloud=max_cloud)
    count.detections = [replace(d, geometry=translate(d.geometry, c0, r0)) for d in count.detections]
    return count


def _union_bounds(geometries: list[BaseGeometry]) -> tuple[float, float, float, float]:
    bounds = [g.bounds for g in geometries if not g.is_empty]
    if not bounds:
        return 0.0, 0.0, 0.0, 0.0
    return (min(b[0] for b in bounds), min(b[1] for b in bounds), max(b[2] for b in bounds),
            max(b[3] for b in bounds))


def measure_site(scene: Scene, site: Site, *, max_cloud: float = 0.5, methods: dict[str, str] | None = None,
                 backgrounds: dict[str, Any] | None = None) -> SiteResult:
    """Measure every quantity of one site in one scene, reading only the site's window."""
    started = time.perf_counter()
    window = read_site_window(scene, site, roles=[r for r in READ_ROLES if r in scene.bands])
    raster = site_raster(window, scene, site)
    measurements, counts = measure_raster(raster, window, scene, site, max_cloud=max_cloud, methods=methods,
                                          backgrounds=backgrounds)
    rail_count = counts.get(Quantity.RAIL_CARS)
    cloud, coverage, snow = aoi_quality(raster, window.to_pixels(site.geometry))
    for m in measurements:
        if snow > 0.3:
            m.flags.append("snow")
    return SiteResult(scene_id=scene.id, scene_path=scene.path, site_id=site.id, acquired=scene.acquired,
                      gsd_m=window.gsd_m, window=window.window, cloud_fraction=round(cloud, 4),
                      coverage=round(coverage, 4), snow_fraction=round(snow, 4), measurements=measurements,
                      seconds=time.perf_counter() - started,
                      rail_profiles=None if rail_count is None else rail_count.internals.get("profiles"))


def recount_rail(results: list[SiteResult], max_cloud: float = 0.5, min_scenes: int = 4) -> int:
    """Recount rail cars in several scenes of one site on one grid against their shared background
    (the per-station median of the clear observations); returns how many results were recounted."""
    from armstrack.imagery.measure.coregister import coregister
    from armstrack.imagery.measure.rail import METHOD, RailParams, count_from_profiles
    from armstrack.imagery.measure.tracks import backgrounds_from

    params = RailParams()
    usable = [r for r in results if r.rail_profiles and r.gsd_m <= params.background_max_gsd_m]
    coregister([r.rail_profiles for r in usable if r.rail_profiles], min_scenes)  # coarse scenes only
    backgrounds = backgrounds_from([r.rail_profiles for r in usable if r.rail_profiles], min_scenes)
    if not backgrounds:
        return 0
    for r in usable:
        old = r.by_quantity().get(Quantity.RAIL_CARS)
        if old is None or old.method != METHOD or r.rail_profiles is None:
            continue
        count = count_from_profiles(r.rail_profiles, r.gsd_m, params, backgrounds, max_cloud)
        new = replace(old, value=count.value, coverage=round(count.coverage, 4),
                      cloud_fraction=round(count.cloud_fraction, 4),
                      flags=[f for f in old.flags if f not in count.flags and f != "not_observed"] + count.flags,
                      parameters={**old.parameters, **count.parameters, "background_scenes": len(usable)})
        r.measurements = [new if m is old else m for m in r.measurements]
    return len(usable)


def site_chip(scene: Scene, site: Site, quantity: Quantity | str, method: str | None = None,
              max_cloud: float = 0.5) -> bytes:
    """The evidence PNG of one quantity at one site in one scene: the window, re-measured, drawn."""
    from armstrack.imagery.measure.chips import render_chip

    quantity = Quantity(quantity)
    window = read_site_window(scene, site, roles=[r for r in READ_ROLES if r in scene.bands])
    raster = site_raster(window, scene, site)
    shapes = counter_inputs(window, site, quantity)
    name, counter = get_counter(quantity, method)
    count = counter(raster, shapes, max_cloud=max_cloud)
    value = "not observed" if count.value is None else \
        f"{count.value.value:g} [{count.value.low:g}-{count.value.high:g}]"
    caption = (f"{site.id} {scene.acquired:%Y-%m-%d %H:%MZ} {window.gsd_m:g} m  {quantity.value}: {value}  "
               f"({name}, cloud {count.cloud_fraction:.0%})")
    return render_chip(raster, count.detections, caption, [s.pixels for s in shapes])
