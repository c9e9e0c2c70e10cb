"""Remote COGs: metadata and site windows read with HTTP range requests from a loopback server."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from ingest_fixtures import write_tif
from rasterio.windows import Window

from armstrack.imagery.scene import read_scene
from armstrack.imagery.window import read_site_window
from armstrack.model import ArmstrackError, content_hash


def test_remote_cog_window_reads_only_a_few_tiles(loopback, corridor) -> None:
    path = write_tif(loopback.root / "wide.tif", size=800, gsd=10.0, driver="COG")
    url = f"{loopback.url}wide.tif"
    scene = read_scene(url, corridor=corridor)
    size = path.stat().st_size
    assert scene.path == url and scene.gsd_m == 10.0
    assert {"tumangang", "friendship-bridge", "khasan"} <= set(scene.site_ids)
    etag = f'"{size}-{int(path.stat().st_mtime)}"'
    assert scene.id == content_hash("url", url, size, etag)

    loopback.bytes_sent = 0
    site = corridor.site("friendship-bridge")
    window = read_site_window(scene, site, pad_m=0.0)
    assert 0 < loopback.bytes_sent < size / 4
    assert any("Range" in r or "bytes=" in r for r in loopback.requests)
    col, row, width, height = window.window
    with rasterio.open(path) as src:
        bare = src.read(3, window=Window(col, row, width, height))
    assert np.allclose(window.bands["blue"], bare / 10000.0)


def test_unreachable_url_names_it(loopback, corridor) -> None:
    url = f"{loopback.url}missing.tif"
    with pytest.raises(ArmstrackError, match=r"missing\.tif"):
        read_scene(url, corridor=corridor)


def test_identity_without_head(loopback) -> None:
    from armstrack.imagery.remote import remote_identity

    path = write_tif(loopback.root / "s.tif")
    loopback.refuse_head = True
    _url, size, etag = remote_identity(f"{loopback.url}s.tif")
    assert size == path.stat().st_size and etag
