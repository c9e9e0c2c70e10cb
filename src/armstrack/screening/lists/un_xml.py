"""UN Security Council consolidated list, XML (CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY).

Vessels are listed as entities; those whose comments carry an IMO number become `Vessel`s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy
from lxml import etree

from armstrack.screening.lists._xml import child_text, children, iter_records, local, required_text
from armstrack.screening.lists.registry import EntryBuilder, ListMeta, iso_date, register

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
IMO = re.compile(r"\bIMO(?:\s*(?:number|no\.?))?[\s:#.]*(\d{7})\b", re.IGNORECASE)


def schema_of(element: etree._Element, comments: str) -> str:
    if local(element.tag) == "INDIVIDUAL":
        return "Person"
    return "Vessel" if IMO.search(comments) else "Organization"


def entry(element: etree._Element, path: Path) -> EntityProxy:
    data_id = required_text(element, "DATAID", path)
    comments = child_text(element, "COMMENTS1") or ""
    builder = EntryBuilder(schema_of(element, comments), data_id)
    builder.add("name", " ".join(p for p in (child_text(element, n) for n in NAME_PARTS) if p))
    builder.add("name", child_text(element, "NAME_ORIGINAL_SCRIPT"))
    for alias in (*children(element, "INDIVIDUAL_ALIAS"), *children(element, "ENTITY_ALIAS")):
        quality = (child_text(alias, "QUALITY") or "").lower()
        builder.add("weakAlias" if quality in ("low", "a.k.a. low") else "alias", child_text(alias, "ALIAS_NAME"))
    builder.add("program", child_text(element, "UN_LIST_TYPE"))
    builder.add("programId", child_text(element, "REFERENCE_NUMBER"))
    for nationality in children(element, "NATIONALITY"):
        for value in children(nationality, "VALUE"):
            builder.add("nationality", value.text)
    for address in children(element, "ENTITY_ADDRESS"):
        builder.add("country", child_text(address, "COUNTRY"))
    for imo in IMO.findall(comments):
        builder.add("imoNumber", imo)
    builder.add("notes", comments)
    return builder.make()


@register("un-xml")
def load(path: Path, meta: ListMeta) -> Iterator[EntityProxy]:
    """Stream the consolidated list; the version is the root's dateGenerated."""
    meta.publisher = "UN Security Council"
    for root, element in iter_records(path, ("INDIVIDUAL", "ENTITY"), "CONSOLIDATED_LIST", "un-xml"):
        if meta.version is None:
            meta.version = iso_date((root.get("dateGenerated") or "")[:10] or None, "%Y-%m-%d")
        yield entry(element, path)
