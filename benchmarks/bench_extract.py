"""Reports per second, HTML in and claims out, against trafilatura's `extract()` alone on the same pages.

The pages are generated here: news-like templates (navigation, ad slots, related links, comments,
footer) around article bodies drawn from sentences written for this benchmark. Three timings on
one core, best of `--repeat` runs each:

- reference: `trafilatura.extract(html)` (the main text only);
- ingest: `read_document` (main text + metadata in one parse, text clean-up, format sniffing);
- end to end: `read_document` then `extract_claims` on the text (skipped, and said so, when the
  extraction core is not installed).

Usage: python benchmarks/bench_extract.py [--pages 200] [--repeat 3] [--write docs/benchmarks-reports.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import trafilatura

from armstrack.model import ArmstrackError
from armstrack.pipeline.reports import Extractor, default_extractor
from armstrack.reports.document import read_document

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


def make_page(rng: random.Random, index: int) -> tuple[str, str]:
    """(url, html) of one article page with its boilerplate."""
    site = rng.choice(SITES)
    body = "".join("<p>" + " ".join(rng.sample(SENTENCES, 3)) + "</p>" for _ in range(rng.randint(4, 9)))
    day = date(2023, rng.randint(8, 12), rng.randint(1, 28)).isoformat()
    title = f"Report {index}: " + rng.choice(SENTENCES)[:60]
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
    return f"https://{site.lower().replace(' ', '')}.example.org/a/{index}", html


def best_rate(run: Callable[[], None], pages: int, repeat: int) -> float:
    """Pages per second of the fastest of `repeat` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return pages / best


def optional_extractor() -> Extractor | None:
    try:
        return default_extractor()
    except ArmstrackError:
        return None


def measure(pages: int, repeat: int) -> dict[str, float | int | str | None]:
    rng = random.Random(7)
    corpus = [make_page(rng, i) for i in range(pages)]
    encoded = [(url, html.encode()) for url, html in corpus]
    extract_claims = optional_extractor()

    def reference() -> None:
        for _, html in corpus:
            trafilatura.extract(html)

    def ingest() -> None:
        for url, data in encoded:
            read_document(data, "text/html; charset=utf-8", url, url)

    def end_to_end() -> None:
        assert extract_claims is not None
        for url, data in encoded:
            doc = read_document(data, "text/html; charset=utf-8", url, url)
            extract_claims(doc.text, published=doc.published, publisher=doc.publisher, title=doc.title,
                           author=doc.author, report_id=url)

    if extract_claims is not None:
        end_to_end()  # warm-up: models and lexicons load once per process
    results: dict[str, float | int | str | None] = {"pages": pages, "repeat": repeat}
    results["reference"] = best_rate(reference, pages, repeat)
    results["ingest"] = best_rate(ingest, pages, repeat)
    results["end_to_end"] = best_rate(end_to_end, pages, repeat) if extract_claims else None
    return results


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def summary(r: dict[str, float | int | str | None]) -> list[str]:
    ref, ingest, e2e = (float(r["reference"] or 0), float(r["ingest"] or 0),
                        None if r["end_to_end"] is None else float(r["end_to_end"]))
    lines = [f"trafilatura extract() alone: {ref:.1f} pages/s (one core)",
             f"ingest (read_document): {ingest:.1f} reports/s, {ref / ingest:.2f}x the time of extract() alone"]
    if e2e is None:
        lines.append("end to end (read_document + extract_claims): not measured, the extraction core is not installed")
    else:
        lines.append(f"end to end (read_document + extract_claims): {e2e:.1f} reports/s per core, "
                     f"{ref / e2e:.2f}x the time of extract() alone (targets: >= 20 reports/s per core, <= 2x)")
    return lines


def write_markdown(path: Path, r: dict[str, float | int | str | None]) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = [f"## {stamp}: `python benchmarks/bench_extract.py --pages {r['pages']} --repeat {r['repeat']}`", "",
             f"Machine: {machine()}. Pages generated by the script (news templates with navigation, ads, "
             "related links, comments, footer; 4-9 paragraphs each). One process, best of the repeats.", "",
             *[f"- {line}" for line in summary(r)], ""]
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
    for line in summary(results):
        print(line)
    if args.write:
        write_markdown(args.write, results)


if __name__ == "__main__":
    main()
