"""The list-loader registry: one adapter per list format, registered under its format name.

A loader streams one list file into followthemoney entity proxies and notes the list's version
(the file's own publish date where the format has one) on the `ListMeta` it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from followthemoney import EntityProxy, model

from armstrack.model import ArmstrackError


@dataclass
class ListMeta:
    """What a loader learns about the list as a whole while it reads the entries."""

    version: str | None = None
    publisher: str = ""


Loader = Callable[[Path, ListMeta], Iterator[EntityProxy]]

LOADERS: dict[str, Loader] = {}


def register(name: str) -> Callable[[Loader], Loader]:
    """Register a loader under a format name (`ofac-xml`, `ftm`, ...)."""

    def decorate(loader: Loader) -> Loader:
        LOADERS[name] = loader
        return loader

    return decorate


def loader_for(fmt: str) -> Loader:
    try:
        return LOADERS[fmt]
    except KeyError:
        raise ArmstrackError(f"unknown list format {fmt!r}; known: {', '.join(sorted(LOADERS))}") from None


@dataclass
class EntryBuilder:
    """Collects one list entry's values, then makes its entity proxy (empty values are skipped)."""

    schema: str
    entry_id: str
    values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, prop: str, value: str | None) -> None:
        text = (value or "").strip()
        if text and text != "-0-":
            self.values.setdefault(prop, []).append(text)

    def make(self) -> EntityProxy:
        """The entry as an entity proxy whose id is the entry's id in its list."""
        entity = model.make_entity(self.schema)
        entity.id = self.entry_id
        for prop, values in self.values.items():
            if entity.schema.get(prop) is not None:
                entity.add(prop, values, quiet=True)
        return entity


def iso_date(text: str | None, *formats: str) -> str | None:
    """A publish date as ISO 8601 (YYYY-MM-DD) when it parses with one of `formats`, else as given."""
    if not text:
        return None
    for fmt in formats:
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return text.strip()
