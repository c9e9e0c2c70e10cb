"""`armstrack simulate` end to end on a tiny run, and its one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.imagery.simulate.conftest import tiny_corridor
from typer.testing import CliRunner

from armstrack.cli import app
from armstrack.corridor.geojson import save_corridor


def test_simulate_writes_an_archive_and_prints_json(tmp_path: Path) -> None:
    corridor = tmp_path / "tiny.geojson"
    save_corridor(tiny_corridor(), corridor)
    out = tmp_path / "sim"
    result = CliRunner().invoke(app, ["simulate", "--out", str(out), "--days", "1", "--gsd", "10",
                                      "--sites", "tumangang", "--corridor", str(corridor), "--seed", "5",
                                      "--workers", "1", "--quicklooks", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["scenes"] == 1 and set(summary["speed"]) == {"10"}
    truth = json.loads((out / "truth.json").read_text())
    assert truth["seed"] == 5 and truth["gsds"] == [10.0]
    assert (out / truth["scenes"][0]["file"]).is_file()
    assert len(list((out / "quicklooks").glob("*.png"))) == 1


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    for args, words in ((["--gsd", "0"], "gsd"), (["--gsd", "a,b"], "--gsd"), (["--gsd", "3,3"], "differ"),
                        (["--sites", "atlantis"], "atlantis"),
                        (["--start", "2023-13-01"], "--start"), (["--days", "0"], "days")):
        result = runner.invoke(app, ["simulate", "--out", str(tmp_path / "x"), *args])
        assert result.exit_code == 2, (args, result.output)
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
