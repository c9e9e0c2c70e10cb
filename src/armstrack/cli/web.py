"""`armstrack serve`: the HTTP API and the dashboard over the workspace."""

from __future__ import annotations

from typing import Any

import typer

from armstrack.cli.app import app, console, workspace_of


@app.command()
def serve(ctx: typer.Context,
          host: str | None = typer.Option(None, "--host", help="Address to listen on (default: serve_host, "
                                                               "127.0.0.1: this machine only)."),
          port: int | None = typer.Option(None, "--port", help="Port (default: serve_port, 8000)."),
          workers: int = typer.Option(1, "--workers", help="Server processes on the port (SQLite in WAL mode: "
                                                           "they read at once); 2 per CPU core at most is sensible."),
          ) -> None:
    """Serve the dashboard at / and the API at /api (OpenAPI at /openapi.json) until Ctrl-C.

    Example: armstrack serve --port 8000 --workers 2
    """
    from armstrack.web.server import serve_workspace

    count = _given(workers, int)
    serve_workspace(workspace_of(ctx), _given(host, str), _given(port, int), say=console.print,
                    workers=1 if count is None else count)


def _given(value: Any, kind: type) -> Any:
    """The option's value; None when this function was called directly (ctx.invoke) and typer's
    option declaration stands in for it."""
    return value if isinstance(value, kind) else None
