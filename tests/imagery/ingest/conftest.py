"""Tiny synthetic rasters for the ingest tests, written with rasterio over the default corridor.

`make_tif(path, ...)` writes a ~200x200 px GeoTIFF (or COG) centred on a lon/lat point, by
default Tumangang station (130.6081E 42.4214N) in UTM zone 52N. The pixel values are a
deterministic pattern: a bright "train" rectangle on a darker ground, so windows can be checked
against the pixels they came from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from rasterio.transform import from_origin

TUMANGANG = (130.6081, 42.4214)
UTM52N = "EPSG:32652"
ACQUIRED_TAG = "2023:10:05 02:15:00"


def pattern(height: int, width: int, band: int) -> np.ndarray:
    """Reflectance x 10000: ground at 800 + 100*band plus a gradient, a bright block in the middle."""
    rows, cols = np.mgrid[0:height, 0:width]
    data = 800 + 100 * band + (rows + cols) % 50
    data[height // 3: height // 3 + 10, width // 4: 3 * width // 4] = 4000 + 100 * band
    return data.astype(np.uint16)


def write_tif(path: Path, *, center: tuple[float, float] = TUMANGANG, size: int = 200, gsd: float = 3.0,
              crs: str = UTM52N, descriptions: Sequence[str | None] | None = ("red", "green", "blue", "nir"),
              count: int | None = None, datetime_tag: str | None = ACQUIRED_TAG, driver: str = "GTiff",
              tags: dict[str, str] | None = None, nodata: float | None = 0, georeferenced: bool = True,
              data: np.ndarray | None = None, dtype: str = "uint16") -> Path:
    """Write one synthetic multi-band raster centred on `center` (lon, lat)."""
    count = count or (len(descriptions) if descriptions else 4)
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(*center)
    transform = from_origin(x - size * gsd / 2, y + size * gsd / 2, gsd, gsd)
    if data is None:
        data = np.stack([pattern(size, size, b) for b in range(1, count + 1)])
    profile: dict[str, Any] = {"driver": driver, "width": size, "height": size, "count": count, "dtype": dtype,
                               "nodata": nodata}
    if georeferenced:
        profile.update(crs=crs, transform=transform)
    if driver == "GTiff":
        profile.update(tiled=True, blockxsize=64, blockysize=64)
    else:
        profile.update(blocksize=64, overview_count=2)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data.astype(dtype))
        if descriptions:
            for i, name in enumerate(descriptions, start=1):
                if name:
                    dst.set_band_description(i, name)
        all_tags = dict(tags or {})
        if datetime_tag:
            all_tags["TIFFTAG_DATETIME"] = datetime_tag
        if all_tags:
            dst.update_tags(**all_tags)
    return path


@pytest.fixture
def make_tif(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str = "scene.tif", **kwargs: Any) -> Path:
        return write_tif(tmp_path / name, **kwargs)

    return make
