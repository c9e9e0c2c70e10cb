"""/api/health (the cheapest endpoint, a reference for latency) and /api/summary (what the store holds)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter(tags=["meta"])


@router.get("/health")
async def health() -> dict[str, Any]:
    """Always `{"ok": true}`: proves the server answers (on the event loop: no thread hop)."""
    return {"ok": True}


@router.get("/summary")
def summary(request: Request) -> dict[str, Any]:
    """One count per vocabulary item, and whether writes are possible (a token is set)."""
    return {"counts": request.app.state.workspace.store.counts(),
            "writes_enabled": bool(request.app.state.workspace.settings.api_token)}
