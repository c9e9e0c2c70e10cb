"""PDF reports: the text layer read with pypdf, hyphenated line breaks joined; no OCR."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from armstrack.model import ArmstrackError
from armstrack.reports.document import Document, Raw, Reading, normalise_text, register_source
from armstrack.reports.sources.dates import parse_date

PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")


def pdf_date(value: object) -> date | None:
    """A PDF info date (`D:20231005083000Z`) as a calendar date."""
    match = PDF_DATE.match(str(value or ""))
    return parse_date("-".join(match.groups())) if match else None


def join_lines(text: str) -> str:
    """Undo the layout's line breaks: `muni-\\ntions` -> `munitions`, single breaks -> spaces."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    return normalise_text(re.sub(r"[ \t]{2,}", " ", text))


class PdfSource:
    name: str = "pdf"
    content_types: tuple[str, ...] = ("application/pdf", "application/x-pdf")

    def sniff(self, head: bytes) -> bool:
        return head.lstrip()[:5] == b"%PDF-"

    def read(self, raw: Raw) -> Reading:
        try:
            reader = PdfReader(io.BytesIO(raw.data))
            if reader.is_encrypted:
                raise ArmstrackError(f"{raw.name}: the PDF is encrypted (expected an open PDF)")
            pages = [page.extract_text() or "" for page in reader.pages]
            info: dict[str, object] = dict(reader.metadata or {})
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            if isinstance(exc, ArmstrackError):
                raise
            raise ArmstrackError(f"{raw.name}: not a readable PDF ({exc})") from None
        text = join_lines("\n\n".join(p.strip() for p in pages))
        if not text.strip():
            raise ArmstrackError(f"{raw.name}: the PDF has no text layer (scanned? OCR is not supported)")
        document = Document(text=text, name=raw.name, url=raw.url, title=_info(info, "/Title"),
                            author=_info(info, "/Author"), published=pdf_date(info.get("/CreationDate")),
                            content_type="application/pdf", properties={"pages": len(pages)})
        return Reading([document])


def _info(info: object, key: str) -> str | None:
    value = info.get(key) if isinstance(info, dict) else None
    return str(value).strip() or None if value else None


register_source(PdfSource())
