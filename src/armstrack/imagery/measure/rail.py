"""Freight rail cars on tracks: occupied stretches of each centreline, turned into car counts.

Method `rail-profile-v1`: walk each track centreline; at each station compare the spectrum of a
strip on the centreline (narrower than a car) with a reference for the bare track: the empty-track
background from earlier scenes of the same site where there is one, else the ballast beside the
car on either flank (the side nearer in spectrum, so that a car shadow on one flank does not
matter). Stations that differ by more than the noise allows are occupied; short gaps are closed,
tiny runs dropped. Each occupied run becomes cars:
- at fine GSD (<= 1.5 m) the run is split at coupler gaps (dips in the contrast profile) by a
  dynamic programme over car lengths, so cars are counted one by one;
- coarser, the run length is divided by the typical car length; the interval spans the car
  lengths of SITES.md (14-20 m over couplers) and the occupancy uncertainty of a pixel.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from shapely.geometry import LineString

from armstrack.imagery.measure.base import Count, Detection, FeatureCount, FeatureShape, SiteRaster, combine
from armstrack.imagery.measure.cars import RunCars, cars_in_run
from armstrack.imagery.measure.profile import as_lines, close_gaps, drop_short, runs, sample, sample_mask, stations
from armstrack.imagery.measure.registry import register_counter
from armstrack.model import Quantity

METHOD = "rail-profile-v1"


@dataclass(frozen=True)
class RailParams:
    """Geometry of rolling stock and the decision thresholds, in metres and reflectance."""

    car_min_m: float = 13.5
    car_max_m: float = 20.5
    car_typical_m: float = 17.0
    car_width_m: float = 3.2
    centre_half_m: float = 1.0  # half-width of the strip read on the centreline
    flank_m: float = 2.4  # distance of the ballast flanks from the centreline
    min_contrast: float = 0.035  # reflectance distance that can mean a car
    noise_factor: float = 4.0
    fine_gsd_m: float = 1.5  # at or below: cars are resolved one by one
    close_gap_m: float = 2.5
    min_run_m: float = 9.0


def _station_step(gsd_m: float) -> float:
    return max(0.25, gsd_m / 3.0)


@dataclass
class TrackProfile:
    """Contrast of a track's centreline against bare track, station by station."""

    line: LineString
    step_m: float
    contrast: np.ndarray  # reflectance distance to bare track
    seen: np.ndarray  # station clear of cloud and inside the footprint
    xy: np.ndarray
    reference: str


def track_profile(raster: SiteRaster, line: LineString, params: RailParams,
                  background: np.ndarray | None = None) -> TrackProfile:
    """Sample one centreline: contrast per station and whether the station was seen."""
    gsd = raster.gsd_m
    step_m = _station_step(gsd)
    st = stations(line, step_m / gsd)
    image = raster.stack()
    centre_offsets = np.arange(-params.centre_half_m, params.centre_half_m + 1e-9, max(gsd / 2, 0.25)) / gsd
    centre = sample(image, st, centre_offsets).mean(axis=2)  # (band, station)
    seen = sample_mask(raster.masks.clear, st, np.array([0.0]))[:, 0]
    if background is not None and background.shape == centre.shape:
        contrast = np.linalg.norm(centre - background, axis=0)
        reference = "background"
    else:
        flanks = sample(image, st, np.array([-params.flank_m, params.flank_m]) / gsd)  # (band, station, 2)
        diff = np.linalg.norm(centre[:, :, None] - flanks, axis=0)  # (station, 2)
        contrast = diff.min(axis=1)
        reference = "flanks"
    return TrackProfile(line=line, step_m=st.step * gsd, contrast=contrast, seen=seen, xy=st.xy,
                        reference=reference)


def occupancy(profile: TrackProfile, params: RailParams) -> tuple[np.ndarray, float]:
    """Occupied stations and the threshold used (noise-scaled, never below `min_contrast`)."""
    c = profile.contrast[profile.seen] if profile.seen.any() else profile.contrast
    low = c[c <= np.quantile(c, 0.5)] if c.size else c
    noise = float(1.4826 * np.median(np.abs(low - np.median(low)))) if low.size else 0.0
    threshold = max(params.min_contrast, float(np.median(low)) + params.noise_factor * noise if low.size else 0.0)
    on = (profile.contrast > threshold) & profile.seen
    on = close_gaps(on, int(params.close_gap_m / profile.step_m))
    on = drop_short(on, int(params.min_run_m / profile.step_m))
    return on, threshold


def count_track(raster: SiteRaster, feature: FeatureShape, params: RailParams,
                background: np.ndarray | None = None) -> tuple[FeatureCount, list[Detection]]:
    """Cars on one track (summed over its lines), with bounds and the runs found."""
    value = low = high = 0.0
    length_m = seen_m = unseen_m = 0.0
    detections: list[Detection] = []
    run_details: list[dict[str, Any]] = []
    for line in as_lines(feature.pixels):
        profile = track_profile(raster, line, params, background)
        on, threshold = occupancy(profile, params)
        for start, end in runs(on):
            cars = cars_in_run(profile.contrast[start:end], profile.step_m, raster.gsd_m, params)
            value, low, high = value + cars.value, low + cars.low, high + cars.high
            detections.extend(_run_detections(profile, start, end, cars, feature.id))
            run_details.append({"start_m": round(start * profile.step_m, 1),
                                "length_m": round((end - start) * profile.step_m, 1), "cars": cars.value})
        length_m += len(on) * profile.step_m
        seen_m += float(profile.seen.sum()) * profile.step_m
        unseen_m = length_m - seen_m
    seen = seen_m / length_m if length_m else 0.0
    part = FeatureCount(feature=feature.id, value=value, low=low, high=high, seen=seen, cloud=1.0 - seen,
                        unseen_capacity=unseen_m / params.car_min_m,
                        details={"length_m": round(length_m, 1), "runs": run_details,
                                 "threshold": round(threshold if length_m else 0.0, 4)})
    return part, detections


def _run_detections(profile: TrackProfile, start: int, end: int, cars: RunCars, feature: str) -> list[Detection]:
    bounds = cars.boundaries or [0, end - start]
    out = []
    for a, b in itertools.pairwise(bounds):
        xy = profile.xy[start + a:start + max(b, a + 1)]
        if len(xy) >= 2:
            out.append(Detection(geometry=LineString(xy), label="rail_car", feature=feature))
    return out


@register_counter(Quantity.RAIL_CARS, METHOD)
def count_rail_cars(raster: SiteRaster, features: Sequence[FeatureShape], *, background: Any = None,
                    max_cloud: float = 0.5, params: RailParams | None = None) -> Count:
    """Freight cars on every track of a site, as one interval (None when too much is hidden)."""
    params = params or RailParams()
    backgrounds = background or {}
    parts, detections = [], []
    for feature in features:
        part, found = count_track(raster, feature, params, backgrounds.get(feature.id))
        parts.append(part)
        detections.extend(found)
    interval, coverage, cloud = combine(parts, max_cloud)
    flags = ["fine" if raster.gsd_m <= params.fine_gsd_m else "coarse"]
    if interval is None:
        flags.append("not_observed")
    return Count(value=interval, coverage=coverage, cloud_fraction=cloud, flags=flags,
                 parameters={"params": asdict(params), "tracks": {p.feature: p.details for p in parts},
                             "reference": "background" if backgrounds else "flanks"},
                 detections=detections if interval is not None else [])
