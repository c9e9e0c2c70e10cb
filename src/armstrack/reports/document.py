"""Documents: the clean text and metadata of one report, read from raw bytes of any known format.

Formats are adapters in `reports/sources/` registered by name (html, text, pdf, feed). The format
is chosen by sniffing the bytes first (magic numbers and the leading markup), then by the declared
content type; a file's extension is never the only evidence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from charset_normalizer import from_bytes

from armstrack.model import ArmstrackError

FORMATS_EXPECTED = "an HTML page, plain text, a PDF or an RSS/Atom feed"

# Magic numbers of formats that are certainly not reports (images, archives, executables, media).
BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"MZ",
                b"BZh", b"7z\xbc\xaf", b"Rar!", b"RIFF", b"OggS", b"ID3", b"\x00\x00\x00", b"II*\x00",
                b"MM\x00*", b"SQLite format 3")


@dataclass
class Document:
    """One report as read from its bytes: clean text plus whatever metadata the format carried."""

    text: str
    name: str  # where it came from, for messages: a file path or a URL
    title: str | None = None
    author: str | None = None
    published: date | None = None
    publisher: str | None = None  # the site name or feed title
    url: str | None = None
    content_type: str | None = None
    raw_sha256: str | None = None
    format: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def site_name(self) -> str | None:
        """The site's own name, as HTML metadata gives it: the publisher."""
        return self.publisher

    def with_overrides(self, publisher: str | None = None, published: date | None = None,
                       url: str | None = None) -> Document:
        """The same document with the analyst's publisher, date or URL in place of the found ones."""
        return replace(self, publisher=publisher or self.publisher, published=published or self.published,
                       url=url or self.url)


@dataclass
class Raw:
    """Raw bytes with what is known about them before reading."""

    data: bytes
    name: str
    content_type: str | None = None  # the media type only, lower case, e.g. "text/html"
    charset: str | None = None
    url: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Reading:
    """What one input gave: documents (several for a feed) and the problems of parts that failed."""

    documents: list[Document]
    errors: list[str] = field(default_factory=list)


class SourceAdapter(Protocol):
    """Reads one format. `sniff` looks at the first bytes; `content_types` are the media types it owns."""

    name: str
    content_types: tuple[str, ...]

    def sniff(self, head: bytes) -> bool: ...

    def read(self, raw: Raw) -> Reading: ...


SOURCES: dict[str, SourceAdapter] = {}


def register_source(adapter: SourceAdapter) -> SourceAdapter:
    """Add a format adapter under its name; later registrations of the same name replace it."""
    SOURCES[adapter.name] = adapter
    return adapter


def _adapters() -> dict[str, SourceAdapter]:
    import armstrack.reports.sources  # noqa: F401  (registers the built-in adapters)

    return SOURCES


def split_content_type(header: str | None) -> tuple[str | None, str | None]:
    """`text/html; charset=EUC-KR` -> ("text/html", "euc-kr")."""
    if not header:
        return None, None
    media, _, rest = header.partition(";")
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", rest, re.I)
    return media.strip().lower() or None, match.group(1).lower() if match else None


def detect_format(raw: Raw) -> str:
    """The name of the adapter for these bytes, or an ArmstrackError saying what was expected."""
    adapters = _adapters()
    head = raw.data[:4096]
    if not raw.data.strip():
        raise ArmstrackError(f"{raw.name}: empty, expected {FORMATS_EXPECTED}")
    for name, adapter in adapters.items():  # sniffing first: servers and file names mislabel
        if adapter.sniff(head):
            return name
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        raise ArmstrackError(f"{raw.name}: binary data ({raw.content_type or 'unknown type'}), "
                             f"expected {FORMATS_EXPECTED}")
    for name, adapter in adapters.items():
        if raw.content_type in adapter.content_types:
            return name
    if raw.content_type and not raw.content_type.startswith("text/") and raw.content_type not in (
            "application/octet-stream", "application/xml", "application/x-unknown"):
        raise ArmstrackError(f"{raw.name}: content type {raw.content_type}, expected {FORMATS_EXPECTED}")
    return "text"


def as_utf8(raw: Raw) -> Raw:
    """UTF-16 and UTF-32 text (known by its byte-order mark) as UTF-8, so that sniffing can read it."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.data.startswith(bom):
            try:
                text = raw.data.decode(codec)
            except UnicodeDecodeError:
                raise ArmstrackError(f"{raw.name}: starts as {codec.upper()} text but is not") from None
            return replace(raw, data=text.encode("utf-8"), charset="utf-8")
    return raw


def read(raw: Raw, format: str | None = None) -> Reading:
    """Read raw bytes into documents with the adapter `format` (detected when None)."""
    adapters = _adapters()
    sha256 = raw.sha256  # of the bytes as received
    raw = as_utf8(raw)
    name = format or detect_format(raw)
    if name not in adapters:
        raise ArmstrackError(f"{raw.name}: unknown report format {name!r}; known: {', '.join(adapters)}")
    reading = adapters[name].read(raw)
    for document in reading.documents:
        document.raw_sha256 = sha256
        document.format = name
        document.content_type = document.content_type or raw.content_type
    return reading


def read_document(data: bytes, content_type: str | None, url: str | None, name: str) -> Document:
    """Read one document (an article, a text, a PDF) from its bytes.

    `content_type` is the HTTP header as received (charset included) or None for a file. A feed
    holds many documents: read it with `read_feed`.
    """
    media, charset = split_content_type(content_type)
    reading = read(Raw(data=data, name=name, content_type=media, charset=charset, url=url))
    if len(reading.documents) != 1 or reading.errors:
        problems = "; ".join(reading.errors) or f"{len(reading.documents)} documents"
        raise ArmstrackError(f"{name}: expected one document, got {problems} "
                             "(a feed: add it with `armstrack reports add --feed`)")
    return reading.documents[0]


def read_feed(data: bytes, content_type: str | None, url: str | None, name: str) -> Reading:
    """Read an RSS/Atom feed: one document per entry; a broken entry is an error, the others stay."""
    media, charset = split_content_type(content_type)
    raw = Raw(data=data, name=name, content_type=media, charset=charset, url=url)
    if detect_format(as_utf8(raw)) != "feed":
        raise ArmstrackError(f"{name}: not an RSS or Atom feed (expected <rss>, <feed> or <rdf:RDF>)")
    return read(raw, "feed")


def read_any(data: bytes, content_type: str | None, url: str | None, name: str) -> Reading:
    """Read whatever the bytes are: one document, or one per entry of a feed."""
    media, charset = split_content_type(content_type)
    return read(Raw(data=data, name=name, content_type=media, charset=charset, url=url))


def decode_text(raw: Raw, hint: str | None = None) -> str:
    """Bytes to text: the declared charset, else UTF-8, else a detected encoding; refuse binary."""
    data = raw.data
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for charset in (raw.charset, hint):
        if charset:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.chaos > 0.3:
        raise ArmstrackError(f"{raw.name}: not UTF-8 and no text encoding could be recognised "
                             "(save it as UTF-8 or send a charset)")
    return data.decode(best.encoding, errors="replace")


def normalise_text(text: str) -> str:
    """Line ends to \\n, no trailing spaces on lines, no runs of blank lines, no outer blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")
