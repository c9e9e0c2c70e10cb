"""`armstrack serve`: options, the banner with the token, and a clear error for a bad port."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from armstrack.pipeline.workspace import Workspace


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_serve_runs_uvicorn_with_options(cli: Callable[..., Result], workspace: Workspace,
                                         served: list[dict[str, Any]]) -> None:
    result = cli("-w", workspace.root, "serve", "--host", "127.0.0.2", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert served[0]["host"] == "127.0.0.2" and served[0]["port"] == 8123
    assert served[0]["app"].title == "armstrack"
    assert workspace.settings.api_token in result.stderr.replace("\n", "")


def test_serve_defaults_from_settings(cli: Callable[..., Result], workspace: Workspace,
                                      served: list[dict[str, Any]]) -> None:
    assert cli("-w", workspace.root, "serve").exit_code == 0
    assert (served[0]["host"], served[0]["port"]) == ("127.0.0.1", 8000)


def test_serve_refuses_a_bad_port(cli: Callable[..., Result], workspace: Workspace,
                                  served: list[dict[str, Any]]) -> None:
    result = cli("-w", workspace.root, "serve", "--port", "70000")
    assert result.exit_code == 2 and "port" in result.stderr and not served


def test_serve_called_directly_uses_settings(workspace: Workspace, served: list[dict[str, Any]]) -> None:
    """`ctx.invoke(serve, ctx)` passes typer's option declarations as values: they mean "not given"."""
    import typer

    from armstrack.cli.app import app
    from armstrack.cli.web import serve

    with typer.main.get_command(app).make_context("armstrack", ["-w", str(workspace.root), "status"]) as ctx:
        ctx.obj = {"workspace": workspace.root}
        serve(ctx, typer.Option(None), typer.Option(None))  # type: ignore[arg-type]
    assert (served[0]["host"], served[0]["port"]) == ("127.0.0.1", 8000)


def test_serve_one_worker_runs_the_app_on_uvloop_when_installed(cli: Callable[..., Result], workspace: Workspace,
                                                                served: list[dict[str, Any]]) -> None:
    result = cli("-w", workspace.root, "serve", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert served[0]["loop"] == "auto" and served[0]["http"] == "auto" and "workers" not in served[0]
    assert "workers: 1" in result.stderr


def test_serve_several_workers_open_the_workspace_each(cli: Callable[..., Result], workspace: Workspace,
                                                        served: list[dict[str, Any]],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSTRACK_WORKSPACE", "")  # restored after the test; serve sets it for the workers
    result = cli("-w", workspace.root, "serve", "--workers", "3")
    assert result.exit_code == 0, result.output
    assert served[0]["app"] == "armstrack.web.server:app_from_environment"
    assert served[0]["factory"] is True and served[0]["workers"] == 3

    from fastapi.testclient import TestClient

    from armstrack.web.server import app_from_environment

    app = app_from_environment()  # what each worker process builds from the environment serve left
    assert app.state.workspace.root == workspace.root
    with TestClient(app, client=("127.0.0.1", 5000)) as client:
        assert client.get("/api/summary").json()["counts"]["sites"] > 0


@pytest.mark.parametrize("workers", ["0", "-2", "65", "two"])
def test_serve_refuses_bad_worker_counts(cli: Callable[..., Result], workspace: Workspace,
                                         served: list[dict[str, Any]], workers: str) -> None:
    result = cli("-w", workspace.root, "serve", "--workers", workers)
    assert result.exit_code == 2 and "workers" in result.stderr and not served
