"""How well a claim fits a route and a time window: mode, places, period and parties.

The fit is a product of factors in [0, 1]; a factor of zero (another mode, a period that does not
overlap, places off the route, a supplier or recipient of another country) means no link.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from armstrack.corridor.gazetteer import Gazetteer, default_gazetteer, fold
from armstrack.model import Claim, Corridor, Mode, Route

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "PRK": ("north korea", "dprk", "democratic people's republic of korea", "pyongyang", "n. korea"),
    "RUS": ("russia", "russian federation", "moscow", "kremlin"),
    "IRN": ("iran", "islamic republic of iran", "tehran"),
    "CHN": ("china", "people's republic of china", "beijing", "prc"),
    "BLR": ("belarus", "minsk"),
}
"""Names of the states a claim's supplier or recipient may be given as, by ISO 3166 alpha-3."""


@dataclass(frozen=True)
class FitRule:
    unknown_mode: float = 0.6
    both_ends: float = 1.0
    one_end: float = 0.8
    region_only: float = 0.5
    no_places: float = 0.4
    undated: float = 0.5
    period_slack_days: float = 15.0


def country_of(name: str | None) -> str | None:
    if not name:
        return None
    folded = fold(name)
    return next((code for code, names in COUNTRY_NAMES.items() if folded in names), None)


def claim_period(claim: Claim) -> tuple[datetime, datetime] | None:
    """The claim's months as a time range (first day of the start month to the end of the end month)."""
    start, end = claim.period_start or claim.period_end, claim.period_end or claim.period_start
    if not start or not end:
        return None
    try:
        y0, m0 = (int(x) for x in start[:7].split("-"))
        y1, m1 = (int(x) for x in end[:7].split("-"))
        return datetime(y0, m0, 1), datetime(y1, m1, calendar.monthrange(y1, m1)[1], 23, 59, 59)
    except ValueError:
        return None


def place_sites(places: list[str], corridor: Corridor, gazetteer: Gazetteer | None = None) -> tuple[set[str], set[str]]:
    """Site ids and country codes the place names resolve to (via site aliases and the gazetteer)."""
    gazetteer = gazetteer or default_gazetteer()
    names = {fold(n): s.id for s in corridor.sites.values() for n in (s.id, s.name, *s.aliases)}
    sites, countries = set(), set()
    for place in places:
        site = names.get(fold(place))
        found = gazetteer.lookup(place)
        if site is None and found is not None and found.site in corridor.sites:
            site = found.site
        if site is not None:
            sites.add(site)
        elif found is not None:
            countries.update(found.country.split("/"))
        elif country_of(place):
            countries.add(str(country_of(place)))
    return sites, countries


def parties_fit(claim: Claim, route: Route, corridor: Corridor) -> bool:
    """False when the claim names a supplier or recipient of another country than the route's ends."""
    ends = (corridor.sites.get(route.from_site), corridor.sites.get(route.to_site))
    for party, site in zip((claim.supplier, claim.recipient), ends, strict=True):
        code = country_of(party)
        if code is not None and site is not None and code not in site.country.split("/"):
            return False
    return True


def claim_fit(claim: Claim, route: Route, window: tuple[datetime, datetime] | None, corridor: Corridor,
              rule: FitRule | None = None) -> float:
    """The fit of a claim to a shipment on `route` in `window` (None: any time), 0 for no link."""
    rule = rule or FitRule()
    if not parties_fit(claim, route, corridor):
        return 0.0
    mode = 1.0 if claim.mode is route.mode else rule.unknown_mode if claim.mode is Mode.UNKNOWN else 0.0
    return mode * _place_fit(claim, route, corridor, rule) * _period_fit(claim, window, rule)


def _place_fit(claim: Claim, route: Route, corridor: Corridor, rule: FitRule) -> float:
    if not claim.places:
        return rule.no_places
    sites, countries = place_sites(claim.places, corridor)
    ends = {route.from_site, route.to_site}
    on_route = len(sites & ends)
    if on_route:
        return rule.both_ends if on_route == 2 else rule.one_end
    if sites:
        return 0.0
    end_countries = {c for s in ends if s in corridor.sites for c in corridor.sites[s].country.split("/")}
    return rule.region_only if countries & end_countries else 0.0


def _period_fit(claim: Claim, window: tuple[datetime, datetime] | None, rule: FitRule) -> float:
    period = claim_period(claim)
    if period is None:
        return rule.undated
    if window is None:
        return 1.0
    slack = timedelta(days=rule.period_slack_days)
    return 1.0 if period[0] - slack <= window[1] and window[0] <= period[1] + slack else 0.0
