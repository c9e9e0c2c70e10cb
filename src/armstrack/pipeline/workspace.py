"""Workspaces: a folder with a config file, the database, the caches and the corridor."""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
from shapely.geometry import mapping
from sqlalchemy import delete

from armstrack.corridor.geojson import default_corridor_path, load_corridor
from armstrack.model import ArmstrackError, Corridor
from armstrack.settings import CONFIG_NAME, Settings, load_settings
from armstrack.store import Store, upsert
from armstrack.store.schema import RouteRow, SiteFeatureRow, SiteRow

CACHE_FOLDERS = ("imagery", "reports", "chips", "lists")


@dataclass
class Workspace:
    settings: Settings
    store: Store

    @property
    def root(self) -> Path:
        assert self.settings.workspace is not None
        return self.settings.workspace

    def corridor(self) -> Corridor:
        return load_corridor(self.settings.corridor_path)

    def cache(self, name: str) -> Path:
        folder = self.settings.cache_path / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def init_workspace(folder: Path, corridor_file: Path | None = None) -> tuple[Workspace, bool]:
    """Create a workspace (or refresh an existing one); returns it and whether it was new.

    The corridor is validated before anything is written. An existing config (and its API
    token) is kept; `corridor_file` replaces the workspace's corridor.
    """
    corridor = load_corridor(corridor_file or default_corridor_path())
    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise ArmstrackError(f"{folder}: exists and is not a folder")
    config = folder / CONFIG_NAME
    created = not config.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if created:
        settings_text = tomli_w.dumps({"corridor": "corridor.geojson", "api_token": secrets.token_urlsafe(24)})
        config.write_text("# armstrack workspace settings; ARMSTRACK_* variables override them\n"
                          + settings_text, encoding="utf-8")
    target = folder / "corridor.geojson"
    if corridor_file is not None or not target.exists():
        shutil.copyfile(corridor_file or default_corridor_path(), target)
    workspace = open_workspace(load_settings(folder))
    for name in CACHE_FOLDERS:
        workspace.cache(name)
    for inbox in (workspace.settings.scene_inbox, workspace.settings.report_inbox):
        workspace.settings.path(inbox).mkdir(parents=True, exist_ok=True)
    sync_corridor(workspace.store, corridor)
    return workspace, created


def open_workspace(settings: Settings | None = None) -> Workspace:
    """Open the workspace the settings point to and bring its schema up to date."""
    settings = settings or load_settings()
    if settings.workspace is None and not settings.database_url:
        raise ArmstrackError("not inside an armstrack workspace: run `armstrack init DIR` first, "
                             "or pass --workspace DIR")
    store = Store(settings.database)
    store.migrate()
    return Workspace(settings=settings, store=store)


def corridor_rows(corridor: Corridor) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    sites, features, routes = [], [], []
    for site in corridor.sites.values():
        sites.append({"id": site.id, "name": site.name, "kind": site.kind.value, "country": site.country,
                      "geometry": mapping(site.geometry), "aliases": site.aliases,
                      "properties": site.properties})
        for feature in site.features:
            features.append({"id": feature.id, "site_id": site.id, "role": feature.role.value,
                             "geometry": mapping(feature.geometry), "properties": feature.properties})
    for route in corridor.routes:
        routes.append({"id": route.id, "from_site": route.from_site, "to_site": route.to_site,
                       "mode": route.mode.value, "min_hours": route.min_hours, "max_hours": route.max_hours,
                       "geometry": None if route.geometry is None else mapping(route.geometry),
                       "properties": route.properties})
    return sites, features, routes


def sync_corridor(store: Store, corridor: Corridor) -> None:
    """Make the store's sites, features and routes those of the corridor, in one transaction."""
    sites, features, routes = corridor_rows(corridor)
    site_columns = ("name", "kind", "country", "geometry", "aliases", "properties")
    with store.transaction() as session:
        upsert(session, SiteRow, sites, update=site_columns)
        session.execute(delete(SiteFeatureRow))
        session.execute(delete(RouteRow))
        upsert(session, SiteFeatureRow, features)
        upsert(session, RouteRow, routes)
