"""Reports per second, HTML in and claims out, against trafilatura's `extract()` alone on the same pages.

The pages are generated here: news-like templates (navigation, ad slots, related links, comments,
footer) around article bodies drawn from sentences written for this benchmark. Four timings in
one process, best of `--repeat` runs each, by the wall clock and by CPU time:

- reference: `trafilatura.extract(html)` (the main text only);
- ingest: `read_document` (main text + metadata in one parse, text clean-up, format sniffing);
- end to end: `read_document` then `extract_claims` on the text, one report at a time;
- end to end, batched: `read_document` then the core's `Extractor.extract_many` on all reports
  (what `extract_reports` does). Both skipped, and said so, without the extraction core.

Usage: python benchmarks/bench_extract.py [--pages 200] [--repeat 3] [--write docs/benchmarks-reports.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import trafilatura

from armstrack.model import ArmstrackError
from armstrack.pipeline.reports import default_extractor
from armstrack.reports.document import Document, read_document

SENTENCES = [
    "Freight trains with covered wagons crossed the bridge from Tumangang to Khasan on three nights last week.",
    "Analysts who reviewed commercial satellite images counted more than seventy wagons in the border yard.",
    "The loads were probably artillery shells bound for depots in the Russian Far East, the analysts said.",
    "Two cargo ships linked to a Russian military logistics firm were seen loading containers at Rajin.",
    "The vessels later docked at a naval pier near Vladivostok, where the containers were moved by rail.",
    "South Korean officials said the North had sent about one million shells since August, citing intelligence.",
    "A spokesman in Moscow denied that any weapons had been received from Pyongyang.",
    "The ministry said it was following the movements closely and sharing information with its partners.",
    "Researchers at the institute said the traffic was several times higher than in any month of the spring.",
    "Officials in Seoul believe the shipments include rockets as well as shells for older Soviet-era guns.",
    "Residents near the border described long trains passing at night with their wagons covered by tarpaulins.",
    "The think tank said it could not confirm what the containers held, but their number kept rising.",
    "Weather in the region stayed dry through the month, and the harvest was described as average.",
    "Local markets reported steady prices for rice and maize, according to traders interviewed by phone.",
]
SITES = ["Border Monitor", "Asia Wire", "The Harbour Times", "East Sea Review", "Policy Desk"]
NAV = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in
              ("world", "asia", "europe", "business", "opinion", "video", "podcasts", "newsletters"))
COMMENTS = "".join(f'<div class="comment"><b>reader{i}</b><p>Interesting, thanks for sharing.</p></div>'
                   for i in range(5))


@dataclass
class Page:
    """A generated page and what a reader should find in it."""

    url: str
    html: str
    paragraphs: list[str]
    title: str
    site: str
    day: str


def make_page(rng: random.Random, index: int) -> Page:
    """One article page with its boilerplate, and its truth."""
    site = rng.choice(SITES)
    paragraphs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(rng.randint(4, 9))]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    day = date(2023, rng.randint(8, 12), rng.randint(1, 28)).isoformat()
    title = f"Report {index}: " + rng.choice(SENTENCES)[:60].strip()
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><meta name="author" content="Staff writer {index % 7}">
<meta property="article:published_time" content="{day}T06:30:00Z"><script>window.ads = [1, 2, 3];</script>
<style>.ad {{ display: block; }}</style></head><body>
<header><div class="logo">{site}</div><nav><ul>{NAV}</ul></nav><form><input name="q"></form></header>
<div class="ad">Advertisement: subscribe now, first month free.</div>
<main><article><h1>{title}</h1><p class="byline">By Staff writer {index % 7}, {day}</p>{body}</article>
<aside class="related"><h3>Most read</h3><ul>{NAV}</ul></aside><section class="comments">{COMMENTS}</section></main>
<div class="ad">Sponsored: ten ways to save on travel.</div>
<footer><p>Copyright 2023 {site}. All rights reserved.</p><p>Privacy | Terms | Cookies | Contact</p></footer>
</body></html>"""
    return Page(f"https://{site.lower().replace(' ', '')}.example.org/a/{index}", html, paragraphs, title, site, day)


BOILERPLATE = ("Advertisement", "Sponsored", "All rights reserved", "Privacy", "Most read", "Interesting, thanks",
               "Newsletters")


def accuracy(pages: list[Page]) -> dict[str, float]:
    """Share of article paragraphs found whole, of pages with boilerplate left in, and of pages with
    the right title, date and publisher."""
    docs = [read_document(p.html.encode(), "text/html; charset=utf-8", p.url, p.url) for p in pages]
    found = sum(para in d.text for p, d in zip(pages, docs, strict=True) for para in p.paragraphs)
    return {"paragraphs_found": found / sum(len(p.paragraphs) for p in pages),
            "pages_with_boilerplate": sum(any(b in d.text for b in BOILERPLATE) for d in docs) / len(pages),
            "metadata_right": sum(d.title == p.title and d.publisher == p.site and str(d.published) == p.day
                                  for p, d in zip(pages, docs, strict=True)) / len(pages)}


Rates = tuple[float, float]  # (reports per wall-clock second, reports per CPU second of this process)


def best_rates(run: Callable[[], object], pages: int, repeat: int) -> Rates:
    """Pages per second of the fastest of `repeat` runs, by the wall clock and by this process's CPU
    time. On a shared machine the CPU-time rate is the honest per-core figure."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return pages / wall, pages / cpu


def measure(pages: int, repeat: int) -> dict[str, Rates | None]:
    rng = random.Random(7)
    generated = [make_page(rng, i) for i in range(pages)]
    corpus = [(p.url, p.html) for p in generated]
    encoded = [(p.url, p.html.encode()) for p in generated]
    try:
        default_extractor()
        from armstrack.reports.extract import Extractor, ReportText, extract_claims
    except (ArmstrackError, ImportError):
        return {"reference": best_rates(lambda: reference(corpus), pages, repeat),
                "ingest": best_rates(lambda: ingest(encoded), pages, repeat), "end_to_end": None, "batched": None}
    core = Extractor()

    def end_to_end() -> None:
        for doc in ingest(encoded):
            extract_claims(doc.text, published=doc.published, publisher=doc.publisher, title=doc.title,
                           author=doc.author, report_id=doc.url)

    def batched() -> None:
        docs = ingest(encoded)
        core.extract_many([ReportText(d.text, d.published, d.publisher, d.title, d.author, d.url) for d in docs])

    end_to_end()  # warm-up: the spaCy pipeline and lexicons load once per process
    batched()
    return {"reference": best_rates(lambda: reference(corpus), pages, repeat),
            "ingest": best_rates(lambda: ingest(encoded), pages, repeat),
            "end_to_end": best_rates(end_to_end, pages, repeat), "batched": best_rates(batched, pages, repeat)}


def reference(corpus: list[tuple[str, str]]) -> None:
    for _, html in corpus:
        trafilatura.extract(html)


def ingest(encoded: list[tuple[str, bytes]]) -> list[Document]:
    return [read_document(data, "text/html; charset=utf-8", url, url) for url, data in encoded]


def accuracy_line(pages: int) -> str:
    rng = random.Random(7)
    a = accuracy([make_page(rng, i) for i in range(pages)])
    return (f"ingest accuracy on the same pages: {a['paragraphs_found']:.1%} of article paragraphs found whole, "
            f"{a['pages_with_boilerplate']:.1%} of pages with boilerplate left in, title + date + publisher "
            f"right on {a['metadata_right']:.1%} (templates written for the benchmark: an easy case)")


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def summary(r: dict[str, Rates | None]) -> list[str]:
    ref = r["reference"]
    assert ref is not None and r["ingest"] is not None
    lines = [f"trafilatura extract() alone (reference): {ref[1]:.1f} pages/s per core ({ref[0]:.1f} by the wall clock)"]
    labels = {"ingest": "ingest only (read_document: main text + metadata)",
              "end_to_end": "end to end (read_document + extract_claims, one report at a time)",
              "batched": "end to end, batched (read_document + Extractor.extract_many)"}
    for key, label in labels.items():
        rates = r[key]
        if rates is None:
            lines.append(f"{label}: not measured, the extraction core is not installed")
            continue
        lines.append(f"{label}: {rates[1]:.1f} reports/s per core ({rates[0]:.1f} by the wall clock); "
                     f"{ref[1] / rates[1]:.2f}x the CPU time of the reference")
    return lines


def write_markdown(path: Path, r: dict[str, Rates | None], pages: int, repeat: int, extra: list[str]) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = [f"## {stamp}: `python benchmarks/bench_extract.py --pages {pages} --repeat {repeat}`", "",
             f"Machine: {machine()}, shared with other jobs (so per-core rates are by this process's CPU "
             "time; wall-clock rates are given beside them). Pages generated by the script: news templates "
             "with navigation, ad slots, related links, comments and footer around 4-9 paragraphs "
             "(about 330 words of article text). One process, best of the repeats.", "",
             *[f"- {line}" for line in [*summary(r), *extra]], ""]
    head = "# Benchmarks: report ingest and extraction\n\n" if not path.exists() else ""
    with path.open("a", encoding="utf-8") as fh:
        fh.write(head + "\n".join(block) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path, default=None, help="Append the results to this Markdown file.")
    args = parser.parse_args()
    results = measure(args.pages, args.repeat)
    print(f"{args.pages} pages, best of {args.repeat}; {machine()}")
    extra = [accuracy_line(args.pages)]
    for line in [*summary(results), *extra]:
        print(line)
    if args.write:
        write_markdown(args.write, results, args.pages, args.repeat, extra)


if __name__ == "__main__":
    main()
