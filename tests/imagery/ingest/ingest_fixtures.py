"""Tiny synthetic rasters (written with rasterio over the default corridor) and a loopback HTTP
server for the ingest tests.

`write_tif(path, ...)` writes a ~200x200 px GeoTIFF (or COG) centred on a lon/lat point, by
default Tumangang station (130.6081E 42.4214N) in UTM zone 52N. The pixel values are a
deterministic pattern: a bright "train" rectangle on a darker ground, so windows can be checked
against the pixels they came from.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pystac
import rasterio
from affine import Affine
from pyproj import Transformer

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
    transform = Affine(gsd, 0.0, x - size * gsd / 2, 0.0, -gsd, y + size * gsd / 2)
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


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 serving files from a folder (honouring Range and HEAD)
    and canned JSON for chosen paths; it counts the body bytes it sent and records POST bodies."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.json_routes: dict[str, Any] = {}
        self.posts: list[tuple[str, Any]] = []
        self.bytes_sent = 0
        self.requests: list[str] = []
        self.refuse_head = False
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, body: bytes, status: int = 200, kind: str = "application/json",
                      extra: dict[str, str] | None = None, head: bool = False) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                if not head:
                    self.wfile.write(body)
                    server.bytes_sent += len(body)

            def _serve(self, head: bool) -> None:
                path = self.path.split("?")[0]
                server.requests.append(f"{self.command} {self.path} {self.headers.get('Range', '')}")
                if path in server.json_routes:
                    self._send(json.dumps(server.json_routes[path]).encode(), head=head)
                    return
                file = server.root / path.lstrip("/")
                if not file.is_file():
                    self._send(b"not found", 404, "text/plain", head=head)
                    return
                data = file.read_bytes()
                headers = {"Accept-Ranges": "bytes", "ETag": f'"{len(data)}-{int(file.stat().st_mtime)}"'}
                match = re.match(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
                if match:
                    start = int(match.group(1))
                    stop = min(int(match.group(2) or len(data) - 1), len(data) - 1)
                    headers["Content-Range"] = f"bytes {start}-{stop}/{len(data)}"
                    self._send(data[start:stop + 1], 206, "image/tiff", headers, head)
                else:
                    self._send(data, 200, "image/tiff", headers, head)

            def do_GET(self) -> None:
                self._serve(head=False)

            def do_HEAD(self) -> None:
                if server.refuse_head:
                    self._send(b"", 403, "text/plain", head=True)
                    return
                self._serve(head=True)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.posts.append((self.path, body))
                self._serve(head=False)

        return Handler


S2_BANDS = {"B02": "blue", "B03": "green", "B04": "red", "B08": "nir"}


def write_s2_item(folder: Path, *, center: tuple[float, float] = TUMANGANG, size: int = 200,
                  cloud_quarter: bool = True, cloud_cover: float = 12.5, href_base: str | None = None,
                  item_id: str = "S2B_52TFN_20231005_0_L2A") -> pystac.Item:
    """A Sentinel-2 L2A-like item: one single-band 10 m COG per band, SCL at 20 m (cloud class 9 over
    the top-left quarter when `cloud_quarter`), a `visual` preview that must be skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    hrefs: dict[str, str] = {}
    for number, key in enumerate(S2_BANDS, start=1):
        write_tif(folder / f"{key}.tif", center=center, size=size, gsd=10.0, descriptions=None, count=1,
                  data=pattern(size, size, number)[None], driver="COG", datetime_tag=None)
        hrefs[key] = f"{href_base}{key}.tif" if href_base else str(folder / f"{key}.tif")
    scl = np.full((size // 2, size // 2), 4, dtype=np.uint8)
    if cloud_quarter:
        scl[: size // 4, : size // 4] = 9
    write_tif(folder / "SCL.tif", center=center, size=size // 2, gsd=20.0, descriptions=None, count=1,
              data=scl[None], dtype="uint8", driver="COG", datetime_tag=None)
    hrefs["SCL"] = f"{href_base}SCL.tif" if href_base else str(folder / "SCL.tif")
    x, y = Transformer.from_crs("EPSG:4326", UTM52N, always_xy=True).transform(*center)
    half = size * 10.0 / 2
    back = Transformer.from_crs(UTM52N, "EPSG:4326", always_xy=True)
    ring = [back.transform(x + dx, y + dy) for dx, dy in ((-half, -half), (half, -half), (half, half),
                                                          (-half, half), (-half, -half))]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    item = pystac.Item(item_id, {"type": "Polygon", "coordinates": [ring]},
                       [min(lons), min(lats), max(lons), max(lats)],
                       datetime.datetime(2023, 10, 5, 2, 25, tzinfo=datetime.UTC),
                       {"eo:cloud_cover": cloud_cover, "proj:epsg": 32652, "gsd": 10, "platform": "sentinel-2b"},
                       collection="sentinel-2-l2a")
    cog = "image/tiff; application=geotiff; profile=cloud-optimized"
    for key, name in S2_BANDS.items():
        item.add_asset(key, pystac.Asset(hrefs[key], media_type=cog, roles=["data"], extra_fields={
            "eo:bands": [{"name": key, "common_name": name}], "raster:bands": [{"scale": 0.0001, "offset": 0}]}))
    item.add_asset("SCL", pystac.Asset(hrefs["SCL"], media_type=cog, roles=["data"]))
    item.add_asset("visual", pystac.Asset(str(folder / "TCI.tif"), media_type=cog, roles=["visual"], extra_fields={
        "eo:bands": [{"name": "B04", "common_name": "red"}, {"name": "B03", "common_name": "green"},
                     {"name": "B02", "common_name": "blue"}]}))
    item.add_asset("thumbnail", pystac.Asset(str(folder / "preview.jpg"), media_type="image/jpeg",
                                             roles=["thumbnail"]))
    return item
