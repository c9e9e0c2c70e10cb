"""Reports runner: URLs, files, folders and feeds into the `reports` table; claims out of them.

One transaction per report: a report is stored whole with its story, or not at all. Its id is the
content hash of its clean text and URL, so ingesting the same report again changes nothing. Raw
bytes are kept in the workspace cache under their SHA-256 for provenance. A bad item is reported
and the others go on.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from armstrack.model import (
    Amount,
    ArmstrackError,
    Claim,
    ClaimStatus,
    EvidenceType,
    Likelihood,
    Mode,
    Report,
    content_hash,
)
from armstrack.pipeline.workspace import Workspace
from armstrack.reports import dedup
from armstrack.reports.document import Document, Reading, read_any, read_document, read_feed
from armstrack.reports.fetch import Fetched, FetchPolicy, expand_targets, load_target, read_file
from armstrack.store import upsert
from armstrack.store.schema import ClaimRow, ReportRow

Progress = Callable[[int, int, str], None]  # (done, total, what was just done)
Extractor = Callable[..., list[Claim]]


@dataclass
class IngestedReport:
    id: str
    name: str
    title: str | None
    story_id: str


@dataclass
class IngestReport:
    """What `add_reports` did: reports added, reports already there, and one message per failure."""

    added: list[IngestedReport] = field(default_factory=list)
    unchanged: list[IngestedReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def rows(items: list[IngestedReport]) -> list[dict[str, Any]]:
            return [{"id": r.id, "name": r.name, "title": r.title, "story_id": r.story_id} for r in items]

        return {"added": rows(self.added), "unchanged": rows(self.unchanged), "errors": list(self.errors)}


@dataclass
class ExtractReport:
    """What `extract_reports` did: reports read, claims written, one message per failed report."""

    reports: int = 0
    claims: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"reports": self.reports, "claims": self.claims, "errors": list(self.errors)}


def fetch_policy(workspace: Workspace, allow_private: bool = False) -> FetchPolicy:
    s = workspace.settings
    return FetchPolicy(timeout_s=s.fetch_timeout_s, max_bytes=s.fetch_max_bytes, max_redirects=s.fetch_max_redirects,
                       allow_private=allow_private or s.fetch_allow_private)


def keep_raw(workspace: Workspace, data: bytes, sha256: str) -> str:
    """Raw bytes into the cache under their SHA-256; returns the path relative to the workspace."""
    path = workspace.cache("reports") / sha256
    if not path.exists():
        path.write_bytes(data)
    root = workspace.settings.workspace  # None for a database-only workspace (PostgreSQL by URL)
    return str(path.relative_to(root)) if root is not None and path.is_relative_to(root) else str(path)


def add_reports(workspace: Workspace, targets: list[str], publisher: str | None = None,
                published: date | None = None, feed: bool = False, allow_private: bool = False,
                progress: Progress | None = None) -> IngestReport:
    """Ingest URLs, files, folders and feeds (`feed=True`: every target must be a feed) as reports.

    `publisher` and `published` replace what the documents say about themselves.
    """
    policy = fetch_policy(workspace, allow_private)
    report = IngestReport()
    index = _story_index(workspace)
    items = list(expand_targets(targets))
    for done, target in enumerate(items, start=1):
        try:
            loaded = load_target(target, policy)
            reader = read_feed if feed else read_any
            reading: Reading = reader(loaded.data, loaded.content_type, loaded.url or None, target)
            raw_path = keep_raw(workspace, loaded.data, loaded.sha256)
        except ArmstrackError as exc:
            report.errors.append(str(exc))
        else:
            report.errors.extend(reading.errors)
            for document in reading.documents:
                document = document.with_overrides(publisher=publisher, published=published)
                _ingest_one(workspace, document, loaded, raw_path, index, report)
        if progress:
            progress(done, len(items), target)
    return report


def _story_index(workspace: Workspace) -> dedup.StoryIndex:
    with workspace.store.session() as session:
        rows = session.execute(select(ReportRow.id, ReportRow.story_id, ReportRow.properties)).all()
    return dedup.StoryIndex([(rid, story, (props or {}).get("story_signature")) for rid, story, props in rows])


def _ingest_one(workspace: Workspace, document: Document, loaded: Fetched, raw_path: str, index: dedup.StoryIndex,
                report: IngestReport) -> None:
    """One document in one transaction; an error is recorded and nothing of it is written."""
    report_id = content_hash(document.text, document.url)
    signature = dedup.story_key(document.text)
    try:
        with workspace.store.transaction() as session:
            existing = session.get(ReportRow, report_id)
            if existing is not None:
                report.unchanged.append(IngestedReport(report_id, document.name, existing.title,
                                                       existing.story_id or report_id))
                return
            story_id, score = index.story_of(signature)
            row = report_row(report_id, document, loaded, raw_path, signature, story_id or report_id, score)
            upsert(session, ReportRow, [row])
    except (ArmstrackError, SQLAlchemyError) as exc:
        report.errors.append(f"{document.name}: not stored ({exc.__class__.__name__}: {exc})")
        return
    index.add(story_id or report_id, signature)
    report.added.append(IngestedReport(report_id, document.name, document.title, story_id or report_id))


def report_row(report_id: str, document: Document, loaded: Fetched, raw_path: str,
               signature: dedup.StorySignature, story_id: str, score: float) -> dict[str, Any]:
    properties = {**document.properties, "format": document.format, "content_type": document.content_type,
                  "raw_sha256": document.raw_sha256, "source": document.name,
                  "story_signature": signature.as_dict(), "story_score": round(score, 3)}
    if loaded.url:
        properties |= {"fetched_url": loaded.url, "requested_url": loaded.requested, "redirects": loaded.redirects}
    return {"id": report_id, "url": document.url, "publisher": _clip(document.publisher),
            "title": document.title, "author": _clip(document.author), "published": document.published,
            "text": document.text, "story_id": story_id, "raw_path": raw_path, "properties": properties,
            "ingested_at": datetime.now(UTC).replace(tzinfo=None), "extracted_at": None}


def _clip(value: str | None, size: int = 200) -> str | None:
    return value[:size] if value else value


def extract_reports(workspace: Workspace, force: bool = False, progress: Progress | None = None,
                    extractor: Extractor | None = None, batch_size: int = 32) -> ExtractReport:
    """Claims out of every report not yet extracted (all of them with `force`), one transaction each.

    Reports are read in batches of `batch_size` (the default core parses a batch's sentences in
    one spaCy pass); a batch that fails is read again report by report, so that only the failing
    report is reported and left for the next run. `extractor` replaces `extract_claims`.
    """
    with workspace.store.session() as session:
        query = select(ReportRow.id)
        if not force:
            query = query.where(ReportRow.extracted_at.is_(None))
        ids = list(session.scalars(query.order_by(ReportRow.ingested_at, ReportRow.id)))
    result = ExtractReport()
    if not ids:
        return result  # nothing to do: the extraction core is not even loaded
    read_batch = _batch_reader(extractor)
    for start in range(0, len(ids), batch_size):
        reports = _reports_by_id(workspace, ids[start:start + batch_size])
        for report, outcome in zip(reports, _extract_batch(read_batch, reports), strict=True):
            if isinstance(outcome, str):
                result.errors.append(f"report {report.id}: extraction failed ({outcome})")
            else:
                result.claims += _write_claims(workspace, report.id, outcome)
                result.reports += 1
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids), reports[-1].id if reports else "")
    return result


BatchReader = Callable[[list[Report]], list[list[Claim]]]


def _extract_core() -> Any:
    """The claim extraction core, `armstrack.reports.extract` (loaded on first use: spaCy is slow to load)."""
    try:
        return importlib.import_module("armstrack.reports.extract")
    except ImportError as exc:
        raise ArmstrackError(f"claim extraction is not available ({exc})") from None


def _batch_reader(extractor: Extractor | None) -> BatchReader:
    """The core's batched reader, or a loop over the given one-report extractor."""
    if extractor is None:
        core = _extract_core()
        reader = core.Extractor()
        return lambda reports: list(reader.extract_many([core.ReportText(r.text, **_named(r)) for r in reports]))
    return lambda reports: [extractor(r.text, **_named(r)) for r in reports]


def _named(r: Report) -> dict[str, Any]:
    return {"published": r.published, "publisher": r.publisher, "title": r.title, "author": r.author,
            "report_id": r.id}


def _extract_batch(read_batch: BatchReader, reports: list[Report]) -> list[list[Claim] | str]:
    try:
        return list(read_batch(reports))
    except Exception:  # the batch is read again one by one, to find the failing report
        outcomes: list[list[Claim] | str] = []
        for report in reports:
            try:
                outcomes.append(read_batch([report])[0])
            except Exception as exc:  # a failing report is reported; the others are still extracted
                outcomes.append(f"{exc.__class__.__name__}: {exc}")
        return outcomes


def _reports_by_id(workspace: Workspace, ids: list[str]) -> list[Report]:
    with workspace.store.session() as session:
        rows = {r.id: r for r in session.scalars(select(ReportRow).where(ReportRow.id.in_(ids))).all()}
    return [report_of(rows[i]) for i in ids if i in rows]


def default_extractor() -> Extractor:
    """`armstrack.reports.extract.extract_claims`, the claim extraction core."""
    extractor: Extractor = _extract_core().extract_claims
    return extractor


def extract_file(path: Path, published: date | None = None, publisher: str | None = None, url: str | None = None,
                 max_bytes: int = 20_000_000) -> dict[str, Any]:
    """`armstrack extract FILE`, no workspace: `{"report": {...}, "claims": [...]}`, a stable contract.

    Each claim's `span` indexes `report.text`; `report.id` is the id the report gets when ingested.
    """
    document = read_document(read_file(path, max_bytes), None, None, str(path))
    document = document.with_overrides(publisher=publisher, published=published, url=url)
    report_id = content_hash(document.text, document.url)
    claims = default_extractor()(document.text, published=document.published, publisher=document.publisher,
                                 title=document.title, author=document.author, report_id=report_id)
    report = {"id": report_id, "url": document.url, "publisher": document.publisher, "title": document.title,
              "author": document.author, "text": document.text,
              "published": document.published.isoformat() if document.published else None}
    return {"report": report, "claims": [claim.as_dict() for claim in claims]}


def _write_claims(workspace: Workspace, report_id: str, claims: list[Claim]) -> int:
    """A report's claims replace its old ones and it is marked extracted, in one transaction."""
    with workspace.store.transaction() as session:
        row = session.get(ReportRow, report_id)
        if row is None:
            return 0
        session.execute(delete(ClaimRow).where(ClaimRow.report_id == report_id))
        upsert(session, ClaimRow, [claim_row(claim, report_id) for claim in claims])
        row.extracted_at = datetime.now(UTC).replace(tzinfo=None)
        return len(claims)


def claim_row(claim: Claim, report_id: str) -> dict[str, Any]:
    """A claim as a `claims` row; `origin` is the innermost source of its attribution chain."""
    claim = replace(claim, report_id=report_id)
    data = claim.as_dict()
    properties = {"likelihood": claim.likelihood.value if claim.likelihood else None,
                  "period_precision": claim.period_precision}
    return {"id": claim.id, "report_id": report_id, **{k: data[k] for k in CLAIM_COLUMNS},
            "origin": claim.origin, "probability": data["probability"], "span_start": claim.span[0],
            "span_end": claim.span[1], "properties": properties}


CLAIM_COLUMNS = ("supplier", "recipient", "materiel", "mode", "places", "period_start", "period_end", "quantity",
                 "status", "attribution", "hedge", "evidence_type", "quote")


def load_reports(workspace: Workspace) -> list[Report]:
    """Every stored report, oldest ingest first."""
    with workspace.store.session() as session:
        rows = session.scalars(select(ReportRow).order_by(ReportRow.ingested_at, ReportRow.id)).all()
    return [report_of(r) for r in rows]


def report_of(r: ReportRow) -> Report:
    """A `reports` row as a Report (the story signature left out of its properties)."""
    properties = {k: v for k, v in (r.properties or {}).items() if k != "story_signature"}
    return Report(id=r.id, text=r.text, url=r.url, publisher=r.publisher, title=r.title, author=r.author,
                  published=r.published, story_id=r.story_id,
                  properties=properties | {"raw_path": r.raw_path, "extracted": r.extracted_at is not None})


def load_claims(workspace: Workspace, report_id: str | None = None) -> list[Claim]:
    """Every stored claim (of one report when `report_id` is given), in report and text order."""
    query = select(ClaimRow).order_by(ClaimRow.report_id, ClaimRow.span_start)
    if report_id is not None:
        query = query.where(ClaimRow.report_id == report_id)
    with workspace.store.session() as session:
        return [claim_of(row) for row in session.scalars(query).all()]


def claim_of(row: ClaimRow) -> Claim:
    props = row.properties or {}
    quantity = Amount(value=row.quantity["value"], unit=row.quantity["unit"]) if row.quantity else None
    return Claim(supplier=row.supplier, recipient=row.recipient, materiel=list(row.materiel), mode=Mode(row.mode),
                 places=list(row.places), period_start=row.period_start, period_end=row.period_end,
                 quantity=quantity, status=ClaimStatus(row.status), attribution=list(row.attribution),
                 hedge=row.hedge, evidence_type=[EvidenceType(e) for e in row.evidence_type], quote=row.quote,
                 span=(row.span_start, row.span_end), report_id=row.report_id,
                 likelihood=Likelihood(props["likelihood"]) if props.get("likelihood") else None,
                 period_precision=props.get("period_precision"))
