"""HTML pages: trafilatura finds the main text (dropping navigation, ads and footers) and the
metadata (title, author, date, site name) in one parse of the page."""

from __future__ import annotations

import re

import trafilatura

from armstrack.model import ArmstrackError
from armstrack.reports.document import Document, Raw, Reading, decode_text, normalise_text, register_source
from armstrack.reports.sources.dates import parse_date

HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                        re.I | re.S)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.I)
BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|tr|pre)\s*>|<br\s*/?>", re.I)
# Under this many words what trafilatura found is a menu or a caption, not an article.
MIN_MAIN_WORDS = 10
# Trafilatura looks for the date in the page's metadata and markup, without the extensive search
# through all of its text: a date quoted inside an article is not its publication date.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its own <meta> tag."""
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's summary), paragraphs kept apart."""
    if "<" not in fragment:
        return normalise_text(fragment)
    blocks = (trafilatura.html2txt(f"<html><body>{block}</body></html>", clean=True)
              for block in BLOCK_END.split(fragment))
    return normalise_text("\n".join(b.strip() for b in blocks if b.strip()))


class HtmlSource:
    name: str = "html"
    content_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")

    def sniff(self, head: bytes) -> bool:
        return bool(HTML_START.match(head.lstrip(b"\xef\xbb\xbf")))

    def read(self, raw: Raw) -> Reading:
        page = decode_text(raw, hint=meta_charset(raw.data))
        result = trafilatura.bare_extraction(page, url=raw.url, with_metadata=True, include_comments=False,
                                             include_tables=True, date_extraction_params=DATE_PARAMS)
        text = normalise_text(getattr(result, "text", None) or "")
        if len(text.split()) < MIN_MAIN_WORDS:
            raise ArmstrackError(f"{raw.name}: no main text found in the HTML page "
                                 "(expected an article; is it an index page, a login wall or script-only?)")
        document = Document(text=text, name=raw.name, url=raw.url or getattr(result, "url", None),
                            title=getattr(result, "title", None), author=getattr(result, "author", None),
                            published=parse_date(getattr(result, "date", None)),
                            publisher=getattr(result, "sitename", None), content_type="text/html",
                            properties={"hostname": getattr(result, "hostname", None)})
        return Reading([document])


register_source(HtmlSource())
