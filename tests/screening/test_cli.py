"""The CLI verbs, above all the stable `screen --json` contract, with and without a workspace."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from followthemoney import model
from typer.testing import Result

from armstrack.pipeline.workspace import Workspace

Cli = Callable[..., Result]
HIT_KEYS = {"list", "entry_id", "name", "score", "explanation"}


def test_screen_without_a_workspace_needs_a_list(cli: Cli, lists_dir: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("screen", "Lady R", "--type", "vessel", "--imo", "9161003",
                 "--list", lists_dir / "sdn.xml", "--format", "ofac-xml", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["query"] == {"name": "Lady R", "type": "vessel", "imo": "9161003"}
    assert [set(hit) for hit in out["hits"]] == [HIT_KEYS]
    hit = out["hits"][0]
    assert (hit["list"], hit["entry_id"], hit["name"], hit["score"]) == ("sdn", "102", "LADY R", 1.0)
    assert "IMO9161003" in hit["explanation"]

    decoy = cli("screen", "Lady Maria", "--type", "vessel", "--imo", "8500070",
                "--list", lists_dir / "sdn.xml", "--format", "ofac-xml", "--json")
    assert json.loads(decoy.stdout)["hits"] == []

    missing = cli("screen", "Lady R", "--json")
    assert missing.exit_code == 2 and "no sanctions list to screen against" in missing.stderr


def test_screen_threshold_and_several_lists(cli: Cli, lists_dir: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = ("screen", "Kim Jong Un", "--list", lists_dir / "sdn.csv", "--list", lists_dir / "opensanctions.ftm.json",
            "--format", "ofac-csv", "--format", "ftm", "--json")
    hits = json.loads(cli(*args).stdout)["hits"]
    assert {(h["list"], h["entry_id"]) for h in hits} == {("sdn", "202"), ("opensanctions.ftm", "os-kim")}
    assert json.loads(cli(*args).stdout)["query"] == {"name": "Kim Jong Un", "type": None, "imo": None}
    loose = json.loads(cli(*args[:-1], "--threshold", "0.3", "--json").stdout)["hits"]
    assert len(loose) >= len(hits)
    assert [h["score"] for h in loose] == sorted((h["score"] for h in loose), reverse=True)
    bad = cli(*args[:-1], "--threshold", "2", "--json")
    assert bad.exit_code == 2 and "--threshold must be within [0, 1]" in bad.stderr


def test_lists_and_screen_in_a_workspace(cli: Cli, workspace: Workspace, lists_dir: Path) -> None:
    ws = ("--workspace", workspace.root)
    added = cli(*ws, "lists", "add", lists_dir / "un_consolidated.xml", "--format", "un-xml", "--name", "un",
                "--json")
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["entries"] == 3
    shown = json.loads(cli(*ws, "lists", "show", "--json").stdout)
    assert [(s["name"], s["format"], s["version"]) for s in shown] == [("un", "un-xml", "2024-03-01")]

    out = json.loads(cli(*ws, "screen", "최선희", "--type", "person", "--json").stdout)
    assert [(h["list"], h["entry_id"]) for h in out["hits"]] == [("un", "6908601")]
    both = json.loads(cli(*ws, "screen", "Angara", "--list", lists_dir / "sdn.csv", "--format", "ofac-csv",
                          "--json").stdout)
    assert [(h["list"], h["entry_id"]) for h in both["hits"]] == [("sdn", "203")]  # workspace lists plus --list


def test_screen_everything_then_decide_and_export(cli: Cli, workspace: Workspace, lists_dir: Path,
                                                  tmp_path: Path) -> None:
    ws = ("--workspace", workspace.root)
    cli(*ws, "lists", "add", lists_dir / "sdn.xml", "--format", "ofac-xml")
    with workspace.store.transaction() as session:
        from datetime import datetime

        from armstrack.store.schema import NoteRow

        session.add(NoteRow(id="n1", target_kind="site", target_id="rajin", created_at=datetime(2024, 1, 1),
                            text="MV Lady R (IMO 9161003) seen at the berth."))
    result = cli(*ws, "screen", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    hit = next(h for h in report["stored_hits"] if h["query"] == "Lady R")
    confirmed = cli(*ws, "screen", "--confirm", hit["id"], "--json")
    assert json.loads(confirmed.stdout)["decision"] == "confirmed"
    again = json.loads(cli(*ws, "screen", "--json").stdout)
    assert next(h for h in again["stored_hits"] if h["id"] == hit["id"])["decision"] == "confirmed"
    dismissed = cli(*ws, "screen", "--dismiss", "no-such-hit")
    assert dismissed.exit_code == 2 and "no screening hit" in dismissed.stderr

    target = tmp_path / "case.json"
    exported = cli(*ws, "screen", "--export-ftm", target, "--json")
    assert json.loads(exported.stdout)["entities"] >= 3
    schemata = {model.get_proxy(json.loads(line)).schema.name for line in target.read_text().splitlines()}
    assert {"Vessel", "Sanction", "Similar"} <= schemata


def test_bad_list_file_is_one_line_and_exit_2(cli: Cli, workspace: Workspace, lists_dir: Path) -> None:
    result = cli("--workspace", workspace.root, "lists", "add", lists_dir / "sdn.xml", "--format", "un-xml")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "root element is <sdnList>, expected <CONSOLIDATED_LIST>" in result.stderr
