"""Serving a workspace: uvicorn on the configured host and port, with what a user needs to know."""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.util import find_spec

from fastapi import FastAPI

from armstrack.model import ArmstrackError
from armstrack.pipeline.workspace import Workspace
from armstrack.settings import ENV_PREFIX, load_settings
from armstrack.store import Store

MAX_WORKERS = 64
FACTORY = "armstrack.web.server:app_from_environment"


def serve_workspace(workspace: Workspace, host: str | None = None, port: int | None = None,
                    say: Callable[[str], None] = print, workers: int = 1) -> None:
    """Serve the dashboard at / and the API at /api until interrupted (defaults: serve_host, serve_port).

    `workers` > 1 starts that many server processes on the same port (each opens the workspace
    itself; SQLite in WAL mode lets them read at once). uvloop and httptools are used when installed.
    """
    import uvicorn

    from armstrack.web.app import create_app

    settings = workspace.settings
    host = host or settings.serve_host
    port = settings.serve_port if port is None else port
    if not 0 < port < 65536:
        raise ArmstrackError(f"port: expected 1-65535, got {port}")
    if not 0 < workers <= MAX_WORKERS:
        raise ArmstrackError(f"workers: expected 1-{MAX_WORKERS}, got {workers}")
    for line in [*banner(workspace, host, port), f"workers: {workers} ({event_loop()})"]:
        say(line)
    options = {"host": host, "port": port, "log_level": "warning", "loop": "auto", "http": "auto"}
    if workers == 1:
        uvicorn.run(create_app(workspace), **options)  # type: ignore[arg-type]
        return
    if settings.workspace is not None:  # each worker process opens it again (the other settings: same env)
        os.environ[ENV_PREFIX + "WORKSPACE"] = str(settings.workspace)
    uvicorn.run(FACTORY, factory=True, workers=workers, **options)  # type: ignore[arg-type]


def app_from_environment() -> FastAPI:
    """The app of the workspace that `ARMSTRACK_*` variables name (what each worker process serves)."""
    from armstrack.web.app import create_app

    settings = load_settings()
    return create_app(Workspace(settings, Store(settings.database)))  # the parent migrated it


def event_loop() -> str:
    """What uvicorn will run on: uvloop + httptools when both are installed."""
    loop = "uvloop" if find_spec("uvloop") else "asyncio"
    http = "httptools" if find_spec("httptools") else "h11"
    return f"{loop} + {http}"


def banner(workspace: Workspace, host: str, port: int) -> list[str]:
    """Where to point the browser, the token for writes, and who may read."""
    settings = workspace.settings
    base = f"http://{host}:{port}"
    token = (f"API token for writes: {settings.api_token} (send 'Authorization: Bearer <token>')"
             if settings.api_token else "no api_token in armstrack.toml: writes are disabled")
    reads = "open to everyone" if settings.serve_open_reads else "open to this machine; other machines need the token"
    return [f"dashboard: {base}/   API: {base}/api   OpenAPI: {base}/openapi.json", token, f"reads: {reads}"]
