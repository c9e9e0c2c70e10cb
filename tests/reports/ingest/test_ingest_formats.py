"""Each format into a clean document, and each kind of bad input into one clear error."""

from __future__ import annotations

from datetime import date

import pytest
from tests.reports.ingest.pages import OTHER_STORY, STORY, atom_feed, make_pdf, news_page, rss_feed

from armstrack.model import ArmstrackError
from armstrack.reports.document import Raw, detect_format, read_any, read_document, read_feed
from armstrack.reports.sources.text import split_header


def test_html_main_text_without_boilerplate_and_metadata() -> None:
    doc = read_document(news_page(STORY).encode(), "text/html; charset=utf-8", "https://bm.example.org/a1", "a1")
    assert all(paragraph in doc.text for paragraph in STORY)
    for boilerplate in ("Subscribe today", "All rights reserved", "Privacy policy", "Ten recipes", "Opinion"):
        assert boilerplate not in doc.text
    assert doc.title == "Trains cross the Tumen at night"
    assert doc.author == "Jane Roe"
    assert doc.published == date(2023, 10, 5)
    assert doc.publisher == "Border Monitor"
    assert doc.url == "https://bm.example.org/a1" and doc.format == "html"
    assert len(doc.raw_sha256 or "") == 64


def test_html_in_a_legacy_charset_is_decoded() -> None:
    paragraphs = [*STORY, "Le ministère a refusé de commenter les déplacements observés près de la frontière."]
    page = news_page(paragraphs, charset="windows-1252").encode("cp1252")
    doc = read_document(page, "text/html", None, "legacy.html")  # charset only in the page's <meta>
    assert "Le ministère a refusé" in doc.text


def test_plain_text_is_kept_verbatim() -> None:
    text = "\n\n".join(STORY) + "\n"
    doc = read_document(text.encode(), None, None, "notes.txt")
    assert doc.text == "\n\n".join(STORY)
    assert doc.title is None and doc.url is None and doc.format == "text"


def test_saved_page_header_becomes_metadata_and_body_is_the_text() -> None:
    body = " date 2023-10-05 Border Monitor\n" + "\n".join(STORY)
    saved = f"URL: https://bm.example.org/a1\nTITLE: Trains cross the Tumen\nFETCHED-AS: excerpt\n\n{body}\n"
    doc = read_document(saved.encode(), None, None, "01_saved.txt")
    assert doc.url == "https://bm.example.org/a1"
    assert doc.title == "Trains cross the Tumen"
    assert doc.properties["header"]["FETCHED-AS"] == "excerpt"
    assert doc.text == body  # offsets into the body are offsets into the report text
    assert doc.text.index(STORY[1]) == body.index(STORY[1])


def test_a_colon_in_the_first_line_is_not_a_header() -> None:
    header, body = split_header("Update: trains seen again\n\nMore text follows.")
    assert header == {} and body.startswith("Update:")


def test_crlf_text_and_windows_1251() -> None:
    text = "Поезда пересекли мост через Туманную в Хасан.\r\nАналитики насчитали семьдесят вагонов."
    doc = read_document(text.encode("cp1251"), None, None, "ru.txt")
    assert doc.text == text.replace("\r\n", "\n")


def test_utf16_text_and_html_with_a_byte_order_mark() -> None:
    text = "\n".join(STORY)
    assert read_document(text.encode("utf-16"), None, None, "u16.txt").text == text
    html = read_document(news_page(STORY).encode("utf-16"), None, None, "page")
    assert html.format == "html" and STORY[2] in html.text


def test_pdf_text_layer_and_info() -> None:
    lines = ["Freight trains crossed from Tumangang to Khasan.", "The yard held seventy wagons of artil-",
             "lery shells on one morning."]
    doc = read_document(make_pdf(lines), None, None, "brief.bin")  # the extension says nothing
    assert doc.format == "pdf"
    assert "Tumangang to Khasan. The yard held seventy wagons of artillery shells" in doc.text
    assert doc.title == "Rail traffic at Tumangang" and doc.author == "A. Analyst"
    assert doc.published == date(2023, 10, 12)


def test_rss_entries_become_documents() -> None:
    feed = rss_feed([
        ("Trains cross the Tumen", "https://wire.example.org/1", "Thu, 05 Oct 2023 08:00:00 GMT",
         "<p>" + STORY[0] + "</p><p>" + STORY[1] + "</p>"),
        ("Ships at Rajin", "https://wire.example.org/2", "Fri, 13 Oct 2023 10:00:00 GMT", OTHER_STORY[0]),
    ])
    reading = read_feed(feed, "application/rss+xml", "https://wire.example.org/feed", "feed")
    assert reading.errors == []
    first, second = reading.documents
    assert first.url == "https://wire.example.org/1" and first.title == "Trains cross the Tumen"
    assert first.published == date(2023, 10, 5) and first.publisher == "Border Wire"
    assert first.text == STORY[0] + "\n" + STORY[1]  # paragraphs kept apart, no markup left
    assert second.text == OTHER_STORY[0] and second.format == "feed"


def test_atom_entries_become_documents() -> None:
    feed = atom_feed([("Ships at Rajin", "https://harbour.example.org/7", "2023-10-12T06:00:00Z",
                       "<div><p>" + OTHER_STORY[0] + "</p></div>")])
    (doc,) = read_any(feed, None, None, "harbour.atom").documents
    assert doc.url == "https://harbour.example.org/7" and doc.author == "Wire Desk"
    assert doc.published == date(2023, 10, 12) and doc.publisher == "Harbour Watch"
    assert doc.text == OTHER_STORY[0]


def test_broken_entries_are_reported_and_the_others_kept() -> None:
    feed = rss_feed([
        ("Good one", "https://wire.example.org/1", "Thu, 05 Oct 2023 08:00:00 GMT", STORY[0]),
        ("No text at all", "https://wire.example.org/2", "Thu, 05 Oct 2023 09:00:00 GMT", ""),
        ("Bad date", "https://wire.example.org/3", "the day after tomorrow", STORY[2]),
        ("Lost in the cut", "https://wire.example.org/4", "Fri, 06 Oct 2023 08:00:00 GMT", STORY[1]),
    ], broken_tail=True)
    reading = read_any(feed, "application/rss+xml", None, "wire.xml")
    assert [d.url for d in reading.documents] == ["https://wire.example.org/1", "https://wire.example.org/3"]
    assert reading.documents[1].published is None
    assert any("entry 2" in e and "wire.example.org/2" in e and "no text" in e for e in reading.errors)
    assert any("malformed" in e for e in reading.errors)


def test_format_is_sniffed_not_taken_from_the_label() -> None:
    page = news_page(STORY).encode()
    assert detect_format(Raw(page, "page.txt", content_type="text/plain")) == "html"
    assert detect_format(Raw(make_pdf(["x"]), "a.html", content_type="application/octet-stream")) == "pdf"
    assert detect_format(Raw(rss_feed([]), "feed.html", content_type="text/html")) == "feed"
    assert detect_format(Raw(b"Just words.", "x.pdf", content_type=None)) == "text"


@pytest.mark.parametrize(("data", "content_type", "expected"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(200), None, "binary data"),
    (b"PK\x03\x04" + bytes(50), "application/zip", "binary data"),
    (b"abc\x00\x01\x02" * 40, None, "binary data"),
    (b"   \n\n ", None, "empty"),
    (b'{"a": 1}', "application/json", "content type application/json"),
    (b"<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>", "text/html",
     "no main text"),
    (b"URL: https://x.example.org\nTITLE: t\n\n\n", None, "no text"),
    (b"%PDF-1.4\n%garbage that is not a pdf", None, "not a readable PDF"),
    (make_pdf([]), None, "no text layer"),
])
def test_bad_inputs_get_one_clear_error(data: bytes, content_type: str | None, expected: str) -> None:
    with pytest.raises(ArmstrackError, match=expected) as info:
        read_document(data, content_type, None, "inbox/item-7")
    assert str(info.value).startswith("inbox/item-7")


def test_undecodable_bytes_are_refused() -> None:
    noise = bytes(range(128, 256)) * 20
    with pytest.raises(ArmstrackError, match="not UTF-8 and no text encoding"):
        read_document(noise, "text/plain", None, "noise.txt")


def test_a_feed_is_not_one_document() -> None:
    feed = rss_feed([("a", "https://w.example.org/1", "Thu, 05 Oct 2023 08:00:00 GMT", STORY[0]),
                     ("b", "https://w.example.org/2", "Thu, 05 Oct 2023 08:00:00 GMT", STORY[1])])
    with pytest.raises(ArmstrackError, match="expected one document"):
        read_document(feed, None, None, "feed.xml")
    with pytest.raises(ArmstrackError, match="not an RSS or Atom feed"):
        read_feed(news_page(STORY).encode(), None, None, "page.html")
