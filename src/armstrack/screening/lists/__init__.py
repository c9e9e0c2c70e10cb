"""Sanctions list loaders, one adapter per format, registered by name (`LOADERS`).

`load_list(path, fmt)` reads a whole list into entity proxies or raises one ArmstrackError:
a list is never half-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from followthemoney import EntityProxy

from armstrack.model import ArmstrackError, content_hash
from armstrack.screening.lists import eu_xml, ftm, ofac_csv, ofac_xml, un_xml  # noqa: F401  (register)
from armstrack.screening.lists.registry import LOADERS, ListMeta, loader_for, register

FORMATS = tuple(sorted(LOADERS))


@dataclass
class ListInfo:
    """One loaded list: its name, format, version (publish date), size and the file it came from."""

    id: str  # content hash of the file
    name: str
    format: str
    version: str | None
    entries: int
    path: str
    publisher: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "format": self.format, "version": self.version,
                "entries": self.entries, "path": self.path, "publisher": self.publisher}


@dataclass
class SanctionList:
    """A list's info and its entries as followthemoney entities (ids are the list's entry ids)."""

    info: ListInfo
    entities: list[EntityProxy] = field(default_factory=list)

    @property
    def entry_ids(self) -> list[str]:
        return [str(e.id) for e in self.entities]


def file_hash(path: Path) -> str:
    try:
        return content_hash(path.read_bytes())
    except OSError as exc:
        raise ArmstrackError(f"{path}: cannot read list file ({exc.strerror})") from None


def load_list(path: Path, fmt: str, name: str | None = None) -> SanctionList:
    """Read a list file with the loader registered for `fmt`; the name defaults to the file's stem."""
    loader = loader_for(fmt)
    if not path.is_file():
        raise ArmstrackError(f"{path}: no such list file")
    meta = ListMeta()
    entities = list(loader(path, meta))
    seen: set[str] = set()
    for entity in entities:
        if entity.id in seen:
            raise ArmstrackError(f"{path}: entry id {entity.id!r} appears twice (format {fmt!r})")
        seen.add(str(entity.id))
    info = ListInfo(id=file_hash(path), name=name or path.stem, format=fmt, version=meta.version,
                    entries=len(entities), path=str(path), publisher=meta.publisher)
    return SanctionList(info=info, entities=entities)


__all__ = ["FORMATS", "LOADERS", "ListInfo", "ListMeta", "SanctionList", "load_list", "register"]
