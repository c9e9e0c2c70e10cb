"""Synthetic news reports about a simulated world, for the demo and end-to-end tests.

Given the shipment schedule of a simulated archive (its `truth.json`), write news-like HTML
pages: most shipments get a report that tells the truth, some are exaggerated, one is denied by
the supplier, and a few stories are reposted by other sites. Every page says it is synthetic.
The texts are generated here from templates; they describe a simulated world only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from armstrack.corridor.gazetteer import default_gazetteer


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str


OUTLETS = [
    Outlet("Seoul Daily Wire", "seoul-daily-wire.example"),
    Outlet("Pacific Observer", "pacific-observer.example"),
    Outlet("Northeast Asia Monitor", "nea-monitor.example"),
    Outlet("Maritime Transparency Project", "maritime-transparency.example"),
]
REPOSTERS = [Outlet("Daily Aggregator", "daily-aggregator.example"),
             Outlet("World News Mirror", "world-news-mirror.example")]
ORIGINS = ["South Korean defense officials", "US officials", "a South Korean intelligence official",
           "satellite imagery analysts"]


@dataclass(frozen=True)
class SyntheticReport:
    name: str
    outlet: Outlet
    published: date
    title: str
    paragraphs: list[str]
    kind: str  # true | exaggerated | denial | repost | background
    shipment_id: str | None

    @property
    def url(self) -> str:
        return f"https://{self.outlet.domain}/news/{self.name}"

    def to_html(self) -> str:
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        return (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(self.title)}</title>"
            f"<meta property=\"og:site_name\" content=\"{html.escape(self.outlet.name)}\">"
            f"<meta property=\"og:title\" content=\"{html.escape(self.title)}\">"
            f"<meta property=\"article:published_time\" content=\"{self.published.isoformat()}\">"
            f"<meta name=\"author\" content=\"{html.escape(self.outlet.name)} staff\">"
            f"<link rel=\"canonical\" href=\"{self.url}\"></head><body>"
            f"<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/asia\">Asia</a></nav>"
            f"<article><h1>{html.escape(self.title)}</h1>"
            f"<p class=\"byline\">By {html.escape(self.outlet.name)} staff, {self.published.isoformat()}</p>"
            f"{body}<p><em>Synthetic report about a simulated world, written by armstrack's demo.</em></p>"
            "</article><footer>Subscribe to our newsletter. All rights reserved.</footer></body></html>\n")


def _when(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}"


def _place(site_id: str, rng: np.random.Generator) -> str:
    place = default_gazetteer().for_site(site_id)
    if place is None:
        return site_id
    latin = [s for s in place.spellings if s.isascii() and "station" not in s.lower()]
    return str(rng.choice(latin))


def _cargo(shipment: dict[str, Any], factor: float) -> tuple[str, str]:
    if shipment["mode"] == "rail":
        cars = max(1, round((shipment.get("rail_cars") or 0) * factor))
        return f"{cars} freight cars", "by rail"
    teu = shipment.get("containers_teu") or 0
    containers = max(1, round(teu * factor / 1.6))
    return f"about {containers} containers", "by ship"


def _true_report(shipment: dict[str, Any], rng: np.random.Generator, factor: float,
                 kind: str) -> SyntheticReport:
    outlet = OUTLETS[int(rng.integers(len(OUTLETS)))]
    origin = str(rng.choice(ORIGINS))
    depart = datetime.fromisoformat(shipment["depart"].replace("Z", "+00:00"))
    published = (depart + timedelta(days=int(rng.integers(2, 9)))).date()
    cargo, how = _cargo(shipment, factor)
    src, dst = _place(shipment["from"], rng), _place(shipment["to"], rng)
    verb = str(rng.choice(["shipped", "sent", "transferred", "delivered"]))
    lead = (f"North Korea {verb} {cargo} of artillery shells to Russia {how} from {src} to {dst} on "
            f"{_when(depart)}, {origin} told the {outlet.name}.")
    if kind == "exaggerated":
        lead = (f"North Korea has {verb} {cargo} loaded with rockets and artillery ammunition to Russia {how} "
                f"through {src} since {_when(depart)}, according to {origin}.")
    context = (f"The {shipment['mode']} movement between {src} and {dst} was seen in commercial satellite "
               f"imagery, {origin} said.")
    background = ("Pyongyang and Moscow have deepened military cooperation since their leaders met, "
                  "and analysts expect more transfers in the coming months.")
    title = f"North Korean munitions moved {how} to Russia via {src}, officials say"
    return SyntheticReport(name=f"{shipment['id']}-{outlet.domain.split('.')[0]}", outlet=outlet,
                           published=published, title=title, paragraphs=[lead, context, background],
                           kind=kind, shipment_id=shipment["id"])


def _denial(shipment: dict[str, Any], rng: np.random.Generator) -> SyntheticReport:
    outlet = OUTLETS[int(rng.integers(len(OUTLETS)))]
    depart = datetime.fromisoformat(shipment["depart"].replace("Z", "+00:00"))
    published = (depart + timedelta(days=int(rng.integers(10, 15)))).date()
    text = ("North Korea's foreign ministry denied that it had sent any weapons or ammunition to Russia, "
            f"calling reports of arms shipments through {_place(shipment['from'], rng)} a fabrication, "
            f"the {outlet.name} reported.")
    return SyntheticReport(name=f"{shipment['id']}-denial", outlet=outlet, published=published,
                           title="Pyongyang denies arms shipments to Russia", paragraphs=[text],
                           kind="denial", shipment_id=shipment["id"])


def _repost(original: SyntheticReport, rng: np.random.Generator) -> SyntheticReport:
    outlet = REPOSTERS[int(rng.integers(len(REPOSTERS)))]
    return SyntheticReport(name=f"{original.name}-repost-{outlet.domain.split('.')[0]}", outlet=outlet,
                           published=original.published + timedelta(days=1), title=original.title,
                           paragraphs=[*original.paragraphs,
                                       f"This story first appeared in the {original.outlet.name}."],
                           kind="repost", shipment_id=original.shipment_id)


def synthetic_reports(truth: dict[str, Any], seed: int = 0, coverage: float = 0.7,
                      exaggerate: float = 0.25, reposts: int = 2) -> list[SyntheticReport]:
    """Reports about the munitions shipments of a simulated archive's truth.

    `coverage` is the share of shipments that get a report, `exaggerate` the share of those whose
    numbers are inflated (x1.5 to x3); the first reported shipment is also denied by the supplier.
    """
    rng = np.random.default_rng(seed)
    shipments = [s for s in truth.get("shipments", []) if s.get("munitions", True)]
    reports: list[SyntheticReport] = []
    for shipment in shipments:
        if rng.random() > coverage:
            continue
        exaggerated = rng.random() < exaggerate
        factor = float(rng.uniform(1.5, 3.0)) if exaggerated else 1.0
        reports.append(_true_report(shipment, rng, factor, "exaggerated" if exaggerated else "true"))
    if reports and reports[0].shipment_id is not None:
        first = next(s for s in shipments if s["id"] == reports[0].shipment_id)
        reports.append(_denial(first, rng))
    originals = [r for r in reports if r.kind in ("true", "exaggerated")]
    for original in originals[:reposts]:
        reports.append(_repost(original, rng))
    return reports
