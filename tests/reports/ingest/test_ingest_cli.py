"""The CLI verbs: `reports add|list` and the stable `extract FILE --json` contract."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.reports.ingest.fake_extract import fake_extract_claims
from tests.reports.ingest.pages import OTHER_STORY, PLAIN_CLAIM, STORY, news_page
from typer.testing import Result

from armstrack.pipeline.reports import load_claims, load_reports
from armstrack.pipeline.workspace import Workspace

Cli = Callable[..., Result]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """`extract FILE` with a stand-in core: the contract is tested, not the extraction."""
    monkeypatch.setattr("armstrack.pipeline.reports.default_extractor", lambda: fake_extract_claims)


def test_extract_json_contract_on_html_without_a_workspace(cli: Cli, fake: None, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no workspace above
    page = tmp_path / "article.html"
    page.write_text(news_page(STORY))
    result = cli("extract", page, "--published", "2023-10-05", "--publisher", "The Border Monitor",
                 "--url", "https://bm.example.org/a1", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # exactly one JSON document
    assert set(doc) == {"report", "claims"}
    report = doc["report"]
    assert set(report) == {"id", "url", "publisher", "title", "author", "published", "text"}
    assert report["url"] == "https://bm.example.org/a1" and report["publisher"] == "The Border Monitor"
    assert report["published"] == "2023-10-05" and report["author"] == "Jane Roe"
    assert report["title"] == "Trains cross the Tumen at night" and len(report["id"]) == 24
    assert doc["claims"], "the page carries claims"
    for claim in doc["claims"]:
        start, end = claim["span"]
        assert report["text"][start:end] == claim["quote"]
        assert claim["attribution"][0] == "The Border Monitor" and claim["period_start"] == "2023-10"
        assert {"supplier", "recipient", "materiel", "mode", "places", "status", "evidence_type"} <= set(claim)


def test_extract_json_on_a_saved_text_file(cli: Cli, fake: None, tmp_path: Path) -> None:
    saved = tmp_path / "07_saved.txt"
    saved.write_text("URL: https://think.example.org/r1\nTITLE: Rail yard\nFETCHED-AS: excerpt\n\n"
                     + "\n".join(STORY) + "\n")
    doc = json.loads(cli("extract", saved, "--json").stdout)
    assert doc["report"]["url"] == "https://think.example.org/r1" and doc["report"]["published"] is None
    assert doc["report"]["text"] == "\n".join(STORY)
    assert [c["quote"] for c in doc["claims"]] == [STORY[0], STORY[1]]


def test_extract_without_json_prints_a_table(cli: Cli, fake: None, tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(news_page(STORY))
    result = cli("extract", page)
    assert result.exit_code == 0 and "2 claims in Trains cross the Tumen" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("extract", "nothing-here.html", "--json"), "nothing-here.html: no such file"),
    (("extract", "{png}", "--json"), "binary data"),
    (("extract", "{page}", "--published", "5 Oct 2023", "--json"), "--published: expected a date YYYY-MM-DD"),
])
def test_extract_bad_input_exit_code_2(cli: Cli, fake: None, tmp_path: Path, args: tuple[str, ...],
                                       message: str) -> None:
    (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "p.html").write_text(news_page(STORY))
    args = tuple(a.format(png=tmp_path / "x.png", page=tmp_path / "p.html") for a in args)
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_reports_add_list_and_extract_in_a_workspace(cli: Cli, workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(news_page([PLAIN_CLAIM, *STORY]))
    (tmp_path / "b.txt").write_text("\n".join(OTHER_STORY))
    (tmp_path / "c.bin").write_bytes(bytes(100))
    ws = ("--workspace", workspace.root)
    added = cli(*ws, "reports", "add", tmp_path / "a.html", tmp_path / "b.txt", tmp_path / "c.bin",
                "--publisher", "Desk", "--json")
    assert added.exit_code == 0, added.output
    body = json.loads(added.stdout)
    assert len(body["added"]) == 2 and len(body["errors"]) == 1 and "c.bin: binary data" in body["errors"][0]
    listed = json.loads(cli(*ws, "reports", "list", "--json").stdout)
    assert {r["publisher"] for r in listed} == {"Desk"} and not any(r["extracted"] for r in listed)
    summary = json.loads(cli(*ws, "extract", "--json").stdout)  # the real extraction core
    claims = load_claims(workspace)
    assert summary["reports"] == 2 and summary["claims"] == len(claims) > 0 and summary["errors"] == []
    texts = {r.id: r.text for r in load_reports(workspace)}
    assert all(texts[str(c.report_id)][c.span[0]:c.span[1]] == c.quote for c in claims)
    assert all(r["extracted"] for r in json.loads(cli(*ws, "reports", "list", "--json").stdout))
    assert json.loads(cli(*ws, "extract", "--json").stdout)["reports"] == 0
    readable = cli(*ws, "reports", "add", tmp_path / "a.html")  # the same file again
    assert readable.exit_code == 0 and "0 added, 1 already there, 0 failed" in readable.output


def test_reports_add_with_nothing_readable_exits_2(cli: Cli, workspace: Workspace, tmp_path: Path) -> None:
    result = cli("--workspace", workspace.root, "reports", "add", tmp_path / "missing.html")
    assert result.exit_code == 2 and "missing.html: no such file, folder or URL" in result.output


def test_extract_json_with_the_real_core(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text(news_page([PLAIN_CLAIM, *STORY]))
    doc = json.loads(cli("extract", page, "--published", "2023-10-05", "--json").stdout)
    assert doc["report"]["published"] == "2023-10-05"
    assert doc["claims"], "the plain claim sentence is found"
    for claim in doc["claims"]:
        start, end = claim["span"]
        assert doc["report"]["text"][start:end] == claim["quote"]
