"""Shared streaming-XML helpers for the list loaders (lxml iterparse, namespace-agnostic)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from armstrack.model import ArmstrackError


def local(tag: object) -> str:
    """An element's tag without its namespace ('{ns}sdnEntry' -> 'sdnEntry')."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


Record = tuple[etree._Element, etree._Element]


def iter_records(path: Path, records: tuple[str, ...], root: str, fmt: str) -> Iterator[Record]:
    """Yield (root, element) for each element named in `records`, freeing each once handled.

    The root must be named `root`; bad or truncated XML raises one ArmstrackError naming the
    file and the line.
    """
    context = etree.iterparse(str(path), events=("start", "end"), huge_tree=True, resolve_entities=False,
                              no_network=True)
    top: etree._Element | None = None
    try:
        for event, element in context:
            name = local(element.tag)
            if top is None:
                top = element
                if name != root:
                    raise ArmstrackError(f"{path}: line {element.sourceline}: root element is <{name}>, "
                                         f"expected <{root}> for format {fmt!r}")
            elif event == "end" and name in records:
                yield top, element
                element.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno is not None else "?"
        raise ArmstrackError(f"{path}: line {line}: not well-formed XML for format {fmt!r} "
                             f"({exc.msg})") from None
    if top is None:
        raise ArmstrackError(f"{path}: empty file, expected XML for format {fmt!r}")


def child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first direct child named `name` (any namespace), stripped; None if absent."""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Direct children named `name` (any namespace)."""
    return (child for child in element if local(child.tag) == name)


def descendants(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """All descendants named `name` (any namespace), in document order."""
    return (node for node in element.iter() if local(node.tag) == name)


def required_text(element: etree._Element, name: str, path: Path) -> str:
    """Text of the child `name`; a missing one is an error naming the file, line and element."""
    text = child_text(element, name)
    if text is None:
        raise ArmstrackError(f"{path}: line {element.sourceline}: <{local(element.tag)}> has no <{name}>")
    return text
