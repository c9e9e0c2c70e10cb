"""Tiny synthetic inputs for the ingest tests, made by code: news pages with boilerplate, a PDF
written byte by byte, RSS and Atom feeds. The stories are invented for the tests."""

from __future__ import annotations

STORY = [
    "Freight trains with covered wagons crossed the Friendship Bridge from Tumangang to Khasan on "
    "three nights last week, according to analysts who studied commercial satellite images of the yard.",
    "The analysts counted more than seventy wagons waiting on the sidings on one morning, several times "
    "the number seen there during the spring, and said the loads were probably artillery shells.",
    "A spokesman for the ministry in Seoul said the government was following the movements closely and "
    "would share its assessment with partners, while officials in Moscow declined to comment.",
]

# One sentence that any reading of the claim schema finds a claim in (for tests on the real core).
PLAIN_CLAIM = ("North Korea shipped artillery shells to Russia by rail through Tumangang in September 2023, "
               "South Korean officials said.")

OTHER_STORY = [
    "Two cargo ships linked to a sanctioned Russian logistics company were seen loading containers at "
    "the northern port of Rajin, then sailing towards the Russian Pacific coast, a think tank said.",
    "Imagery from early October shows hundreds of containers stacked on the quay before each departure, "
    "and the same vessels unloading at a naval pier near Vladivostok a few days later.",
    "The institute said the transfers could supply the Russian army with ammunition for many months, "
    "although it could not see what the containers held.",
]

NAV = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in ("world", "asia", "europe", "opinion", "video"))


def news_page(paragraphs: list[str], title: str = "Trains cross the Tumen at night",
              site: str = "Border Monitor", author: str = "Jane Roe", published: str = "2023-10-05",
              charset: str = "utf-8") -> str:
    """A news article page with navigation, ads, a related-links box, comments and a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T08:00:00Z"></head>
<body><header><div class="logo">{site}</div><nav><ul>{NAV}</ul></nav></header>
<div class="ad-banner">Subscribe today and get your first month free! Limited offer.</div>
<main><article><h1>{title}</h1><div class="byline">By {author}</div>{body}</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">Markets close higher on tech rally</a></li>
<li><a href="/y">Ten recipes for a rainy weekend</a></li></ul></aside></main>
<footer><p>Copyright 2023 {site}. All rights reserved.</p><p>Privacy policy | Terms of use | Contact us</p>
</footer></body></html>"""


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], title: str = "Rail traffic at Tumangang", author: str = "A. Analyst") -> bytes:
    """A one-page PDF with a text layer (Helvetica), an info dictionary and a correct xref table."""
    content = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(f"({_pdf_escape(line)}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({_pdf_escape(title)}) /Author ({_pdf_escape(author)}) /CreationDate (D:20231012090000Z) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def rss_feed(items: list[tuple[str, str, str, str]], broken_tail: bool = False) -> bytes:
    """RSS 2.0 with (title, link, pubDate, description-HTML) items; `broken_tail` cuts the XML short."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate>"
        f"<description><![CDATA[{html}]]></description></item>" for t, link, d, html in items)
    xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Border Wire</title>'
           f"<link>https://wire.example.org/</link><description>News</description>{entries}</channel></rss>")
    if broken_tail:
        xml = xml[: xml.rindex("<item>")] + "<item><title>Cut off<link>https://wire.example"
    return xml.encode()


def atom_feed(entries: list[tuple[str, str, str, str]]) -> bytes:
    """Atom 1.0 with (title, link, updated, content-HTML) entries."""
    body = "".join(
        f'<entry><title>{t}</title><link href="{link}"/><id>{link}</id><updated>{d}</updated>'
        f'<author><name>Wire Desk</name></author><content type="html"><![CDATA[{html}]]></content></entry>'
        for t, link, d, html in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Harbour Watch</title><id>urn:harbour</id><updated>2023-10-12T00:00:00Z</updated>{body}</feed>"
            ).encode()
