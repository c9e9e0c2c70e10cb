"""The root of the CLI: the app, its error handling and the helpers every verb shares.

Verbs live in one module per group beside this one; each is one library call and a print.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from armstrack.model import ArmstrackError
from armstrack.pipeline.workspace import Workspace, open_workspace
from armstrack.settings import Settings, load_settings

console = Console(stderr=True)
BAD_INPUT = 2


class ArmstrackGroup(TyperGroup):
    """Turns bad input anywhere below into one clear line on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ArmstrackError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(BAD_INPUT) from None


app = typer.Typer(
    cls=ArmstrackGroup,
    name="armstrack",
    help="All-source tracker for covert cross-border arms transfers.\n\n"
         "Example: armstrack init demo && cd demo && armstrack status",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(ctx: typer.Context,
         workspace: Path | None = typer.Option(None, "--workspace", "-w", envvar="ARMSTRACK_WORKSPACE",
                                               help="Workspace folder (default: the nearest one above "
                                                    "the current folder).")) -> None:
    ctx.obj = {"workspace": workspace}


def settings_of(ctx: typer.Context) -> Settings:
    workspace = (ctx.find_root().obj or {}).get("workspace")
    return load_settings(workspace)


def workspace_of(ctx: typer.Context) -> Workspace:
    return open_workspace(settings_of(ctx))


def emit_json(obj: Any) -> None:
    """One JSON document (or one line of JSON lines) on stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def fail(message: str) -> None:
    raise ArmstrackError(message)


def parse_day(value: str | None, option: str) -> date | None:
    """An option's YYYY-MM-DD value, or None when not given; bad input names the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArmstrackError(f"{option}: expected a date YYYY-MM-DD, got {value!r}") from None


class Update(Protocol):
    def __call__(self, done: int, total: int, item: str = "") -> None: ...


@contextmanager
def progress_bar(label: str, quiet: bool = False) -> Iterator[Update]:
    """A rich progress bar on stderr (nothing when `quiet`), advanced by `update(done, total, item)`."""
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=console, transient=True, disable=quiet) as bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, item: str = "") -> None:
            bar.update(task, completed=done, total=total, description=item[-60:])

        yield update
