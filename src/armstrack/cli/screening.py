"""`armstrack lists add|show` and `armstrack screen`: sanctions lists and screening."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from armstrack.cli.app import app, console, emit_json, settings_of, workspace_of
from armstrack.model import ArmstrackError
from armstrack.pipeline.screening import (
    add_list,
    decide,
    export_ftm,
    list_infos,
    screen_name,
    screen_workspace,
    stored_hits,
    write_case,
)
from armstrack.pipeline.workspace import Workspace
from armstrack.screening import DEFAULT_THRESHOLD, FORMATS, EntityType, Match, Query

lists_app = typer.Typer(help="Sanctions lists kept in the workspace (OFAC, UN, EU, OpenSanctions).",
                        no_args_is_help=True)
app.add_typer(lists_app, name="lists")

FORMAT_HELP = f"List format: {' | '.join(FORMATS)}."


@lists_app.command("add")
def lists_add(ctx: typer.Context, path: Path = typer.Argument(..., help="The list file (for ofac-csv: sdn.csv, "
                                                                         "with alt.csv beside it)."),
              fmt: str = typer.Option(..., "--format", "-f", help=FORMAT_HELP),
              name: str | None = typer.Option(None, "--name", help="Name of the list (default: the file's stem)."),
              json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Load a sanctions list file into the workspace (validated whole; a bad file changes nothing).

    Example: armstrack lists add sdn.xml --format ofac-xml --name ofac-sdn
    """
    info = add_list(workspace_of(ctx), path, fmt, name)
    if json_out:
        emit_json(info.as_dict())
        return
    console.print(f"list [bold]{info.name}[/] ({info.format}, version {info.version or 'unknown'}): "
                  f"{info.entries} entries")


@lists_app.command("show")
def lists_show(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The workspace's lists: name, format, version (publish date) and number of entries.

    Example: armstrack lists show --json
    """
    infos = list_infos(workspace_of(ctx))
    if json_out:
        emit_json([info.as_dict() for info in infos])
        return
    table = Table(title="sanctions lists")
    for column in ("name", "format", "version", "entries", "id"):
        table.add_column(column)
    for info in infos:
        table.add_row(info.name, info.format, info.version or "-", str(info.entries), info.id)
    console.print(table)


def _file_lists(files: list[Path], formats: list[str]) -> list[tuple[Path, str]]:
    """Pair each --list with its --format (one --format serves every --list)."""
    if files and not formats:
        raise ArmstrackError(f"--list needs --format ({' | '.join(FORMATS)})")
    if len(formats) not in (1, len(files)):
        raise ArmstrackError(f"give one --format for all lists or one per --list (got {len(files)} lists, "
                             f"{len(formats)} formats)")
    return [(path, formats[0] if len(formats) == 1 else formats[i]) for i, path in enumerate(files)]


def _optional_workspace(ctx: typer.Context) -> Workspace | None:
    return workspace_of(ctx) if settings_of(ctx).workspace is not None else None


def _print_hits(title: str, hits: list[dict[str, object]]) -> None:
    table = Table(title=title)
    for column in ("id", "query", "list", "entry_id", "name", "score", "decision"):
        table.add_column(column)
    for hit in hits:
        table.add_row(*(str(hit.get(c) if hit.get(c) is not None else "-") for c in
                        ("id", "query", "list", "entry_id", "name", "score", "decision")))
    console.print(table)


@app.command()
def screen(ctx: typer.Context,
           name: str | None = typer.Argument(None, help="Name to screen; without it, screen the whole workspace."),
           entity_type: str | None = typer.Option(None, "--type", help="vessel | company | person."),
           imo: str | None = typer.Option(None, "--imo", help="IMO number of a vessel (decisive both ways)."),
           files: list[Path] = typer.Option([], "--list", help="A list file to screen against (repeatable)."),
           formats: list[str] = typer.Option([], "--format", help=FORMAT_HELP),
           threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold", help="Lowest score reported (0-1)."),
           confirm: str | None = typer.Option(None, "--confirm", help="Confirm a stored hit by its id."),
           dismiss: str | None = typer.Option(None, "--dismiss", help="Dismiss a stored hit by its id."),
           export: Path | None = typer.Option(None, "--export-ftm", help="Write the case as FtM JSON lines."),
           json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Screen a name (or, in a workspace, everything it mentions) against sanctions lists.

    Example: armstrack screen "Lady R" --type vessel --imo 9161003 --list sdn.xml --format ofac-xml --json
    """
    if not 0.0 <= threshold <= 1.0:
        raise ArmstrackError(f"--threshold must be within [0, 1], got {threshold}")
    if confirm or dismiss:
        hit = decide(workspace_of(ctx), confirm or dismiss or "", "confirmed" if confirm else "dismissed")
        if json_out:
            emit_json({"id": hit.id, "query": hit.query, "list": hit.list_name, "entry_id": hit.entry_id,
                       "decision": hit.decision})
        else:
            console.print(f"hit {hit.id} ({hit.query} ~ {hit.name}, {hit.list_name}): {hit.decision}")
        return
    if name is None:
        _screen_workspace(ctx, threshold, export, json_out)
        return
    query = Query(name, EntityType.parse(entity_type), imo=imo, origins=("cli",))
    matches = screen_name(query, _optional_workspace(ctx), _file_lists(files, formats), threshold)
    if export is not None:
        write_case(export, [query], matches, {})
    _print_matches(query, entity_type, matches, json_out)


def _print_matches(query: Query, entity_type: str | None, matches: list[Match], json_out: bool) -> None:
    if json_out:
        emit_json({"query": {"name": query.name, "type": entity_type and query.type.value, "imo": query.imo},
                   "hits": [m.as_dict() for m in matches]})
        return
    table = Table(title=f"screening {query.name!r}: {len(matches)} hits")
    for column in ("score", "list", "entry_id", "name", "explanation"):
        table.add_column(column)
    for match in matches:
        table.add_row(f"{match.score:.2f}", match.list_name, match.entry_id, match.name, match.explanation)
    console.print(table)


def _screen_workspace(ctx: typer.Context, threshold: float, export: Path | None, json_out: bool) -> None:
    workspace = workspace_of(ctx)
    if export is not None:
        count = export_ftm(workspace, export, threshold)
        if json_out:
            emit_json({"export": str(export), "entities": count})
        else:
            console.print(f"wrote {count} FollowTheMoney entities to {export}")
        return
    report = screen_workspace(workspace, threshold)
    hits = stored_hits(workspace)
    if json_out:
        emit_json({**report.as_dict(), "stored_hits": hits})
        return
    console.print(f"screened {report.subjects} names against {report.lists} lists in {report.seconds:.1f} s: "
                  f"{report.hits} hits ({report.new_hits} new, {report.decided} decided)")
    _print_hits("screening hits (confirm or dismiss with --confirm/--dismiss ID)", hits)
