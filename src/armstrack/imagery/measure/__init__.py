"""Measuring activity in imagery: rail cars on tracks, containers in yards, vessels at berths.

Counters are pure functions of a `SiteRaster` (reflectance bands with quality masks) and the
site's features in pixel space; they register per quantity under a method name
(`register_counter`), and `measure_site` runs them on one scene over one site.
"""

from armstrack.imagery.measure.base import Count, Detection, FeatureShape, Masks, SiteRaster
from armstrack.imagery.measure.chips import render_chip
from armstrack.imagery.measure.containers import count_containers
from armstrack.imagery.measure.masks import quality_masks
from armstrack.imagery.measure.rail import count_rail_cars
from armstrack.imagery.measure.registry import counter_names, get_counter, register_counter
from armstrack.imagery.measure.tasks import SiteResult, measure_site, site_raster
from armstrack.imagery.measure.vessels import count_vessels

__all__ = [
    "Count",
    "Detection",
    "FeatureShape",
    "Masks",
    "SiteRaster",
    "SiteResult",
    "count_containers",
    "count_rail_cars",
    "count_vessels",
    "counter_names",
    "get_counter",
    "measure_site",
    "quality_masks",
    "register_counter",
    "render_chip",
    "site_raster",
]
