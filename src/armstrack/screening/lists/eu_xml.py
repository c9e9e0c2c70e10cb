"""EU consolidated financial sanctions list, XML (export/sanctionEntity with nameAlias, subjectType,
regulation, identification)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy
from lxml import etree

from armstrack.model import ArmstrackError
from armstrack.screening.lists._xml import children, iter_records
from armstrack.screening.lists.registry import EntryBuilder, ListMeta, iso_date, register

SCHEMAS = {"person": "Person", "enterprise": "Organization"}
IMO = re.compile(r"(\d{7})")


def is_imo(identification: etree._Element) -> bool:
    kind = " ".join(identification.get(a, "") for a in ("identificationTypeCode", "identificationTypeDescription"))
    return "imo" in kind.lower()


def schema_of(element: etree._Element) -> str:
    codes = [s.get("code", "").lower() for s in children(element, "subjectType")]
    if any(is_imo(i) for i in children(element, "identification")):
        return "Vessel"
    return SCHEMAS.get(codes[0], "LegalEntity") if codes else "LegalEntity"


def entry(element: etree._Element, path: Path) -> EntityProxy:
    logical_id = element.get("logicalId")
    if not logical_id:
        raise ArmstrackError(f"{path}: line {element.sourceline}: <sanctionEntity> has no logicalId")
    builder = EntryBuilder(schema_of(element), logical_id)
    for index, alias in enumerate(children(element, "nameAlias")):
        builder.add("name" if index == 0 else "alias", alias.get("wholeName"))
    for regulation in children(element, "regulation"):
        builder.add("program", regulation.get("programme"))
        builder.add("programId", regulation.get("numberTitle"))
    for citizenship in children(element, "citizenship"):
        builder.add("nationality", citizenship.get("countryIso2Code"))
    for identification in children(element, "identification"):
        number = identification.get("number") or identification.get("latinNumber")
        if is_imo(identification):
            match = IMO.search(number or "")
            builder.add("imoNumber", match.group(1) if match else number)
        else:
            builder.add("idNumber", number)
    for remark in children(element, "remark"):
        builder.add("notes", remark.text)
    return builder.make()


@register("eu-xml")
def load(path: Path, meta: ListMeta) -> Iterator[EntityProxy]:
    """Stream the EU list; the version is the root's generationDate."""
    meta.publisher = "European Union"
    for root, element in iter_records(path, ("sanctionEntity",), "export", "eu-xml"):
        if meta.version is None:
            meta.version = iso_date((root.get("generationDate") or "")[:10] or None, "%Y-%m-%d")
        yield entry(element, path)
