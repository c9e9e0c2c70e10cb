"""`armstrack serve`: the HTTP API and the dashboard over the workspace."""

from __future__ import annotations

import typer

from armstrack.cli.app import app, console, workspace_of
from armstrack.model import ArmstrackError


@app.command()
def serve(ctx: typer.Context,
          host: str | None = typer.Option(None, "--host", help="Address to listen on (default: serve_host, "
                                                               "127.0.0.1: this machine only)."),
          port: int | None = typer.Option(None, "--port", help="Port (default: serve_port, 8000).")) -> None:
    """Serve the dashboard at / and the API at /api (OpenAPI at /openapi.json) until Ctrl-C.

    Example: armstrack serve --port 8000
    """
    import uvicorn

    from armstrack.web.app import create_app

    workspace = workspace_of(ctx)
    settings = workspace.settings
    host = host or settings.serve_host
    port = settings.serve_port if port is None else port
    if not 0 < port < 65536:
        raise ArmstrackError(f"--port: expected 1-65535, got {port}")
    console.print(f"dashboard: http://{host}:{port}/   API: http://{host}:{port}/api   "
                  f"OpenAPI: http://{host}:{port}/openapi.json")
    if settings.api_token:
        console.print(f"API token for writes: [bold]{settings.api_token}[/] (Authorization: Bearer <token>)")
    else:
        console.print("no api_token in armstrack.toml: writes are disabled")
    reads = "open to everyone" if settings.serve_open_reads else "open to this machine, others need the token"
    console.print(f"reads: {reads}")
    uvicorn.run(create_app(workspace), host=host, port=port, log_level="warning")
