"""Fixtures of the ingest tests; the rasters and the server they use are in ingest_fixtures.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ingest_fixtures import LoopbackServer, write_tif

from armstrack.corridor.geojson import load_default
from armstrack.model import Corridor


@pytest.fixture
def make_tif(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str = "scene.tif", **kwargs: Any) -> Path:
        return write_tif(tmp_path / name, **kwargs)

    return make


@pytest.fixture
def loopback(tmp_path: Path) -> Iterator[LoopbackServer]:
    root = tmp_path / "served"
    root.mkdir()
    server = LoopbackServer(root)
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def corridor() -> Corridor:
    return load_default()
