"""/api/claims: transfer claims read from reports, and each claim's quote in its report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from armstrack.model import ClaimStatus, Mode
from armstrack.store.schema import ClaimRow, ReportRow
from armstrack.web.api.sources import sources_named
from armstrack.web.query import DB, Paged, Windowed, listing, one

router = APIRouter(tags=["claims"])

MAX_CONTEXT = 2000


@router.get("/claims")
def list_claims(db: DB, paged: Paged, time: Windowed, mode: Annotated[Mode | None, Query()] = None,
                status: Annotated[ClaimStatus | None, Query()] = None,
                report: Annotated[str | None, Query(description="report id")] = None,
                origin: Annotated[str | None, Query(description="innermost source of the attribution")] = None,
                min_probability: Annotated[float | None, Query(ge=0, le=1)] = None) -> dict[str, Any]:
    """Claims by period (overlapping from/to), mode, status, report, origin and hedge probability."""
    where = time.month_overlaps(ClaimRow.period_start, ClaimRow.period_end)
    if mode is not None:
        where.append(ClaimRow.mode == mode.value)
    if status is not None:
        where.append(ClaimRow.status == status.value)
    if report is not None:
        where.append(ClaimRow.report_id == report)
    if origin is not None:
        where.append(ClaimRow.origin == origin)
    if min_probability is not None:
        where.append(ClaimRow.probability >= min_probability)
    return listing(db, ClaimRow, where, [ClaimRow.period_start.desc(), ClaimRow.id.desc()], paged)


@router.get("/claims/{claim_id}")
def get_claim(db: DB, claim_id: str) -> dict[str, Any]:
    """One claim with the graded sources of its attribution chain."""
    claim = one(db, ClaimRow, claim_id, "claim")
    claim["sources"] = sources_named(db, claim["attribution"])
    return claim


@router.get("/claims/{claim_id}/quote")
def claim_quote(db: DB, claim_id: str,
                context: Annotated[int, Query(ge=0, le=MAX_CONTEXT, description="characters each side")] = 300,
                ) -> dict[str, Any]:
    """The claim's quote in its report: the text before, the span itself, the text after."""
    claim = one(db, ClaimRow, claim_id, "claim")
    report = db.execute(select(ReportRow.text, ReportRow.title, ReportRow.url, ReportRow.publisher)
                        .where(ReportRow.id == claim["report_id"])).mappings().one()
    text: str = report["text"]
    start = max(0, min(claim["span_start"], len(text)))
    end = max(start, min(claim["span_end"], len(text)))
    return {"claim_id": claim_id, "report_id": claim["report_id"], "title": report["title"],
            "url": report["url"], "publisher": report["publisher"], "span": [start, end],
            "before": text[max(0, start - context):start], "quote": text[start:end],
            "after": text[end:end + context], "truncated_before": start - context > 0,
            "truncated_after": end + context < len(text),
            "matches_stored_quote": text[start:end] == claim["quote"]}
