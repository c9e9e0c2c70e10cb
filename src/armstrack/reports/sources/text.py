"""Plain text, with an optional header block of `KEY: value` lines ended by a blank line.

The header is how saved pages are often kept (`URL:`, `TITLE:`, `FETCHED-AS:`, also `PUBLISHED:`,
`PUBLISHER:`, `AUTHOR:`): the header becomes metadata and the text after the blank line is the body.
"""

from __future__ import annotations

import re

from armstrack.model import ArmstrackError
from armstrack.reports.document import Document, Raw, Reading, decode_text, register_source
from armstrack.reports.sources.dates import parse_date

HEADER_LINE = re.compile(r"^([A-Z][A-Z-]{1,20}):[ \t]*(.*)$")
KNOWN_KEYS = {"URL", "TITLE", "FETCHED-AS", "PUBLISHED", "DATE", "PUBLISHER", "AUTHOR", "SOURCE"}


def split_header(text: str) -> tuple[dict[str, str], str]:
    """({KEY: value}, body) when the text opens with a header block, else ({}, text)."""
    head, sep, body = text.partition("\n\n")
    lines = head.split("\n")
    matches = [HEADER_LINE.match(line) for line in lines]
    if not sep or not all(matches) or not any(m and m.group(1) in KNOWN_KEYS for m in matches):
        return {}, text
    return {m.group(1): m.group(2).strip() for m in matches if m}, body


class TextSource:
    name: str = "text"
    content_types: tuple[str, ...] = ("text/plain", "text/markdown", "text/x-markdown")

    def sniff(self, head: bytes) -> bool:
        return False  # the fallback: chosen by content type or when nothing else matches

    def read(self, raw: Raw) -> Reading:
        text = decode_text(raw).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        header, body = split_header(text)
        body = body.strip("\n")
        if not body.strip():
            raise ArmstrackError(f"{raw.name}: no text (expected a text body after the header)")
        published = parse_date(header.get("PUBLISHED") or header.get("DATE"))
        document = Document(text=body, name=raw.name, url=header.get("URL") or raw.url,
                            title=header.get("TITLE"), author=header.get("AUTHOR") or None,
                            publisher=header.get("PUBLISHER") or header.get("SOURCE") or None,
                            published=published, content_type=raw.content_type or "text/plain",
                            properties={"header": header} if header else {})
        return Reading([document])


register_source(TextSource())
