"""Scoring against gold files, and the `armstrack eval claims` verb."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from armstrack.model import ArmstrackError
from armstrack.reports.evaluate import (
    GoldReport,
    load_gold,
    match_claims,
    same_origin,
    score_report,
    summarise,
)

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = "Intro line.\nNorth Korea sent shells to Russia, officials said.\nIran sent drones to Russia."


def claim(quote: str, supplier: str = "North Korea", **fields: Any) -> dict[str, Any]:
    start = TEXT.find(quote)
    base = {"supplier": supplier, "recipient": "Russia", "materiel": ["shells"], "mode": "unknown", "places": [],
            "period_start": None, "period_end": None, "quantity": None, "status": "alleged",
            "attribution": ["Outlet", "officials"], "hedge": None, "evidence_type": ["official"], "quote": quote,
            "span": [start, start + len(quote)]}
    return {**base, **fields}


@pytest.mark.parametrize(("gold", "predicted", "same"), [
    ("Russian and North Korean governments", "Moscow and Pyongyang", True),
    ("United States (sanctions announcement)", "the United States", True),
    ("U.S., United Nations and South Korea", "The U.S., the United Nations, and South Korea", True),
    ("unnamed source", "source", True),
    ("National Intelligence Service", "NIS", True),
    ("KCNA", "North Korea", False),
    ("Reuters", None, False),
])
def test_same_origin(gold: str, predicted: str | None, same: bool) -> None:
    assert same_origin(gold, predicted) is same


def test_matching_is_one_to_one_and_needs_the_supplier() -> None:
    nk = "North Korea sent shells to Russia, officials said."
    gold = [claim(nk), claim(nk, status="denied", attribution=["Outlet", "Pyongyang"])]
    predicted = [claim(nk, supplier="DPRK", status="denied", attribution=["Outlet", "Pyongyang"]),
                 claim("Iran sent drones to Russia.", supplier="Iran")]
    assert match_claims(TEXT, gold, predicted) == [(1, 0)]


def test_scores_and_field_accuracy() -> None:
    nk, iran = "North Korea sent shells to Russia, officials said.", "Iran sent drones to Russia."
    report = GoldReport("x", TEXT, None, date(2024, 1, 1), "Outlet",
                        [claim(nk), claim(iran, supplier="Iran", materiel=["drones"])])
    predicted = [claim(nk, mode="rail"), claim("Intro line.", supplier="Belarus")]
    result = summarise([score_report(report, predicted)])
    assert (result["gold"], result["predicted"], result["matched"]) == (2, 2, 1)
    assert (result["precision"], result["recall"], result["f1"]) == (0.5, 0.5, 0.5)
    assert result["fields"]["mode"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert result["fields"]["status"]["accuracy"] == 1.0
    assert result["per_file"][0]["missed"] == [iran]


def test_gold_files_load_with_their_metadata() -> None:
    reports = {r.name: r for r in load_gold(FIXTURES)}
    wire = reports["01_wire_rail_shells"]
    assert wire.published == date(2023, 11, 2) and wire.publisher == "Harbor City Tribune"
    assert wire.title and wire.text.startswith("By Min-ji Park")


def test_a_missing_publication_date_is_read_from_the_opening_lines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("URL: u\nTITLE: t\nFETCHED-AS: full\n\nOctober 2024\nBy A. Writer\n\nText.\n")
    (tmp_path / "a.json").write_text(json.dumps({"url": "u", "published": None, "publisher": "P", "claims": []}))
    assert load_gold(tmp_path)[0].published == date(2024, 10, 1)


@pytest.mark.parametrize(("txt", "gold", "message"), [
    ("no header\n\ntext", {"claims": []}, "header lines"),
    ("URL: u\nTITLE: t\nFETCHED-AS: full\n\ntext", {"nothing": []}, "'claims' list"),
    ("URL: u\nTITLE: t\nFETCHED-AS: full\n\ntext", {"published": "May 2024", "claims": []}, "YYYY-MM-DD"),
])
def test_bad_gold_files_name_the_file(tmp_path: Path, txt: str, gold: dict[str, Any], message: str) -> None:
    (tmp_path / "a.txt").write_text(txt)
    (tmp_path / "a.json").write_text(json.dumps(gold))
    with pytest.raises(ArmstrackError, match=message) as caught:
        load_gold(tmp_path)
    assert "a." in str(caught.value)


def test_an_empty_or_missing_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ArmstrackError, match=r"no NAME\.txt"):
        load_gold(tmp_path)
    with pytest.raises(ArmstrackError, match="not a folder"):
        load_gold(tmp_path / "missing")


def test_the_eval_claims_verb(tmp_path: Path, cli: Callable[..., Result]) -> None:
    for name in ("01_wire_rail_shells", "08_negative_tourism"):
        for suffix in (".txt", ".json"):
            shutil.copy(FIXTURES / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    result = cli("eval", "claims", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["files"] == 2 and scores["gold"] == 4 and "per_file" not in scores
    assert 0.0 <= scores["f1"] <= 1.0 and set(scores["fields"]) >= {"status", "origin", "period"}
    verbose = cli("eval", "claims", tmp_path, "--verbose")
    assert verbose.exit_code == 0 and "08_negative_tourism" in verbose.stdout + verbose.stderr
    bad = cli("eval", "claims", tmp_path / "missing")
    assert bad.exit_code == 2 and "not a folder" in bad.stderr
