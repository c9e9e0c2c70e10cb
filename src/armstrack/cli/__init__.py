"""The command line: `armstrack VERB ...`. One module per group of verbs."""

from __future__ import annotations

from armstrack.cli import corridor, workspace  # noqa: F401  (they register their verbs)
from armstrack.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
