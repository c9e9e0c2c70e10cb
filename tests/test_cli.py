"""Every foundation verb: the happy path and the bad-input exit code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from armstrack.pipeline.workspace import Workspace

Cli = Callable[..., Result]


def test_help_lists_every_verb(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for verb in ("init", "status", "corridor"):
        assert verb in result.output


def test_init_then_status(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "ws", "--json")
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert created["created"] is True and created["sites"] == 8
    assert (tmp_path / "ws" / "armstrack.toml").is_file()
    assert (tmp_path / "ws" / "cache" / "imagery").is_dir()
    again = json.loads(cli("init", tmp_path / "ws", "--json").stdout)
    assert again["created"] is False and again["sites"] == 8
    status = cli("--workspace", tmp_path / "ws", "status", "--json")
    assert status.exit_code == 0
    counts = json.loads(status.stdout)
    assert counts["sites"] == 8 and counts["routes"] == 6
    for key in ("scenes", "measurements", "reports", "sources", "claims", "anomalies", "shipments",
                "evidence_links", "screening_hits"):
        assert counts[key] == 0


def test_init_with_own_corridor(cli: Cli, tmp_path: Path) -> None:
    from tests.corridor.test_corridor import small_corridor

    corridor = tmp_path / "mine.geojson"
    corridor.write_text(json.dumps(small_corridor()))
    result = cli("init", tmp_path / "ws", "--corridor", corridor, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sites"] == 2


def test_init_refuses_a_broken_corridor_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    corridor = tmp_path / "broken.geojson"
    corridor.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, '
                        '"properties": {"role": "platform"}}]}')
    result = cli("init", tmp_path / "ws", "--corridor", corridor)
    assert result.exit_code == 2
    assert "feature #0" in result.stderr and "unknown role 'platform'" in result.stderr
    assert not (tmp_path / "ws").exists()


def test_status_outside_a_workspace(cli: Cli, tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.chdir(tmp_path)
    try:
        result = cli("status")
    finally:
        mp.undo()
    assert result.exit_code == 2
    assert "armstrack init" in result.stderr


def test_corridor_show_and_export(cli: Cli, workspace: Workspace) -> None:
    shown = cli("-w", workspace.root, "corridor", "show", "--json")
    assert shown.exit_code == 0
    info = json.loads(shown.stdout)
    assert {s["id"] for s in info["sites"]} >= {"tumangang", "khasan", "rajin"}
    exported = cli("-w", workspace.root, "corridor", "export")
    assert json.loads(exported.stdout)["type"] == "FeatureCollection"
    table = cli("-w", workspace.root, "corridor", "show")
    assert table.exit_code == 0 and "tumangang" in table.output


def test_corridor_validate(cli: Cli, tmp_path: Path) -> None:
    assert cli("corridor", "validate").exit_code == 0
    broken = tmp_path / "b.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                      '{"role": "route", "from": "x", "to": "y", "mode": "rail", "min_hours": 1, "max_hours": 2},'
                      ' "geometry": null}]}')
    result = cli("corridor", "validate", broken)
    assert result.exit_code == 2
    assert "route 'x' -> 'y'" in result.stderr and "unknown site 'x'" in result.stderr
    missing = cli("corridor", "export", tmp_path / "missing.geojson")
    assert missing.exit_code == 2 and "no such corridor file" in missing.stderr
