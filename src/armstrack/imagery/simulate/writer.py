"""Write what the simulator makes: tiled GeoTIFFs, a STAC Item per scene and a catalogue, truth.json."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pystac
import rasterio
from pyproj import CRS
from shapely.geometry import box, mapping

from armstrack.corridor.geo import WGS84, reproject
from armstrack.imagery.simulate.raster import Grid
from armstrack.imagery.simulate.sensor import NODATA, Sensor

BANDS = ("red", "green", "blue", "nir")
CENTRE_NM = {"red": 665, "green": 560, "blue": 490, "nir": 842}
EO = "https://stac-extensions.github.io/eo/v1.1.0/schema.json"
PROJ = "https://stac-extensions.github.io/projection/v1.1.0/schema.json"


def stem(site: str, when: datetime, gsd: float) -> str:
    return f"{site}_{when.strftime('%Y%m%dT%H%M%SZ')}_{gsd:g}m"


def write_geotiff(path: Path, data: np.ndarray, grid: Grid, crs: CRS, when: datetime, sensor: Sensor) -> None:
    """Bands as uint16 reflectance x 10000, tiled and compressed, with the acquisition time in the tags."""
    names = BANDS + (("scl",) if data.shape[0] > len(BANDS) else ())
    path.parent.mkdir(parents=True, exist_ok=True)
    profile: dict[str, Any] = {
        "driver": "GTiff", "width": grid.width, "height": grid.height, "count": data.shape[0], "dtype": "uint16",
        "crs": crs.to_wkt(), "transform": grid.transform, "nodata": NODATA, "compress": "zstd",
        "zstd_level": 1, "predictor": 2, "interleave": "pixel"}
    if grid.width >= 256 and grid.height >= 256:
        profile.update(tiled=True, blockxsize=256, blockysize=256)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        for index, name in enumerate(names, start=1):
            dst.set_band_description(index, name)
        dst.update_tags(TIFFTAG_DATETIME=when.strftime("%Y:%m:%d %H:%M:%S"),
                        ACQUISITIONDATETIME=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        SENSOR=sensor.name, TIFFTAG_SOFTWARE="armstrack simulate")
        if min(grid.width, grid.height) >= 1024:
            dst.build_overviews([2, 4, 8], rasterio.enums.Resampling.average)


def stac_item(scene_id: str, tif_href: str, grid: Grid, crs: CRS, when: datetime, sensor: Sensor,
              cloud_fraction: float, site: str, has_scl: bool) -> dict[str, Any]:
    footprint = reproject(box(*grid.bounds), crs, WGS84)
    bands = [{"name": b, "common_name": b, "center_wavelength": CENTRE_NM[b] / 1000} for b in BANDS]
    if has_scl:
        bands.append({"name": "scl", "description": "Sentinel-2 scene classification codes"})
    item = pystac.Item(id=scene_id, geometry=mapping(footprint), bbox=list(footprint.bounds), datetime=when,
                       properties={"gsd": sensor.gsd_m, "eo:cloud_cover": round(100 * cloud_fraction, 2),
                                   "proj:epsg": crs.to_epsg(), "proj:shape": [grid.height, grid.width],
                                   "proj:transform": list(grid.transform)[:6], "platform": sensor.name,
                                   "constellation": "armstrack-simulated", "armstrack:site": site},
                       stac_extensions=[EO, PROJ])
    item.add_asset("image", pystac.Asset(href=tif_href, media_type=pystac.MediaType.GEOTIFF,
                                         roles=["data"], extra_fields={"eo:bands": bands}))
    return item.to_dict(include_self_link=False)


def write_catalog(out_dir: Path, item_files: list[str]) -> None:
    catalog = pystac.Catalog(id="armstrack-simulated", description="Simulated scenes with known truth")
    data = catalog.to_dict(include_self_link=False)
    data["links"] += [{"rel": "item", "href": f"./{Path(f).name}", "type": "application/json"} for f in item_files]
    (out_dir / "stac").mkdir(parents=True, exist_ok=True)
    write_json(out_dir / "stac" / "catalog.json", data)


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
