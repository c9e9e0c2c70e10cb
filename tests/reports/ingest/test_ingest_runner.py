"""`add_reports` and `extract_reports` against a real workspace store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from tests.reports.ingest.fake_extract import fake_extract_claims
from tests.reports.ingest.pages import OTHER_STORY, STORY, make_pdf, news_page, rss_feed
from tests.reports.ingest.server import serve

from armstrack.model import ArmstrackError
from armstrack.pipeline import reports as runner
from armstrack.pipeline.reports import add_reports, extract_reports, load_claims, load_reports
from armstrack.pipeline.workspace import Workspace
from armstrack.store.schema import ClaimRow, ReportRow


def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a_article.html").write_text(news_page(STORY))
    (folder / "b_notes.txt").write_text("\n\n".join(OTHER_STORY))
    (folder / "c_brief.pdf").write_bytes(make_pdf(["Ships were loaded at Rajin with containers of shells.",
                                                   "They sailed for the Russian Pacific coast."]))
    saved = "URL: https://think.example.org/r1\nTITLE: Rail yard report\nFETCHED-AS: excerpt\n\n"
    (folder / "d_saved.txt").write_text(saved + "The yard held seventy wagons. Loads were probably shells.\n")
    (folder / ".hidden.txt").write_text("never read")
    (folder / "gold.json").write_text('{"not": "a report"}')
    return folder


def stored(workspace: Workspace) -> list[ReportRow]:
    with workspace.store.session() as session:
        return list(session.scalars(select(ReportRow)).all())


def test_a_folder_is_ingested_once(workspace: Workspace, tmp_path: Path) -> None:
    folder = inbox(tmp_path)
    first = add_reports(workspace, [str(folder)])
    assert first.errors == []
    assert len(first.added) == 4
    rows = {Path(r.properties["source"]).name: r for r in stored(workspace)}
    assert set(rows) == {"a_article.html", "b_notes.txt", "c_brief.pdf", "d_saved.txt"}
    article = rows["a_article.html"]
    assert article.title == "Trains cross the Tumen at night" and article.publisher == "Border Monitor"
    assert article.published == date(2023, 10, 5) and "Subscribe" not in article.text
    assert rows["d_saved.txt"].url == "https://think.example.org/r1"
    raw = workspace.root / str(article.raw_path)
    assert raw.read_bytes() == (folder / "a_article.html").read_bytes()
    assert raw.name == article.properties["raw_sha256"]
    again = add_reports(workspace, [str(folder), str(folder / "b_notes.txt")])
    assert again.added == [] and len(again.unchanged) == 5 and again.errors == []
    assert len(stored(workspace)) == 4


def test_reposts_share_the_story_of_the_first_report(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "first.html").write_text(news_page(STORY))
    repost = news_page(["From our partners:", *STORY, "This story first appeared on Border Monitor."],
                       site="Asia Daily", author="Wire staff", published="2023-10-06")
    (tmp_path / "repost.html").write_text(repost)
    (tmp_path / "other.txt").write_text("\n".join(OTHER_STORY))
    first = add_reports(workspace, [str(tmp_path / "first.html")]).added[0]
    later = add_reports(workspace, [str(tmp_path / "repost.html"), str(tmp_path / "other.txt")]).added
    assert later[0].id != first.id and later[0].story_id == first.id
    assert later[1].story_id == later[1].id
    by_id = {r.id: r for r in load_reports(workspace)}
    assert by_id[later[0].id].properties["story_score"] >= 0.7
    assert by_id[later[0].id].publisher == "Asia Daily"


def test_bad_items_are_reported_and_the_rest_ingested(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("\n".join(STORY))
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (tmp_path / "empty.html").write_text("<html><body><nav>Home | About</nav></body></html>")
    targets = [str(tmp_path / n) for n in ("photo.txt", "empty.html", "missing.html", "good.txt")]
    result = add_reports(workspace, targets)
    assert [Path(a.name).name for a in result.added] == ["good.txt"]
    assert len(result.errors) == 3
    assert "photo.txt: binary data" in result.errors[0]
    assert "empty.html: no main text" in result.errors[1]
    assert "missing.html: no such file, folder or URL" in result.errors[2]


def test_a_failing_write_leaves_no_partial_rows(workspace: Workspace, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("\n".join(STORY))
    (tmp_path / "b.txt").write_text("\n".join(OTHER_STORY))
    real_upsert = runner.upsert

    def upsert_then_fail(session: Any, row_type: Any, rows: list[dict[str, Any]], **kw: Any) -> int:
        count = real_upsert(session, row_type, rows, **kw)
        if "Rajin" in rows[0]["text"]:
            raise ArmstrackError("disk full")
        return count

    monkeypatch.setattr(runner, "upsert", upsert_then_fail)
    result = add_reports(workspace, [str(tmp_path / "b.txt"), str(tmp_path / "a.txt")])
    assert len(result.added) == 1 and "b.txt: not stored" in result.errors[0] and "disk full" in result.errors[0]
    assert [r.text for r in stored(workspace)] == ["\n".join(STORY)]
    monkeypatch.setattr(runner, "upsert", real_upsert)
    assert len(add_reports(workspace, [str(tmp_path / "b.txt")]).added) == 1  # nothing half-written blocks it


def test_feeds_overrides_and_broken_entries(workspace: Workspace, tmp_path: Path) -> None:
    feed = rss_feed([("One", "https://wire.example.org/1", "Thu, 05 Oct 2023 08:00:00 GMT", STORY[0]),
                     ("Empty", "https://wire.example.org/2", "Thu, 05 Oct 2023 08:00:00 GMT", ""),
                     ("Two", "https://wire.example.org/3", "Thu, 05 Oct 2023 09:00:00 GMT", OTHER_STORY[0])])
    (tmp_path / "wire.rss").write_bytes(feed)
    (tmp_path / "page.html").write_text(news_page(STORY))
    result = add_reports(workspace, [str(tmp_path / "wire.rss"), str(tmp_path / "page.html")], feed=True,
                         publisher="Wire Service", published=date(2023, 10, 7))
    assert [a.name for a in result.added] == ["https://wire.example.org/1", "https://wire.example.org/3"]
    assert any("entry 2" in e for e in result.errors) and any("page.html: not an RSS" in e for e in result.errors)
    reports = load_reports(workspace)
    assert {r.publisher for r in reports} == {"Wire Service"} and {r.published for r in reports} == {date(2023, 10, 7)}


def test_urls_need_the_switch_for_loopback(workspace: Workspace) -> None:
    with serve() as base:
        refused = add_reports(workspace, [f"{base}/hop/2"])
        assert refused.added == [] and "loopback" in refused.errors[0]
        fetched = add_reports(workspace, [f"{base}/hop/2", f"{base}/feed"], allow_private=True)
    assert fetched.errors == [] and len(fetched.added) == 3
    page = next(r for r in stored(workspace) if r.properties.get("format") == "html")
    assert page.url == f"{base}/article"
    assert page.properties["requested_url"] == f"{base}/hop/2" and len(page.properties["redirects"]) == 2


def test_extract_writes_claims_once_per_report(workspace: Workspace, tmp_path: Path) -> None:
    add_reports(workspace, [str(inbox(tmp_path))])
    result = extract_reports(workspace, extractor=fake_extract_claims)
    assert result.errors == [] and result.reports == 4 and result.claims >= 4
    claims = load_claims(workspace)
    texts = {r.id: r.text for r in load_reports(workspace)}
    for claim in claims:
        assert texts[str(claim.report_id)][claim.span[0]:claim.span[1]] == claim.quote
    seventy = next(c for c in claims if c.quantity)
    assert seventy.quantity is not None and seventy.quantity.value == 70 and seventy.quantity.unit == "wagons"
    hedged = next(c for c in claims if c.hedge)
    assert hedged.hedge == "probably" and hedged.likelihood is not None and hedged.likelihood.value == "likely"
    with workspace.store.session() as session:
        rows = session.scalars(select(ClaimRow)).all()
        assert {r.origin for r in rows} == {"analysts"}
        assert all(r.probability == 0.675 for r in rows if r.hedge)
    assert extract_reports(workspace, extractor=fake_extract_claims).reports == 0
    forced = extract_reports(workspace, force=True, extractor=fake_extract_claims)
    assert forced.reports == 4 and len(load_claims(workspace)) == len(claims)


def test_a_failing_extraction_is_reported_and_left_for_later(workspace: Workspace, tmp_path: Path) -> None:
    add_reports(workspace, [str(inbox(tmp_path))])

    def flaky(text: str, **meta: Any) -> Any:
        if "Rajin" in text:
            raise RuntimeError("parser crashed")
        return fake_extract_claims(text, **meta)

    result = extract_reports(workspace, extractor=flaky)
    assert result.reports == 2 and len(result.errors) == 2
    assert all("RuntimeError: parser crashed" in e for e in result.errors)
    pending = [r for r in load_reports(workspace) if not r.properties["extracted"]]
    assert len(pending) == 2 and all("Rajin" in r.text for r in pending)
    assert all("Rajin" not in str(c.quote) for c in load_claims(workspace))


def test_the_size_limit_setting_applies_to_files(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "huge.html").write_text(news_page(STORY * 40))
    (tmp_path / "small.txt").write_text(STORY[0])
    limited = Workspace(settings=replace(workspace.settings, fetch_max_bytes=4_000), store=workspace.store)
    result = add_reports(limited, [str(tmp_path / "huge.html"), str(tmp_path / "small.txt")])
    assert len(result.added) == 1 and "huge.html: larger than 4000 bytes (setting fetch_max_bytes)" in result.errors[0]
