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
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy.spatial import cKDTree
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
    """A track's centreline strip, station by station, and its contrast against bare track."""

    feature: str
    line: LineString
    step_m: float
    centre: np.ndarray  # (band, station) mean spectrum of the centre strip
    flank_contrast: np.ndarray  # distance to the nearer ballast flank
    seen: np.ndarray  # station clear of cloud and inside the footprint
    xy: np.ndarray
    contrast: np.ndarray = field(default_factory=lambda: np.zeros(0))
    reference: str = ""


def track_profile(raster: SiteRaster, feature: str, line: LineString, params: RailParams) -> TrackProfile:
    """Sample one centreline: the centre strip, its contrast to the flanks, and what was seen."""
    gsd = raster.gsd_m
    step_m = _station_step(gsd)
    st = stations(line, step_m / gsd)
    image = raster.stack()
    centre_offsets = np.arange(-params.centre_half_m, params.centre_half_m + 1e-9, max(gsd / 2, 0.25)) / gsd
    centre = sample(image, st, centre_offsets).mean(axis=2)  # (band, station)
    seen = sample_mask(raster.masks.clear, st, np.array([0.0]))[:, 0]
    flanks = sample(image, st, np.array([-params.flank_m, params.flank_m]) / gsd)  # (band, station, 2)
    flank_contrast = np.linalg.norm(centre[:, :, None] - flanks, axis=0).min(axis=1)
    return TrackProfile(feature=feature, line=line, step_m=st.step * gsd, centre=centre,
                        flank_contrast=flank_contrast, seen=seen, xy=st.xy)


def bare_track(profiles: list[TrackProfile], radius: float = 0.03, candidates: int = 400) -> np.ndarray:
    """The commonest centre spectrum over the site's tracks (the bare track): the densest sample."""
    seen = [p.centre[:, p.seen] for p in profiles if p.seen.any()]
    if not seen:
        return np.zeros(profiles[0].centre.shape[0]) if profiles else np.zeros(4)
    samples = np.concatenate(seen, axis=1).T  # (n, band)
    rng = np.random.default_rng(0)
    picks = samples[rng.choice(len(samples), size=min(candidates, len(samples)), replace=False)]
    pool = samples[rng.choice(len(samples), size=min(4000, len(samples)), replace=False)]
    near = np.linalg.norm(picks[:, None, :] - pool[None, :, :], axis=2) < radius
    best = picks[int(np.argmax(near.sum(axis=1)))]
    close = pool[np.linalg.norm(pool - best, axis=1) < radius]
    return np.asarray(close.mean(axis=0) if len(close) else best)


def set_contrast(profiles: list[TrackProfile], raster: SiteRaster, params: RailParams,
                 backgrounds: dict[str, np.ndarray]) -> None:
    """Contrast of each station against bare track: background, flanks (fine GSD) or the site's mode."""
    fine = raster.gsd_m <= params.fine_gsd_m
    mode = np.zeros(0) if fine else bare_track(profiles)
    for p in profiles:
        background = backgrounds.get(p.feature)
        if background is not None and background.shape == p.centre.shape:
            p.contrast, p.reference = np.linalg.norm(p.centre - background, axis=0), "background"
        elif fine:
            p.contrast, p.reference = p.flank_contrast, "flanks"
        else:
            p.contrast, p.reference = np.linalg.norm(p.centre - mode[:, None], axis=0), "site-mode"
    if not fine:
        suppress_crosstalk(profiles, raster.gsd_m, params)


def suppress_crosstalk(profiles: list[TrackProfile], gsd_m: float, params: RailParams,
                       keep: float = 0.6) -> None:
    """Coarse pixels mix neighbouring tracks: a station keeps its contrast only where it is not
    much weaker than the strongest station of another track beside it (within a pixel)."""
    if len(profiles) < 2:
        return
    xy = np.concatenate([p.xy for p in profiles]) * gsd_m
    owner = np.concatenate([np.full(len(p.xy), i) for i, p in enumerate(profiles)])
    contrast = np.concatenate([p.contrast for p in profiles])
    tree = cKDTree(xy)
    radius = max(1.2 * gsd_m, params.flank_m * 2.5)
    strongest = contrast.copy()
    for i, neighbours in enumerate(tree.query_ball_point(xy, radius)):
        others = [j for j in neighbours if owner[j] != owner[i]]
        if others:
            strongest[i] = max(contrast[i], float(contrast[others].max()))
    kept = np.where(contrast >= keep * strongest, contrast, 0.0)
    start = 0
    for p in profiles:
        p.contrast = kept[start:start + len(p.xy)]
        start += len(p.xy)


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


def count_track(raster: SiteRaster, feature: str, profiles: list[TrackProfile], params: RailParams
                ) -> tuple[FeatureCount, list[Detection]]:
    """Cars on one track (summed over its lines), with bounds and the runs found."""
    value = low = high = 0.0
    length_m = seen_m = 0.0
    detections: list[Detection] = []
    run_details: list[dict[str, Any]] = []
    threshold = 0.0
    for profile in profiles:
        on, threshold = occupancy(profile, params)
        for start, end in runs(on):
            cars = cars_in_run(profile.contrast[start:end], profile.step_m, raster.gsd_m, params)
            value, low, high = value + cars.value, low + cars.low, high + cars.high
            detections.extend(_run_detections(profile, start, end, cars, feature))
            run_details.append({"start_m": round(start * profile.step_m, 1),
                                "length_m": round((end - start) * profile.step_m, 1), "cars": cars.value})
        length_m += len(on) * profile.step_m
        seen_m += float(profile.seen.sum()) * profile.step_m
    seen = seen_m / length_m if length_m else 0.0
    part = FeatureCount(feature=feature, value=value, low=low, high=high, seen=seen, cloud=1.0 - seen,
                        unseen_capacity=(length_m - seen_m) / params.car_min_m,
                        details={"length_m": round(length_m, 1), "runs": run_details,
                                 "threshold": round(threshold, 4),
                                 "reference": profiles[0].reference if profiles else None})
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
    profiles = {f.id: [track_profile(raster, f.id, line, params) for line in as_lines(f.pixels)] for f in features}
    set_contrast([p for ps in profiles.values() for p in ps], raster, params, background or {})
    parts, detections = [], []
    for feature in features:
        part, found = count_track(raster, feature.id, profiles[feature.id], params)
        parts.append(part)
        detections.extend(found)
    interval, coverage, cloud = combine(parts, max_cloud)
    flags = ["fine" if raster.gsd_m <= params.fine_gsd_m else "coarse"]
    if interval is None:
        flags.append("not_observed")
    return Count(value=interval, coverage=coverage, cloud_fraction=cloud, flags=flags,
                 parameters={"params": asdict(params), "tracks": {p.feature: p.details for p in parts}},
                 detections=detections if interval is not None else [])
