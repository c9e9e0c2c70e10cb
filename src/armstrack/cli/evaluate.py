"""`armstrack eval claims`: score claim extraction against a folder of gold files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from armstrack.cli.app import app, console, emit_json

eval_app = typer.Typer(help="Score the extractors against hand-made gold files.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("claims")
def claims(folder: Path = typer.Argument(..., help="Folder of NAME.txt + NAME.json gold pairs."),
           json_out: bool = typer.Option(False, "--json", help="Print JSON."),
           verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-file scores, missed and extra claims.")
           ) -> None:
    """Extract claims from every report in FOLDER and print precision, recall, F1 and field accuracy.

    Example: armstrack eval claims tests/reports/fixtures --verbose
    """
    from armstrack.reports.evaluate import evaluate_claims

    with console.status("reading reports"):
        result = evaluate_claims(folder)
    if json_out:
        emit_json(result if verbose else {k: v for k, v in result.items() if k != "per_file"})
        return
    _print_summary(result)
    if verbose:
        _print_files(result["per_file"])


def _print_summary(result: dict[str, Any]) -> None:
    console.print(f"{result['files']} reports: {result['gold']} gold claims, {result['predicted']} predicted, "
                  f"{result['matched']} matched")
    console.print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}")
    table = Table(title="field accuracy on matched claims")
    for column in ("field", "correct", "of", "accuracy"):
        table.add_column(column)
    for name, score in result["fields"].items():
        accuracy = "-" if score["accuracy"] is None else f"{score['accuracy']:.3f}"
        table.add_row(name, str(score["correct"]), str(score["total"]), accuracy)
    console.print(table)


def _print_files(files: list[dict[str, Any]]) -> None:
    table = Table(title="per file")
    for column in ("file", "gold", "predicted", "matched", "field errors"):
        table.add_column(column)
    for item in files:
        errors = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in item["fields"].items() if v[0] != v[1])
        table.add_row(item["name"], str(item["gold"]), str(item["predicted"]), str(item["matched"]), errors or "-")
    console.print(table)
    for item in files:
        for quote in item["missed"]:
            console.print(f"[red]missed[/red] {item['name']}: {quote}")
        for quote in item["extra"]:
            console.print(f"[yellow]extra[/yellow]  {item['name']}: {quote}")
