"""Fixtures: the sample workspace (built once, copied per test), API clients on and off loopback."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from armstrack.pipeline.workspace import Workspace
from armstrack.settings import load_settings
from armstrack.store import Store
from armstrack.web.app import create_app
from armstrack.web.sample import Sample, sample_workspace

LOOPBACK = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 41000)  # TEST-NET-3: never this machine


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    sample = sample_workspace(tmp_path_factory.mktemp("template") / "ws")
    sample.workspace.store.dispose()
    return sample


@pytest.fixture
def sample(sample_template: Sample, tmp_path: Path) -> Iterator[Sample]:
    """A private copy of the sample workspace: tests may write to it."""
    folder = tmp_path / "ws"
    shutil.copytree(sample_template.workspace.root, folder)
    settings = load_settings(folder, env={})
    workspace = Workspace(settings, Store(settings.database))  # the template is migrated already
    yield replace(sample_template, workspace=workspace)
    workspace.store.dispose()


@pytest.fixture
def client(sample: Sample) -> Iterator[TestClient]:
    """A client on this machine (reads open), servers errors returned as responses."""
    with TestClient(create_app(sample.workspace), client=LOOPBACK, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def remote(sample: Sample) -> Iterator[TestClient]:
    """A client from another machine."""
    with TestClient(create_app(sample.workspace), client=REMOTE, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def auth(sample: Sample) -> dict[str, str]:
    return {"Authorization": f"Bearer {sample.workspace.settings.api_token}"}
