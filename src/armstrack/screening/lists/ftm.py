"""OpenSanctions / FollowTheMoney entities, JSON lines (one entity per line: id, schema, properties).

Entities that cannot be screened by name (Sanction, Address, Identification, ...) are valid lines
but are skipped. The version is the latest `last_change` the lines carry, if any.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.exc import InvalidData

from armstrack.model import ArmstrackError
from armstrack.screening.lists.registry import ListMeta, register

SCREENED = ("LegalEntity", "Vessel", "Airplane")


def parse_line(text: str, path: Path, number: int) -> tuple[dict[str, Any], EntityProxy]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArmstrackError(f"{path}: line {number}: not JSON ({exc.msg}), expected one FollowTheMoney "
                             f"entity per line") from None
    if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
        raise ArmstrackError(f"{path}: line {number}: not a FollowTheMoney entity (needs 'id', 'schema' "
                             f"and 'properties')")
    try:
        return data, model.get_proxy(data, cleaned=False)
    except (InvalidData, TypeError, AttributeError) as exc:
        raise ArmstrackError(f"{path}: line {number}: not a FollowTheMoney entity ({exc})") from None


@register("ftm")
def load(path: Path, meta: ListMeta) -> Iterator[EntityProxy]:
    """Stream the entities line by line, keeping those that carry names to screen."""
    meta.publisher = "OpenSanctions"
    try:
        with path.open(encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                data, entity = parse_line(text, path, number)
                change = data.get("last_change")
                if isinstance(change, str) and (meta.version is None or change[:10] > meta.version):
                    meta.version = change[:10]
                if any(entity.schema.is_a(name) for name in SCREENED):
                    yield entity
    except UnicodeDecodeError as exc:
        raise ArmstrackError(f"{path}: not UTF-8 text ({exc.reason}), expected FollowTheMoney JSON lines") from None
