"""OFAC SDN list, XML (`sdn.xml`: sdnList/sdnEntry with uid, names, akaList, idList, vesselInfo)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy
from lxml import etree

from armstrack.screening.lists._xml import child_text, children, descendants, iter_records, local, required_text
from armstrack.screening.lists.registry import EntryBuilder, ListMeta, iso_date, register

SCHEMAS = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
IMO = re.compile(r"\b(\d{7})\b")


def full_name(element: etree._Element) -> str | None:
    """'firstName lastName' as OFAC splits it (entities only have a lastName)."""
    parts = [child_text(element, "firstName"), child_text(element, "lastName")]
    return " ".join(p for p in parts if p) or None


def entry(element: etree._Element, path: Path) -> EntityProxy:
    uid = required_text(element, "uid", path)
    sdn_type = (child_text(element, "sdnType") or "entity").lower()
    builder = EntryBuilder(SCHEMAS.get(sdn_type, "LegalEntity"), uid)
    builder.add("name", full_name(element))
    if sdn_type == "individual":
        builder.add("firstName", child_text(element, "firstName"))
        builder.add("lastName", child_text(element, "lastName"))
    for aka in descendants(element, "aka"):
        prop = "weakAlias" if (child_text(aka, "category") or "").lower() == "weak" else "alias"
        builder.add(prop, full_name(aka))
    for program in descendants(element, "program"):
        builder.add("program", program.text)
        builder.add("programId", program.text)
    for id_item in descendants(element, "id"):
        id_type = (child_text(id_item, "idType") or "").lower()
        number = child_text(id_item, "idNumber")
        if "vessel registration" in id_type or id_type.startswith("imo"):
            match = IMO.search(number or "")
            builder.add("imoNumber", match.group(1) if match else number)
        elif "mmsi" in id_type:
            builder.add("mmsi", number)
    for info in children(element, "vesselInfo"):
        builder.add("flag", child_text(info, "vesselFlag"))
        builder.add("callSign", child_text(info, "callSign"))
        builder.add("type", child_text(info, "vesselType"))
    for country in descendants(element, "country"):
        builder.add("country", country.text)
    builder.add("notes", child_text(element, "remarks"))
    return builder.make()


@register("ofac-xml")
def load(path: Path, meta: ListMeta) -> Iterator[EntityProxy]:
    """Stream the SDN XML; the list's version is its Publish_Date."""
    meta.publisher = "OFAC"
    for _root, element in iter_records(path, ("publshInformation", "sdnEntry"), "sdnList", "ofac-xml"):
        if local(element.tag) == "publshInformation":
            meta.version = iso_date(child_text(element, "Publish_Date"), "%m/%d/%Y")
            continue
        yield entry(element, path)
