"""The author of a report: a wire byline, dateline or credit line, else the publisher without its notes.

The author is the first element of every attribution chain. A site that only republishes a wire
story (a local TV site carrying AP) is the publisher, not the author.
"""

from __future__ import annotations

import re

from armstrack.reports.extract.lexicon import Lexicon


def wire_byline(text: str, lexicon: Lexicon) -> str | None:
    """The wire service that wrote the text, from a dateline "(Reuters) -", a "By ..., AP" line or a tag line."""
    head = text[:600]
    for spelling, wire in lexicon.wire_of.items():
        escaped = re.escape(spelling)
        if re.search(rf"\({escaped}\)\s*[-—–]|^By [^\n]{{0,60}}\b{escaped}\s*$", head, re.MULTILINE):
            return wire
    for line in text.splitlines():
        if line.strip() in lexicon.wire_of:
            return lexicon.wire_of[line.strip()]
    for spelling, wire in lexicon.wire_of.items():
        if re.search(rf"(?:Copyright|©)\s*(?:\d{{4}}\s+)?{re.escape(spelling)}\b", text):
            return wire
    if re.search(r"^\(?Reporting by [^\n]{3,120}(?:Editing by|Writing by)", text, re.MULTILINE):
        return "Reuters"  # the Reuters credit line
    return None


def author_of(text: str, publisher: str | None, author: str | None, lexicon: Lexicon) -> str | None:
    """The first element of every chain: the given author, a wire byline, or the publisher without
    its republisher ("X, republished by Y") and parenthetical notes ("(Reuters wire)" names the wire)."""
    if author:
        return author
    wire = wire_byline(text, lexicon)
    if wire:
        return wire
    issued = re.search(r"^(?:[^\n]{0,40}\.\s+)?From:\s+([^.\n]{3,80})", text[:600], re.MULTILINE)
    if issued:  # a press release's "From: <department>" line
        return issued.group(1).strip()
    if not publisher:
        return None
    note = re.search(r"\(([^)]*?)\s+wire\)", publisher)
    if note:
        return lexicon.wire_of.get(note.group(1).strip(), note.group(1).strip())
    name = re.split(r",?\s+(?:republished|reposted|via|carried)\s+by\b", publisher)[0]
    return re.sub(r"\s*\([^)]*\)", "", name).strip() or publisher
