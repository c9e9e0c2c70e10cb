"""/api/reports: ingested documents, and one report with its clean text and its claims."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import func, select

from armstrack.store.schema import ClaimRow, ReportRow
from armstrack.web.query import DB, Page, Paged, Windowed, listing, one

router = APIRouter(tags=["reports"])

ALL_CLAIMS = Page(limit=10_000, offset=0)
LISTED = [c for c in ReportRow.__table__.c if c.name != "text"]


@router.get("/reports")
def list_reports(db: DB, paged: Paged, time: Windowed, publisher: Annotated[str | None, Query()] = None,
                 story: Annotated[str | None, Query(description="story id: reposts of one story")] = None,
                 ) -> dict[str, Any]:
    """Reports, newest first, by publication date, publisher and story; without their text."""
    where = _published_within(time.start, time.end)
    if publisher is not None:
        where.append(ReportRow.publisher == publisher)
    if story is not None:
        where.append(ReportRow.story_id == story)
    total = db.scalar(select(func.count()).select_from(ReportRow).where(*where)) or 0
    rows = db.execute(select(*LISTED, func.length(ReportRow.text).label("text_length")).where(*where)
                      .order_by(ReportRow.published.desc(), ReportRow.id).limit(paged.limit).offset(paged.offset))
    items = [dict(row) for row in rows.mappings()]
    counts = dict(db.execute(select(ClaimRow.report_id, func.count()).where(
        ClaimRow.report_id.in_([r["id"] for r in items])).group_by(ClaimRow.report_id)).tuples().all())
    for item in items:
        item["claims"] = counts.get(item["id"], 0)
    return {"total": int(total), "limit": paged.limit, "offset": paged.offset, "items": items}


@router.get("/reports/{report_id}")
def get_report(db: DB, report_id: str) -> dict[str, Any]:
    """One report with its clean text and its claims in text order (spans index the text)."""
    report = one(db, ReportRow, report_id, "report")
    report["claims"] = listing(db, ClaimRow, [ClaimRow.report_id == report_id],
                               [ClaimRow.span_start, ClaimRow.id], ALL_CLAIMS)["items"]
    return report


def _published_within(start: datetime | None, end: datetime | None) -> list[Any]:
    """Reports published within the window (dates compared as dates); undated ones drop out of a window."""
    where: list[Any] = []
    if start is not None:
        where.append(ReportRow.published >= start.date())
    if end is not None:
        where.append(ReportRow.published <= end.date())
    return where
