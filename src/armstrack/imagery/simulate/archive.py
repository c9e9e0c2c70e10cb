"""Run the simulation site by site and write the archive: scenes, STAC, corridor.geojson, truth.json."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer

from armstrack.corridor.geojson import save_corridor
from armstrack.imagery.simulate.atmosphere import CLOUD_MASK_ALPHA, cloud_opacity, weather_for
from armstrack.imagery.simulate.layout import Layout, site_point
from armstrack.imagery.simulate.objects import SimObject, place
from armstrack.imagery.simulate.raster import Grid
from armstrack.imagery.simulate.render import Image, Renderer
from armstrack.imagery.simulate.schedule import CONTAINERS, RAIL_CARS, VESSEL, Schedule, iso, rng_for
from armstrack.imagery.simulate.sensor import fine_resolution, sensor_for
from armstrack.imagery.simulate.sun import local_solar_time_utc, solar_position
from armstrack.imagery.simulate.synthetic_corridor import synthetic_corridor
from armstrack.imagery.simulate.world import (
    SOLAR_HOURS,
    SimulationConfig,
    SimulationResult,
    passes,
    quantities,
)
from armstrack.imagery.simulate.writer import stac_item, stem, write_catalog, write_geotiff, write_json
from armstrack.model import Corridor


@dataclass
class SiteRun:
    """Everything one site's simulation needs (picklable, so sites can run in parallel processes)."""

    layout: Layout
    schedule: Schedule
    config: SimulationConfig
    out_dir: Path


def acquisition_time(config: SimulationConfig, layout: Layout, day: date, solar_hours: float) -> datetime:
    """The pass over a site: the planned local solar time give or take ~25 minutes, to the second."""
    lon, _ = site_point(layout.site)
    purpose = "pass" if solar_hours == SOLAR_HOURS else f"pass {solar_hours:g}"
    rng = rng_for(config.seed, layout.site.id, day.isoformat(), purpose)
    when = local_solar_time_utc(datetime(day.year, day.month, day.day), lon, solar_hours + rng.uniform(-0.4, 0.4))
    return when.replace(microsecond=0)


def run_site(job: SiteRun) -> tuple[list[dict[str, Any]], dict[float, list[float]]]:
    """Render and write every acquisition of one site; returns truth entries and per-GSD (seconds, Mpx)."""
    layout, config = job.layout, job.config
    renderer = Renderer(layout, config.seed, fine_resolution(config.gsds))
    to_lonlat = Transformer.from_crs(layout.crs, "EPSG:4326", always_xy=True)
    lon, lat = site_point(layout.site)
    entries: list[dict[str, Any]] = []
    timing: dict[float, list[float]] = {g: [0.0, 0.0] for g in config.gsds}
    for day, solar_hours in passes(config):
        when = acquisition_time(config, layout, day, solar_hours)
        tic = time.perf_counter()
        sun = solar_position(when, lat, lon)
        weather = weather_for(rng_for(config.seed, layout.site.id, when.isoformat(), "weather"), when,
                              config.cloud_rate, layout.aoi.buffer(40).bounds)
        objects = place(layout, job.schedule.active(layout.site.id, when), when, config.seed)
        clouds = cloud_truth(layout, weather)
        images = renderer.render(when, weather, sun, objects, list(config.gsds))
        shared = (time.perf_counter() - tic) / len(images)
        object_truth = [object_entry(o, to_lonlat) for o in objects]
        for image in images:
            tic = time.perf_counter()
            entries.append(write_scene(job, image, when, sun, weather.snow > 0, weather.haze, clouds, objects,
                                       object_truth))
            timing[image.gsd][0] += shared + time.perf_counter() - tic
            timing[image.gsd][1] += image.grid.width * image.grid.height / 1e6
    return entries, timing


def cloud_truth(layout: Layout, weather: Any) -> tuple[float, dict[str, float]]:
    """Share of the AOI under cloud (opacity > 0.5, on a 1 m grid) and the share of each feature."""
    west, south, east, north = layout.aoi.bounds
    grid = Grid(west, north, 1.0, round(east - west), round(north - south))
    cloudy = cloud_opacity(weather, grid) > CLOUD_MASK_ALPHA
    per_feature = {}
    for _role, fid, geom, _ in layout.feature_geometries():
        pts = _points_in(geom)
        px = grid.to_pixel(pts).astype(int)
        px[:, 0] = np.clip(px[:, 0], 0, grid.width - 1)
        px[:, 1] = np.clip(px[:, 1], 0, grid.height - 1)
        per_feature[fid] = round(float(cloudy[px[:, 1], px[:, 0]].mean()), 4)
    return round(float(cloudy.mean()), 4), per_feature


def _points_in(geom: Any) -> np.ndarray:
    if geom.geom_type == "LineString":
        return np.array([geom.interpolate(d).coords[0] for d in np.arange(0, geom.length, 2.0)])
    west, south, east, north = geom.bounds
    xs, ys = np.meshgrid(np.arange(west + 1, east, 3.0), np.arange(south + 1, north, 3.0))
    pts = np.column_stack([xs.ravel(), ys.ravel()])
    return pts[shapely.contains_xy(geom, pts[:, 0], pts[:, 1])]


def object_entry(o: SimObject, to_lonlat: Transformer) -> dict[str, Any]:
    lon, lat = to_lonlat.transform(o.x, o.y)
    entry: dict[str, Any] = {"kind": o.kind, "type": o.style, "feature": o.feature,
                             "lon": round(lon, 7), "lat": round(lat, 7), "length_m": round(o.length, 2),
                             "width_m": round(o.width, 2), "heading_deg": round(o.heading % 360, 1)}
    if o.kind in ("rail_car", "locomotive"):
        entry["length_m"] = o.info["length_over_couplers_m"]
    for key in ("teu", "stack_height", "tier", "consignment", "munitions"):
        if key in o.info:
            entry[key] = o.info[key]
    return entry


def counts(layout: Layout, objects: list[SimObject]) -> dict[str, int | None]:
    return {
        RAIL_CARS: sum(o.kind == "rail_car" for o in objects) if layout.tracks else None,
        CONTAINERS: sum(o.info["teu"] for o in objects if o.kind == "container") if layout.yards else None,
        VESSEL: sum(o.kind == "vessel" for o in objects) if layout.berths else None,
    }


def write_scene(job: SiteRun, image: Image, when: datetime, sun: Any, snow: bool, haze: float,
                clouds: tuple[float, dict[str, float]], objects: list[SimObject],
                object_truth: list[dict[str, Any]]) -> dict[str, Any]:
    site = job.layout.site.id
    name = stem(site, when, image.gsd)
    tif = f"scenes/{site}/{name}.tif"
    sensor = sensor_for(image.gsd)
    write_geotiff(job.out_dir / tif, image.data, image.grid, job.layout.crs, when, sensor)
    item = stac_item(name, f"../{tif}", image.grid, job.layout.crs, when, sensor, clouds[0], site,
                     image.data.shape[0] > 4)
    write_json(job.out_dir / "stac" / f"{name}.json", item)
    if job.config.quicklooks:
        from armstrack.imagery.simulate.quicklook import write_quicklook

        write_quicklook(job.out_dir / "quicklooks" / f"{name}.png", image.data)
    return {"file": tif, "stac": f"stac/{name}.json", "site": site, "acquired": iso(when), "gsd_m": image.gsd,
            "sensor": sensor.name, "cloud_fraction": clouds[0], "feature_cloud_fraction": clouds[1], "snow": snow,
            "haze": round(haze, 3), "sun": {"elevation_deg": round(sun.elevation_deg, 2),
                                            "azimuth_deg": round(sun.azimuth_deg, 2)},
            "misregistration_m": [round(image.shift_m[0], 3), round(image.shift_m[1], 3)],
            "truth": counts(job.layout, objects), "objects": object_truth}


def write_archive(corridor: Corridor, out_dir: Path, config: SimulationConfig, layouts: dict[str, Layout],
                  schedule: Schedule, start: datetime, end: datetime) -> SimulationResult:
    out_dir.mkdir(parents=True, exist_ok=True)
    corridor_path = out_dir / "corridor.geojson"
    save_corridor(synthetic_corridor(corridor, layouts), corridor_path)
    entries: list[dict[str, Any]] = []
    timings: dict[str, dict[str, float]] = {f"{g:g}": {"scenes": 0, "seconds": 0.0, "megapixels": 0.0}
                                            for g in config.gsds}
    jobs = [SiteRun(layout, schedule, config, out_dir) for layout in layouts.values()]
    if config.workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(config.workers, len(jobs))) as pool:
            results = list(pool.map(run_site, jobs))
    else:
        results = [run_site(job) for job in jobs]
    for site_entries, timing in results:
        entries += site_entries
        for gsd, (seconds, mpx) in timing.items():
            t = timings[f"{gsd:g}"]
            t["seconds"] += seconds
            t["megapixels"] += mpx
            t["scenes"] += sum(1 for e in site_entries if e["gsd_m"] == gsd)
    entries.sort(key=lambda e: (e["acquired"], e["site"], e["gsd_m"]))
    write_catalog(out_dir, [e["stac"] for e in entries])
    truth = {"seed": config.seed, "start": config.start.isoformat(), "days": config.days,
             "revisit_days": config.revisit_days, "gsds": list(config.gsds), "cloud_rate": config.cloud_rate,
             "corridor": "corridor.geojson", "scenes": entries, "shipments": schedule.shipments,
             "series": {sid: {q: schedule.series(sid, q, start, end) for q in quantities(lay)}
                        for sid, lay in layouts.items()}}
    truth_path = out_dir / "truth.json"
    write_json(truth_path, truth)
    return SimulationResult(out_dir, corridor_path, truth_path, entries, schedule.shipments, timings)
