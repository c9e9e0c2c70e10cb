"""Runner for screening: keep lists in the workspace, screen what the workspace mentions, store hits.

Lists are not put in the database: `add_list` records each in `sanction_lists` and keeps a copy
of the file and a compact index (JSON) in the workspace's `lists` cache. Hits are upserted by
`ScreeningHit.id`, so re-screening is idempotent and never touches an analyst's `decision`.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from armstrack.model import ArmstrackError, ScreeningHit
from armstrack.pipeline.workspace import Workspace
from armstrack.screening.export import case_entities, write_entities
from armstrack.screening.index import ListIndex
from armstrack.screening.lists import ListInfo, load_list
from armstrack.screening.matching import DEFAULT_THRESHOLD, Match, Screener
from armstrack.screening.mentions import merge_queries, property_queries, vessel_mentions
from armstrack.screening.query import EntityType, Query
from armstrack.store import upsert
from armstrack.store.schema import ClaimRow, NoteRow, SanctionListRow, ScreeningHitRow, SiteRow

DECISIONS = ("confirmed", "dismissed")
REFRESHED = ("query", "entity_type", "list_name", "entry_id", "name", "score", "explanation")


@dataclass
class ScreenReport:
    """What one screening run did."""

    subjects: int
    lists: int
    hits: int
    new_hits: int
    decided: int
    seconds: float
    matches: list[Match] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"subjects": self.subjects, "lists": self.lists, "hits": self.hits, "new_hits": self.new_hits,
                "decided": self.decided, "seconds": round(self.seconds, 3)}


# --- lists ----------------------------------------------------------------------------------


def _cached_copy(workspace: Workspace, path: Path, info: ListInfo) -> Path:
    """Copy the list file (and an OFAC alt.csv beside it) into the cache, named by content hash."""
    folder = workspace.cache("lists")
    target = folder / f"{info.id}-{path.name.lower()}"
    shutil.copyfile(path, target)
    alt = path.with_name(path.name.lower().replace("sdn", "alt"))
    if info.format == "ofac-csv" and alt != path and alt.is_file():
        shutil.copyfile(alt, target.with_name(target.name.replace("sdn", "alt")))
    return target


def _index_path(workspace: Workspace, list_id: str) -> Path:
    return workspace.cache("lists") / f"{list_id}.index.json"


def _write_index(workspace: Workspace, index: ListIndex) -> None:
    target = _index_path(workspace, index.list_id)
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(index.to_dict(), ensure_ascii=False), encoding="utf-8")
    os.replace(partial, target)


def add_list(workspace: Workspace, path: Path, fmt: str, name: str | None = None) -> ListInfo:
    """Load a list file (validated whole first), keep a copy and its index, record it. Adding the
    same file again is a no-op except that `name` renames it; a different file under the name of a
    list already there replaces that list (a new version: its hits and decisions keep their ids)."""
    sanction_list = load_list(path, fmt, name)
    info = sanction_list.info
    copy = _cached_copy(workspace, path, info)
    _write_index(workspace, ListIndex.build(sanction_list))
    row = {"id": info.id, "name": info.name, "format": fmt, "version": info.version, "path": str(copy),
           "entries": info.entries, "loaded_at": datetime.now(UTC).replace(tzinfo=None)}
    with workspace.store.transaction() as session:
        replaced = session.scalars(select(SanctionListRow).where(
            SanctionListRow.name == info.name, SanctionListRow.id != info.id)).all()
        for old in replaced:
            session.delete(old)
        upsert(session, SanctionListRow, [row], update=("name",) if name else ())
    for old in replaced:
        _remove_cached(workspace, old.id)
    return info


def _remove_cached(workspace: Workspace, list_id: str) -> None:
    for cached in workspace.cache("lists").glob(f"{list_id}[-.]*"):
        cached.unlink(missing_ok=True)


def list_infos(workspace: Workspace) -> list[ListInfo]:
    """The workspace's lists, oldest first."""
    with workspace.store.session() as session:
        rows = session.scalars(select(SanctionListRow).order_by(SanctionListRow.loaded_at)).all()
    return [ListInfo(id=r.id, name=r.name, format=r.format, version=r.version, entries=r.entries, path=r.path)
            for r in rows]


def load_indexes(workspace: Workspace) -> list[ListIndex]:
    """Every list's index, from its cache file (rebuilt from the kept copy when missing)."""
    indexes = []
    for info in list_infos(workspace):
        cache = _index_path(workspace, info.id)
        if cache.is_file():
            index = ListIndex.from_dict(json.loads(cache.read_text(encoding="utf-8")))
        else:
            index = ListIndex.build(load_list(Path(info.path), info.format, info.name))
            _write_index(workspace, index)
        index.list_name = info.name
        indexes.append(index)
    return indexes


def file_indexes(lists: Iterable[tuple[Path, str]]) -> list[ListIndex]:
    """Indexes for list files given on the command line (not stored anywhere)."""
    return [ListIndex.build(load_list(path, fmt)) for path, fmt in lists]


# --- screening ------------------------------------------------------------------------------


def screen_name(query: Query, workspace: Workspace | None = None, lists: Iterable[tuple[Path, str]] = (),
                threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
    """Screen one name against the workspace's lists (if any) and the given list files."""
    indexes = (load_indexes(workspace) if workspace is not None else []) + file_indexes(lists)
    if not indexes:
        raise ArmstrackError("no sanctions list to screen against: add one with `armstrack lists add FILE "
                             "--format FMT` or pass --list FILE --format FMT")
    return Screener(indexes).screen(query, threshold)


def workspace_subjects(workspace: Workspace) -> list[Query]:
    """Everything the workspace names: claim suppliers/recipients and the entities and vessels in
    claim properties and quotes, sites (with aliases), and vessels mentioned in notes."""
    found: list[Query] = []
    with workspace.store.session() as session:
        for claim in session.scalars(select(ClaimRow)).all():
            origin = f"claim:{claim.id}"
            found += [Query(n, origins=(origin,)) for n in (claim.supplier, claim.recipient) if n and n.strip()]
            found += property_queries(claim.properties or {}, origin)
            found += vessel_mentions(claim.quote or "", origin)
        for site in session.scalars(select(SiteRow)).all():
            kind = EntityType.COMPANY if site.kind == "factory" else EntityType.ENTITY
            found.append(Query(site.name, kind, aliases=tuple(site.aliases or ()), origins=(f"site:{site.id}",)))
        for note in session.scalars(select(NoteRow)).all():
            found += vessel_mentions(note.text, f"note:{note.id}")
    return merge_queries(found)


def _hit_row(match: Match) -> dict[str, Any]:
    hit = match.hit()
    return {"id": hit.id, "query": hit.query, "entity_type": match.query.type.value, "list_name": hit.list_name,
            "entry_id": hit.entry_id, "name": hit.name, "score": hit.score, "explanation": hit.explanation}


def _screen(workspace: Workspace, threshold: float) -> tuple[list[Query], int, list[Match]]:
    indexes = load_indexes(workspace)
    if not indexes:
        raise ArmstrackError("the workspace has no sanctions list: add one with "
                             "`armstrack lists add FILE --format FMT`")
    subjects = workspace_subjects(workspace)
    screener = Screener(indexes)
    return subjects, len(indexes), [m for query in subjects for m in screener.screen(query, threshold)]


def screen_workspace(workspace: Workspace, threshold: float = DEFAULT_THRESHOLD) -> ScreenReport:
    """Screen every subject of the workspace against its lists and store the hits (one transaction).
    Re-running refreshes scores and explanations and keeps every decision."""
    started = time.perf_counter()
    subjects, lists, matches = _screen(workspace, threshold)
    rows = list({row["id"]: row for row in map(_hit_row, matches)}.values())
    with workspace.store.transaction() as session:
        known = set(session.scalars(select(ScreeningHitRow.id).where(ScreeningHitRow.id.in_([r["id"] for r in rows]))))
        upsert(session, ScreeningHitRow, rows, update=REFRESHED)
        decided = session.scalars(select(ScreeningHitRow.id).where(
            ScreeningHitRow.id.in_([r["id"] for r in rows]), ScreeningHitRow.decision.is_not(None))).all()
    return ScreenReport(subjects=len(subjects), lists=lists, hits=len(rows),
                        new_hits=len([r for r in rows if r["id"] not in known]), decided=len(decided),
                        seconds=time.perf_counter() - started, matches=matches)


# --- decisions and results ------------------------------------------------------------------


def decide(workspace: Workspace, hit_id: str, decision: str) -> ScreeningHit:
    """Record an analyst's decision on a hit ("confirmed" or "dismissed"); re-screening keeps it."""
    if decision not in DECISIONS:
        raise ArmstrackError(f"decision {decision!r} is not known; expected one of: {', '.join(DECISIONS)}")
    with workspace.store.transaction() as session:
        row = session.get(ScreeningHitRow, hit_id)
        if row is None:
            raise ArmstrackError(f"no screening hit with id {hit_id!r} (see `armstrack screen hits`)")
        row.decision = decision
        row.decided_at = datetime.now(UTC).replace(tzinfo=None)
        return _hit(row)


def _hit(row: ScreeningHitRow) -> ScreeningHit:
    return ScreeningHit(query=row.query, list_name=row.list_name, entry_id=row.entry_id, name=row.name,
                        score=row.score, explanation=row.explanation, decision=row.decision)


def stored_hits(workspace: Workspace) -> list[dict[str, Any]]:
    """Every stored hit with its id, type and decision, best first."""
    with workspace.store.session() as session:
        rows = session.scalars(select(ScreeningHitRow).order_by(ScreeningHitRow.score.desc(),
                                                                ScreeningHitRow.id)).all()
    return [{"id": r.id, "query": r.query, "type": r.entity_type, "list": r.list_name, "entry_id": r.entry_id,
             "name": r.name, "score": r.score, "explanation": r.explanation, "decision": r.decision}
            for r in rows]


def export_ftm(workspace: Workspace, target: Path, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Write the workspace's screening case (subjects, matched entries, matches with the decisions
    stored for them) as FollowTheMoney JSON lines; returns how many entities. Stores nothing."""
    subjects, _lists, matches = _screen(workspace, threshold)
    decisions = {h["id"]: h["decision"] for h in stored_hits(workspace)}
    return write_case(target, subjects, matches, decisions)


def write_case(target: Path, queries: list[Query], matches: list[Match], decisions: dict[str, str | None]) -> int:
    """Write a case (e.g. one `screen NAME` query and its hits) as FollowTheMoney JSON lines."""
    try:
        with target.open("w", encoding="utf-8") as handle:
            return write_entities(case_entities(queries, matches, decisions), handle)
    except OSError as exc:
        raise ArmstrackError(f"{target}: cannot write the FtM export ({exc.strerror})") from None
