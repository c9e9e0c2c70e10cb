"""`armstrack reports add|list` and `armstrack extract`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from armstrack.cli.app import app, console, emit_json, parse_day, progress_bar, settings_of, workspace_of
from armstrack.pipeline.reports import add_reports, extract_file, extract_reports, load_reports

reports_app = typer.Typer(help="Ingest reports (URLs, HTML, text, PDF, RSS/Atom) and list them.",
                          no_args_is_help=True)
app.add_typer(reports_app, name="reports")


@reports_app.command("add")
def add(ctx: typer.Context,
        targets: list[str] = typer.Argument(..., help="URLs, files or folders (a folder: every report file in it)."),
        feed: bool = typer.Option(False, "--feed", help="Each target is an RSS/Atom feed: one report per entry."),
        publisher: str | None = typer.Option(None, "--publisher", help="Publisher, instead of the one found."),
        published: str | None = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
        allow_private: bool = typer.Option(False, "--allow-private",
                                           help="Allow URLs on loopback/private addresses and file: URLs."),
        json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Ingest reports; re-adding one changes nothing, a bad item is reported and the rest go on.

    Example: armstrack reports add https://example.org/story.html notes/ --publisher "Border Monitor"
    """
    day = parse_day(published, "--published")
    workspace = workspace_of(ctx)
    with progress_bar("ingest", json_out) as progress:
        result = add_reports(workspace, targets, publisher=publisher, published=day, feed=feed,
                             allow_private=allow_private, progress=progress)
    if json_out:
        emit_json(result.as_dict())
    else:
        for item in result.added:
            repost = "" if item.story_id == item.id else f" (repost of story {item.story_id})"
            typer.echo(f"added {item.id}  {item.title or item.name}{repost}", err=True)
        typer.echo(f"{len(result.added)} added, {len(result.unchanged)} already there, {len(result.errors)} failed",
                   err=True)
        for error in result.errors:
            typer.echo(f"error: {error}", err=True)
    if result.errors and not result.added and not result.unchanged:
        raise typer.Exit(2)


@reports_app.command("list")
def list_reports(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the stored reports with their story and whether claims were extracted.

    Example: armstrack reports list --json
    """
    reports = load_reports(workspace_of(ctx))
    rows = [{"id": r.id, "url": r.url, "publisher": r.publisher, "title": r.title, "author": r.author,
             "published": r.published.isoformat() if r.published else None, "story_id": r.story_id,
             "chars": len(r.text), "extracted": r.properties.get("extracted")} for r in reports]
    if json_out:
        emit_json(rows)
        return
    table = Table(title=f"{len(rows)} reports")
    for column in ("id", "published", "publisher", "title", "story", "extracted"):
        table.add_column(column)
    for row in rows:
        story = "" if row["story_id"] == row["id"] else str(row["story_id"])[:8]
        table.add_row(str(row["id"])[:8], str(row["published"] or "-"), escape(str(row["publisher"] or "-")),
                      escape(str(row["title"] or row["url"] or "-")[:70]), story, "yes" if row["extracted"] else "no")
    console.print(table)


@app.command("extract")
def extract(ctx: typer.Context,
            file: Path | None = typer.Argument(None, help="An HTML or text file; none: every report of the "
                                                          "workspace not yet extracted."),
            published: str | None = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
            publisher: str | None = typer.Option(None, "--publisher", help="Publisher of the report."),
            url: str | None = typer.Option(None, "--url", help="URL of the report."),
            force: bool = typer.Option(False, "--force", help="In a workspace: extract every report again."),
            json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Transfer claims out of one file (no workspace needed) or out of the workspace's new reports.

    Example: armstrack extract article.html --published 2023-09-15 --publisher "The Messenger" --json
    """
    day = parse_day(published, "--published")
    if file is None:
        with progress_bar("extract", json_out) as progress:
            result = extract_reports(workspace_of(ctx), force=force, progress=progress)
        if json_out:
            emit_json(result.as_dict())
            return
        typer.echo(f"{result.reports} reports read, {result.claims} claims, {len(result.errors)} failed", err=True)
        for error in result.errors:
            typer.echo(f"error: {error}", err=True)
        return
    extracted = extract_file(file, published=day, publisher=publisher, url=url,
                             max_bytes=settings_of(ctx).fetch_max_bytes)
    if json_out:
        emit_json(extracted)
        return
    print_claims(extracted["report"], extracted["claims"])


def print_claims(report: dict[str, Any], claims: list[dict[str, Any]]) -> None:
    table = Table(title=escape(f"{len(claims)} claims in {report['title'] or report['url'] or report['id']}"))
    for column in ("supplier -> recipient", "materiel", "mode", "period", "status", "attribution", "quote"):
        table.add_column(column, overflow="fold")
    for c in claims:
        period = "-".join(p for p in (c["period_start"], c["period_end"]) if p) or "?"
        status = c["status"] + (f" ({c['hedge']})" if c["hedge"] else "")
        cells = (f"{c['supplier'] or '?'} -> {c['recipient'] or '?'}", ", ".join(c["materiel"]), c["mode"], period,
                 status, " < ".join(c["attribution"]), c["quote"][:160])
        table.add_row(*(escape(cell) for cell in cells))
    console.print(table)
