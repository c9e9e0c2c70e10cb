"""The FastAPI app: the read/write API under /api and the dashboard at /, one process, no internet."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import metadata, resources
from pathlib import Path

from fastapi import Depends, FastAPI, Request, status
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armstrack.model import ArmstrackError
from armstrack.pipeline.workspace import Workspace
from armstrack.web.api import ROUTERS
from armstrack.web.auth import require_read
from armstrack.web.cache import ResponseCache, data_version

# No inline script, nothing from another origin: a report's text can never run in the page.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def static_dir() -> Path:
    """The dashboard's files, bundled in the package (vendor libraries included)."""
    return Path(str(resources.files("armstrack.web") / "static"))


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(workspace: Workspace, cache: bool = True) -> FastAPI:
    """The HTTP API and dashboard over one workspace's store.

    With `cache`, API reads are answered from memory while the store's data version stays the same,
    with ETags (see `armstrack.web.cache`). Swagger UI and ReDoc are off (their assets come from a
    CDN); the OpenAPI description is at /openapi.json.
    """
    app = FastAPI(title="armstrack", version=_version(), lifespan=_lifespan,
                  description="Sites, scenes, measurements, anomalies, reports, claims, sources, shipments "
                              "and screening hits of one armstrack workspace.",
                  docs_url=None, redoc_url=None)
    app.state.workspace = workspace  # what every endpoint reads: its store and its settings
    app.add_middleware(ResponseCache, settings=workspace.settings,
                       version=data_version(workspace.store.engine) if cache else None)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so answers from the cache carry them too
    app.add_exception_handler(ArmstrackError, _bad_input)
    for router in ROUTERS.values():
        app.include_router(router, prefix="/api", dependencies=[Depends(require_read)])
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.add_api_route("/", _index, include_in_schema=False, dependencies=[Depends(require_read)])
    return app


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # What exists before serving (modules, the app) lives as long as the process: moved out of the
    # collector's sight, the full collections that big responses trigger get cheap (series: ~2x faster).
    gc.freeze()
    yield


async def _index() -> FileResponse:
    return FileResponse(static_dir() / "index.html", media_type="text/html")


async def _bad_input(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_400_BAD_REQUEST)


def _version() -> str:
    try:
        return metadata.version("armstrack")
    except metadata.PackageNotFoundError:
        return "0"
