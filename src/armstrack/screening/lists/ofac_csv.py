"""OFAC SDN list, CSV (`sdn.csv` with `alt.csv` beside it: headerless, `-0-` for empty fields).

sdn.csv: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
Vess_flag, Vess_owner, Remarks. alt.csv: ent_num, alt_num, alt_type, alt_name, alt_remarks.
The CSV files carry no publish date, so the list has no version.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy

from armstrack.model import ArmstrackError
from armstrack.screening.lists.registry import EntryBuilder, ListMeta, register

SDN_COLUMNS = 12
ALT_COLUMNS = 5
SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "-0-": "Organization"}
IMO = re.compile(r"IMO\s*(\d{7})", re.IGNORECASE)
MMSI = re.compile(r"MMSI\s*(\d{9})", re.IGNORECASE)
END_OF_FILE = "\x1a"  # OFAC ends its CSV files with a DOS end-of-file character


def rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each record; a record of the wrong width is an error."""
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            reader = csv.reader(handle)
            for row in reader:
                if not row or (len(row) == 1 and row[0].strip(END_OF_FILE + " ") == ""):
                    continue
                if len(row) != columns:
                    raise ArmstrackError(f"{path}: line {reader.line_num}: {len(row)} fields, expected {columns} "
                                         f"(format 'ofac-csv')")
                yield reader.line_num, [value.strip() for value in row]
    except csv.Error as exc:
        raise ArmstrackError(f"{path}: not readable as CSV for format 'ofac-csv' ({exc})") from None


def alt_names(sdn_path: Path) -> dict[str, list[tuple[str, str]]]:
    """ent_num -> [(alt_type, alt_name)] from the alt.csv beside sdn.csv (none if it is absent)."""
    alt_path = sdn_path.with_name(sdn_path.name.lower().replace("sdn", "alt"))
    if alt_path == sdn_path or not alt_path.is_file():
        return {}
    names: dict[str, list[tuple[str, str]]] = {}
    for _line, row in rows(alt_path, ALT_COLUMNS):
        names.setdefault(row[0], []).append((row[2].lower(), row[3]))
    return names


def entry(row: list[str], aliases: list[tuple[str, str]], path: Path, line: int) -> EntityProxy:
    ent_num, name, sdn_type, program, _title, call_sign, vess_type, *_rest = row
    remarks, flag = row[11], row[9]
    if not ent_num.isdigit():
        raise ArmstrackError(f"{path}: line {line}: ent_num {ent_num!r} is not a number (format 'ofac-csv')")
    builder = EntryBuilder(SCHEMAS.get(sdn_type.lower(), "LegalEntity"), ent_num)
    builder.add("name", name)
    for alt_type, alt_name in aliases:
        builder.add("weakAlias" if "weak" in alt_type else "alias", alt_name)
    for code in program.strip("[]").split("] ["):
        builder.add("program", code)
        builder.add("programId", code)
    builder.add("callSign", call_sign)
    builder.add("type", vess_type)
    builder.add("flag", flag)
    for imo in IMO.findall(remarks):
        builder.add("imoNumber", imo)
    for mmsi in MMSI.findall(remarks):
        builder.add("mmsi", mmsi)
    builder.add("notes", remarks)
    return builder.make()


@register("ofac-csv")
def load(path: Path, meta: ListMeta) -> Iterator[EntityProxy]:
    """Stream sdn.csv, joining the aliases of alt.csv when it lies beside it."""
    meta.publisher = "OFAC"
    aliases = alt_names(path)
    for line, row in rows(path, SDN_COLUMNS):
        yield entry(row, aliases.get(row[0], []), path, line)
