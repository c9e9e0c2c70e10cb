"""The command line: `armstrack VERB ...`. One module per group of verbs."""

from __future__ import annotations

# Each module registers its verbs on `app` when imported.
from armstrack.cli import (  # noqa: F401
    corridor,
    evaluate,
    fusion,
    imagery,
    measure,
    reports,
    run,
    screening,
    simulate,
    web,
    workspace,
)
from armstrack.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
