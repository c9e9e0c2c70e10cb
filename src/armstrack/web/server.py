"""Serving a workspace: uvicorn on the configured host and port, with what a user needs to know."""

from __future__ import annotations

from collections.abc import Callable

from armstrack.model import ArmstrackError
from armstrack.pipeline.workspace import Workspace


def serve_workspace(workspace: Workspace, host: str | None = None, port: int | None = None,
                    say: Callable[[str], None] = print) -> None:
    """Serve the dashboard at / and the API at /api until interrupted (defaults: serve_host, serve_port)."""
    import uvicorn

    from armstrack.web.app import create_app

    settings = workspace.settings
    host = host or settings.serve_host
    port = settings.serve_port if port is None else port
    if not 0 < port < 65536:
        raise ArmstrackError(f"port: expected 1-65535, got {port}")
    for line in banner(workspace, host, port):
        say(line)
    uvicorn.run(create_app(workspace), host=host, port=port, log_level="warning")


def banner(workspace: Workspace, host: str, port: int) -> list[str]:
    """Where to point the browser, the token for writes, and who may read."""
    settings = workspace.settings
    base = f"http://{host}:{port}"
    token = (f"API token for writes: {settings.api_token} (send 'Authorization: Bearer <token>')"
             if settings.api_token else "no api_token in armstrack.toml: writes are disabled")
    reads = "open to everyone" if settings.serve_open_reads else "open to this machine; other machines need the token"
    return [f"dashboard: {base}/   API: {base}/api   OpenAPI: {base}/openapi.json", token, f"reads: {reads}"]
