"""Fixtures shared by every test area: a fresh workspace and a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from armstrack.cli import app
from armstrack.pipeline.workspace import Workspace, init_workspace


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own ARMSTRACK_* settings."""
    import os

    for key in list(os.environ):
        if key.startswith("ARMSTRACK_") and key != "ARMSTRACK_TEST_POSTGRES_URL":
            monkeypatch.delenv(key)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws, _ = init_workspace(tmp_path / "ws")
    yield ws
    ws.store.dispose()


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke `armstrack ARGS...` in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, [str(a) for a in args])

    return invoke


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
