"""RSS and Atom feeds read with feedparser: each entry is its own document (link, title, date,
content or summary turned from HTML into text). An entry that cannot be read is reported and the
others are kept."""

from __future__ import annotations

import re
from typing import Any

import feedparser

from armstrack.model import ArmstrackError
from armstrack.reports.document import Document, Raw, Reading, register_source
from armstrack.reports.sources.dates import date_of_struct
from armstrack.reports.sources.html import html_to_text

# What feedparser flags without anything being lost: a charset or media type it overrode.
BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
FEED_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*>\s*)*"
                       rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I | re.S)


def entry_text(entry: Any) -> str:
    """The fullest text an entry carries: its content, else its summary, as plain text."""
    for content in entry.get("content") or []:
        text = html_to_text(content.get("value") or "")
        if text.strip():
            return text
    return html_to_text(entry.get("summary") or entry.get("description") or "")


def entry_document(entry: Any, raw: Raw, publisher: str | None, index: int) -> Document:
    """One feed entry as a document; an ArmstrackError when it has no text."""
    link = entry.get("link") or None
    label = f"{raw.name} entry {index + 1}" + (f" ({link})" if link else "")
    text = entry_text(entry)
    if not text.strip():
        raise ArmstrackError(f"{label}: no text (expected a summary or content)")
    updated = entry.get("updated_parsed") if "updated" in entry else None  # no fallback warning
    published = date_of_struct(entry.get("published_parsed") or updated)
    return Document(text=text, name=link or label, url=link, title=entry.get("title") or None,
                    author=entry.get("author") or None, published=published, publisher=publisher,
                    content_type="text/html", properties={"feed": raw.url or raw.name,
                                                          "entry_id": entry.get("id")})


class FeedSource:
    name: str = "feed"
    content_types: tuple[str, ...] = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")

    def sniff(self, head: bytes) -> bool:
        return bool(FEED_ROOT.match(head.lstrip(b"\xef\xbb\xbf")))

    def read(self, raw: Raw) -> Reading:
        headers = {"content-type": raw.content_type or "application/xml", "content-location": raw.url or ""}
        parsed = feedparser.parse(raw.data, response_headers=headers)
        broken = parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), BENIGN)
        if not parsed.entries:
            reason = f" ({parsed.get('bozo_exception')})" if broken else ""
            raise ArmstrackError(f"{raw.name}: no entries in the feed{reason} (expected RSS <item> or Atom <entry>)")
        publisher = parsed.feed.get("title") or None
        reading = Reading(documents=[])
        for index, entry in enumerate(parsed.entries):
            try:
                reading.documents.append(entry_document(entry, raw, publisher, index))
            except ArmstrackError as exc:
                reading.errors.append(str(exc))
        if broken:
            reading.errors.append(f"{raw.name}: the feed is malformed after entry {len(parsed.entries)} "
                                  f"({parsed.get('bozo_exception')}); later entries may be lost")
        return reading


register_source(FeedSource())
