"""Scene ingest runner: files, folders, URLs and STAC sources into the workspace's `scenes` table.

Each scene is read by the imagery core, given its per-site cloud fractions, and written in its
own transaction, keyed by its content hash: one bad file never stops the others nor leaves a
half-written row, and ingesting the same scene twice is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape
from sqlalchemy import select

from armstrack.imagery.cloud import with_cloud_fractions
from armstrack.imagery.remote import is_remote
from armstrack.imagery.scene import as_utc, read_scene
from armstrack.imagery.stac import iter_stac_scenes
from armstrack.model import ArmstrackError, Corridor, Scene
from armstrack.pipeline.workspace import Workspace
from armstrack.store import upsert
from armstrack.store.schema import SceneRow

SCENE_SUFFIXES = (".tif", ".tiff")
Progress = Callable[[str, int, int], None]  # (item, done, total)


@dataclass
class IngestReport:
    """What an ingest did: ids of new scenes, ids already present, and one reason per failure."""

    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file or item, reason)
    scenes: dict[str, str] = field(default_factory=dict)  # scene id -> file or item it came from

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict[str, Any]:
        return {"added": [{"id": i, "source": self.scenes[i]} for i in self.added],
                "present": [{"id": i, "source": self.scenes[i]} for i in self.present],
                "failed": [{"source": s, "error": e} for s, e in self.failed]}


def expand_sources(paths_or_urls: Iterable[str | Path]) -> list[str]:
    """Files and URLs as given; folders walked (sorted) for .tif/.tiff files."""
    out: list[str] = []
    for entry in paths_or_urls:
        path = Path(entry)
        if is_remote(str(entry)):
            out.append(str(entry))
        elif path.is_dir():
            out.extend(str(p.resolve()) for p in sorted(path.rglob("*"))
                       if p.suffix.lower() in SCENE_SUFFIXES and p.is_file())
        else:
            out.append(str(path.resolve()))
    return out


def add_scenes(workspace: Workspace, paths_or_urls: list[str], acquired: datetime | None = None,
               sensor: str | None = None, progress: Progress | None = None) -> IngestReport:
    """Ingest GeoTIFF/COG files, folders of them, or URLs; see `IngestReport`."""
    corridor = workspace.corridor()
    sources = expand_sources(paths_or_urls)

    def results() -> Iterator[tuple[str, Scene | ArmstrackError]]:
        for source in sources:
            try:
                yield source, with_cloud_fractions(read_scene(source, acquired, sensor, corridor), corridor)
            except ArmstrackError as exc:
                yield source, exc

    return _ingest(workspace, results(), len(sources), progress)


def add_stac(workspace: Workspace, source: str, collection: str | None = None, start: date | None = None,
             end: date | None = None, max_cloud: float | None = None,
             progress: Progress | None = None) -> IngestReport:
    """Ingest the scenes of a STAC Item, Catalog/Collection file or API search."""
    corridor = workspace.corridor()
    items = iter_stac_scenes(source, collection, start, end, max_cloud, corridor)
    return _ingest(workspace, _with_cloud(items, corridor), None, progress)


def _with_cloud(items: Iterable[tuple[str, Scene | ArmstrackError]],
                corridor: Corridor) -> Iterator[tuple[str, Scene | ArmstrackError]]:
    for label, result in items:
        if isinstance(result, Scene):
            try:
                result = with_cloud_fractions(result, corridor)
            except ArmstrackError as exc:
                result = exc
        yield label, result


def _ingest(workspace: Workspace, results: Iterable[tuple[str, Scene | ArmstrackError]], total: int | None,
            progress: Progress | None) -> IngestReport:
    report = IngestReport()
    for done, (source, result) in enumerate(results, start=1):
        if isinstance(result, ArmstrackError):
            report.failed.append((source, str(result)))
        else:
            with workspace.store.transaction() as session:
                new = upsert(session, SceneRow, [scene_row(result)])
            (report.added if new else report.present).append(result.id)
            report.scenes[result.id] = source
        if progress is not None:
            progress(source, done, total or done)
    return report


def scene_row(scene: Scene) -> dict[str, Any]:
    """A Scene as a `scenes` row; per-band asset hrefs go into `properties["assets"]`."""
    properties = dict(scene.properties)
    if scene.assets:
        properties["assets"] = dict(scene.assets)
    return {"id": scene.id, "path": scene.path, "sensor": scene.sensor,
            "acquired": scene.acquired.astimezone(UTC).replace(tzinfo=None), "gsd_m": scene.gsd_m,
            "crs": scene.crs, "footprint": mapping(scene.footprint), "bands": dict(scene.bands),
            "site_ids": list(scene.site_ids), "cloud_fraction": dict(scene.cloud_fraction),
            "properties": properties, "ingested_at": datetime.now(UTC).replace(tzinfo=None)}


def row_scene(row: SceneRow) -> Scene:
    """A `scenes` row back as a Scene (acquisition time in UTC, timezone-aware)."""
    properties = dict(row.properties or {})
    assets = properties.pop("assets", {})
    return Scene(id=row.id, path=row.path, sensor=row.sensor, acquired=as_utc(row.acquired), gsd_m=row.gsd_m,
                 crs=row.crs, footprint=shape(row.footprint), bands={k: int(v) for k, v in row.bands.items()},
                 site_ids=list(row.site_ids), cloud_fraction={k: float(v) for k, v in row.cloud_fraction.items()},
                 properties=properties, assets=dict(assets))


def load_scenes(workspace: Workspace, site_id: str | None = None) -> list[Scene]:
    """The workspace's scenes in acquisition order, optionally only those covering one site."""
    with workspace.store.session() as session:
        rows = session.scalars(select(SceneRow).order_by(SceneRow.acquired, SceneRow.id)).all()
    scenes = [row_scene(row) for row in rows]
    return [s for s in scenes if site_id is None or site_id in s.site_ids]
