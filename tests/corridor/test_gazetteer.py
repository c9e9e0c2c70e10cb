from __future__ import annotations

import pytest

from armstrack.corridor.gazetteer import default_gazetteer
from armstrack.corridor.geojson import load_default


@pytest.mark.parametrize(("spelling", "site"), [
    ("Najin", "rajin"), ("RASON", "rajin"), ("Rasŏn", "rajin"), ("라진", "rajin"), ("Раджин", "rajin"),
    ("Tumen River station", "tumangang"), ("두만강역", "tumangang"), ("Hasan", "khasan"), ("Хасан", "khasan"),
    ("Dunay", "dunai"), ("Дунай", "dunai"), ("Wrangel Bay", "vostochny-port"),
])
def test_aliases_resolve_to_corridor_sites(spelling: str, site: str) -> None:
    place = default_gazetteer().lookup(spelling)
    assert place is not None and place.site == site


def test_every_gazetteer_site_exists_in_the_default_corridor() -> None:
    sites = set(load_default().sites)
    for place in default_gazetteer().places:
        assert place.site is None or place.site in sites
    assert default_gazetteer().lookup("Atlantis") is None


def test_spellings_are_longest_first() -> None:
    lengths = [len(s) for s, _ in default_gazetteer().spellings()]
    assert lengths == sorted(lengths, reverse=True)
