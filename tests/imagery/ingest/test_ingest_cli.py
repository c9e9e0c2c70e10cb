"""`armstrack scenes add|list` through the CLI runner."""

from __future__ import annotations

import json

from ingest_fixtures import write_tif


def test_scenes_add_list_and_exit_code(cli, workspace, tmp_path) -> None:
    good = write_tif(tmp_path / "good.tif")
    bad = write_tif(tmp_path / "bands.tif", descriptions=["coastal", "swir16", "swir22", "lwir", "vapour"])
    ws = str(workspace.root)
    result = cli("--workspace", ws, "scenes", "add", good, bad, "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert len(report["added"]) == 1 and report["failed"][0]["source"] == str(bad)
    assert result.stderr.count("error:") == 1 and "bands.tif: band layout" in result.stderr

    again = cli("--workspace", ws, "scenes", "add", good, "--json")
    assert again.exit_code == 0 and len(json.loads(again.stdout)["present"]) == 1

    listed = cli("--workspace", ws, "scenes", "list", "--site", "tumangang", "--json")
    [row] = json.loads(listed.stdout)
    assert row["acquired"] == "2023-10-05T02:15:00Z" and row["sites"] == ["tumangang"]
    assert json.loads(cli("--workspace", ws, "scenes", "list", "--site", "rajin", "--json").stdout) == []
    assert cli("--workspace", ws, "scenes", "list", "--site", "atlantis").exit_code == 2


def test_scenes_add_needs_files_or_stac(cli, workspace, tmp_path) -> None:
    result = cli("--workspace", str(workspace.root), "scenes", "add")
    assert result.exit_code == 2 and "--stac" in result.stderr
    bad_date = cli("--workspace", str(workspace.root), "scenes", "add", "--stac", tmp_path / "c.json",
                   "--from", "last week")
    assert bad_date.exit_code == 2 and "--from" in bad_date.stderr


def test_acquired_override_from_the_command_line(cli, workspace, tmp_path) -> None:
    path = write_tif(tmp_path / "notime.tif", datetime_tag=None)
    ws = str(workspace.root)
    refused = cli("--workspace", ws, "scenes", "add", path)
    assert refused.exit_code == 2 and "acquisition time unknown" in refused.stderr
    ok = cli("--workspace", ws, "scenes", "add", path, "--acquired", "2023-10-05T11:15:00+09:00", "--sensor", "skysat")
    assert ok.exit_code == 0
    [row] = json.loads(cli("--workspace", ws, "scenes", "list", "--json").stdout)
    assert row["acquired"] == "2023-10-05T02:15:00Z" and row["sensor"] == "skysat"
