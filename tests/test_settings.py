from __future__ import annotations

from pathlib import Path

import pytest

from armstrack.model import ArmstrackError
from armstrack.pipeline.workspace import Workspace
from armstrack.settings import Settings, load_settings


def test_defaults_without_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={})
    assert settings.workspace is None
    assert settings.max_cloud == Settings().max_cloud
    with pytest.raises(ArmstrackError, match="no workspace"):
        _ = settings.database


def test_config_overrides_defaults_and_env_overrides_config(workspace: Workspace) -> None:
    config = workspace.root / "armstrack.toml"
    config.write_text(config.read_text() + "max_cloud = 0.3\nserve_port = 9000\n")
    from_config = load_settings(workspace.root, env={})
    assert (from_config.max_cloud, from_config.serve_port) == (0.3, 9000)
    from_env = load_settings(workspace.root, env={"ARMSTRACK_MAX_CLOUD": "0.2", "ARMSTRACK_FETCH_ALLOW_PRIVATE": "yes"})
    assert from_env.max_cloud == 0.2
    assert from_env.serve_port == 9000
    assert from_env.fetch_allow_private is True


def test_workspace_is_found_from_a_subfolder(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = workspace.root / "cache" / "imagery"
    monkeypatch.chdir(sub)
    assert load_settings(env={}).workspace == workspace.root


def test_bad_values_name_their_origin(workspace: Workspace) -> None:
    with pytest.raises(ArmstrackError, match=r"ARMSTRACK_SERVE_PORT.*int"):
        load_settings(workspace.root, env={"ARMSTRACK_SERVE_PORT": "eighty"})
    config = workspace.root / "armstrack.toml"
    config.write_text(config.read_text() + "colour = 'blue'\n")
    with pytest.raises(ArmstrackError, match="unknown setting 'colour'"):
        load_settings(workspace.root, env={})


def test_database_url_setting_replaces_the_sqlite_file(workspace: Workspace) -> None:
    settings = load_settings(workspace.root, env={"ARMSTRACK_DATABASE_URL": "postgresql+psycopg://u@h/db"})
    assert settings.database == "postgresql+psycopg://u@h/db"
    assert load_settings(workspace.root, env={}).database.endswith("armstrack.db")
