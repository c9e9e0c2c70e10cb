"""Scene ingest and site-window reads against bare rasterio reads of the same windows.

    python benchmarks/bench_ingest.py [--scenes 8] [--size 2048]

Writes synthetic 4-band uint16 COGs (3 m, 256 px tiles, deflate) centred on the Friendship Bridge,
then times, in the same run:
  1. `add_scenes` into a fresh workspace (hash, header, last-tile check, site coverage, cloud,
     one transaction per scene) against a bare `rasterio.open` + window read of each file;
  2. `read_site_window` over the bridge against a bare `src.read(window=...)` of the same window;
  3. the same window read from a loopback HTTP server: bytes transferred against the file size.
Prints one line per measure, with the ratio to its reference.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import threading
import time
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from affine import Affine
from pyproj import Transformer
from rasterio.windows import Window

from armstrack.corridor.geojson import load_default
from armstrack.imagery.scene import read_scene
from armstrack.imagery.window import read_site_window
from armstrack.pipeline.scenes import add_scenes
from armstrack.pipeline.workspace import init_workspace

BRIDGE = (130.6411, 42.4152)


def write_cog(path: Path, size: int, seed: int) -> None:
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True).transform(*BRIDGE)
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:size, 0:size]
    ground = 800 + (rows // 7 + cols // 5) % 300
    data = np.stack([ground + 100 * b + rng.integers(0, 16, (size, size)) for b in range(4)]).astype(np.uint16)
    profile: dict[str, Any] = {"driver": "COG", "width": size, "height": size, "count": 4, "dtype": "uint16",
                               "crs": "EPSG:32652", "nodata": 0, "compress": "deflate", "blocksize": 256,
                               "transform": Affine(3.0, 0, x - size * 1.5, 0, -3.0, y + size * 1.5)}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        dst.descriptions = ("red", "green", "blue", "nir")
        dst.update_tags(TIFFTAG_DATETIME=f"2023:10:{1 + seed % 28:02d} 02:15:00")


def timed(func: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = func()
    return time.perf_counter() - start, out


def bare_reads(files: list[Path], windows: list[tuple[int, int, int, int]]) -> None:
    for path, (col, row, width, height) in zip(files, windows, strict=True):
        with rasterio.open(path) as src:
            src.read(window=Window(col, row, width, height))


class CountingHandler(SimpleHTTPRequestHandler):
    sent = 0

    def log_message(self, *args: Any) -> None:
        pass

    def send_head(self) -> Any:  # serve byte ranges, as object stores do
        path = Path(self.translate_path(self.path))
        data = path.read_bytes()
        header = self.headers.get("Range", "")
        start, stop = 0, len(data) - 1
        if header.startswith("bytes="):
            first, _, last = header[6:].partition("-")
            start, stop = int(first), min(int(last or stop), stop)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{stop}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:stop + 1]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if self.command == "GET":
            CountingHandler.sent += len(body)
            self.wfile.write(body)
        return None


def remote_fraction(folder: Path, name: str) -> tuple[float, int, int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(CountingHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        corridor = load_default()
        scene = read_scene(f"http://127.0.0.1:{server.server_address[1]}/{name}", corridor=corridor)
        CountingHandler.sent = 0
        seconds, _ = timed(lambda: read_site_window(scene, corridor.site("friendship-bridge")))
        return seconds, CountingHandler.sent, (folder / name).stat().st_size
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=8)
    parser.add_argument("--size", type=int, default=2048)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cogs"
        folder.mkdir()
        files = [folder / f"scene_{i:03d}.tif" for i in range(args.scenes)]
        for i, path in enumerate(files):
            write_cog(path, args.size, i)
        corridor = load_default()
        site = corridor.site("friendship-bridge")
        scenes = [read_scene(p, corridor=corridor) for p in files]
        windows = [read_site_window(s, site).window for s in scenes]
        workspace, _ = init_workspace(Path(tmp) / "ws")
        ingest_s, report = timed(lambda: add_scenes(workspace, [str(folder)]))
        assert len(report.added) == len(files), report.failed
        bare_s, _ = timed(lambda: bare_reads(files, windows))
        ours_s, _ = timed(lambda: [read_site_window(s, site) for s in scenes])
        bare2_s, _ = timed(lambda: bare_reads(files, windows))
        remote_s, sent, size = remote_fraction(folder, files[0].name)
        workspace.store.dispose()
    n, w = len(files), windows[0]
    print(f"# bench_ingest {datetime.now(UTC):%Y-%m-%d %H:%M}Z on {platform.node()} "
          f"({platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"rasterio {rasterio.__version__}, GDAL {rasterio.__gdal_version__})")
    print(f"scenes: {n} COGs of {args.size}x{args.size} px, 4 bands; window over friendship-bridge "
          f"{w[2]}x{w[3]} px (30 m pad)")
    print(f"ingest (add_scenes):      {n / ingest_s:7.1f} scenes/s  ({ingest_s / bare_s:5.1f}x a bare window read)")
    print(f"window (read_site_window): {ours_s / n * 1000:6.1f} ms/scene  ({ours_s / bare2_s:5.2f}x a bare window read,"
          f" {bare2_s / n * 1000:.1f} ms)")
    print(f"remote window (loopback):  {remote_s * 1000:6.1f} ms, {sent / 1e6:.2f} MB of {size / 1e6:.2f} MB "
          f"transferred ({sent / size:.1%})")


if __name__ == "__main__":
    main()
