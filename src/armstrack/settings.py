"""The one source of settings: defaults, then the workspace config, then `ARMSTRACK_*` variables.

A workspace is a folder with `armstrack.toml`, the SQLite database and the caches. Algorithms
never read settings themselves: runners pass the values they need.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from armstrack.model import ArmstrackError

CONFIG_NAME = "armstrack.toml"
ENV_PREFIX = "ARMSTRACK_"


@dataclass(frozen=True)
class Settings:
    """Every setting with its default. Paths are relative to the workspace unless absolute."""

    workspace: Path | None = None
    database_url: str = ""  # empty: sqlite file `armstrack.db` in the workspace
    corridor: str = "corridor.geojson"
    cache_dir: str = "cache"
    scene_inbox: str = "inbox/scenes"  # `armstrack run` ingests new scene files found here
    report_inbox: str = "inbox/reports"  # ... and new report files found here
    export_dir: str = "exports"  # where `armstrack run` writes GeoJSON, CSV and the HTML report
    dask_scheduler: str = ""  # empty: a local cluster sized to the machine
    dask_workers: int = 0  # 0: one per core
    max_cloud: float = 0.5  # above this cloud fraction over a feature, "not observed"
    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 20_000_000
    fetch_max_redirects: int = 5
    fetch_allow_private: bool = False
    api_token: str = ""
    serve_host: str = "127.0.0.1"
    serve_port: int = 8000
    serve_open_reads: bool = False  # reads from non-loopback clients without a token

    def path(self, value: str) -> Path:
        """Resolve a path setting against the workspace."""
        p = Path(value).expanduser()
        if p.is_absolute() or self.workspace is None:
            return p
        return self.workspace / p

    @property
    def database(self) -> str:
        if self.database_url:
            return self.database_url
        if self.workspace is None:
            raise ArmstrackError("no workspace: run `armstrack init DIR` or set ARMSTRACK_DATABASE_URL")
        return f"sqlite:///{self.workspace / 'armstrack.db'}"

    @property
    def corridor_path(self) -> Path:
        return self.path(self.corridor)

    @property
    def cache_path(self) -> Path:
        return self.path(self.cache_dir)


def _coerce(name: str, value: Any, kind: Any, origin: str) -> Any:
    kind = str(kind)
    try:
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        return str(value)
    except ValueError:
        raise ArmstrackError(f"{origin}: setting {name!r} expects {kind}, got {value!r}") from None


def find_workspace(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` holding `armstrack.toml`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def read_config(workspace: Path) -> dict[str, Any]:
    path = workspace / CONFIG_NAME
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ArmstrackError(f"{path}: not valid TOML ({exc})") from None


def load_settings(workspace: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Defaults, overridden by the workspace config, overridden by `ARMSTRACK_*` variables.

    The workspace is `workspace`, else `ARMSTRACK_WORKSPACE`, else the nearest folder above the
    current one holding `armstrack.toml`; there may be none.
    """
    env = os.environ if env is None else env
    if workspace is None and env.get(ENV_PREFIX + "WORKSPACE"):
        workspace = Path(env[ENV_PREFIX + "WORKSPACE"])
    if workspace is None:
        workspace = find_workspace()
    elif not (workspace / CONFIG_NAME).is_file():
        raise ArmstrackError(f"{workspace}: not an armstrack workspace (no {CONFIG_NAME})")
    kinds = {f.name: f.type for f in fields(Settings) if f.name != "workspace"}
    values: dict[str, Any] = {}
    if workspace is not None:
        config_file = workspace / CONFIG_NAME
        for name, value in read_config(workspace).items():
            if name not in kinds:
                raise ArmstrackError(f"{config_file}: unknown setting {name!r}")
            values[name] = _coerce(name, value, kinds[name], str(config_file))
    for name, kind in kinds.items():
        key = ENV_PREFIX + name.upper()
        if key in env:
            values[name] = _coerce(name, env[key], kind, key)
    return replace(Settings(workspace=workspace.resolve() if workspace else None), **values)
