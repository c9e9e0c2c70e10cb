"""Quantities need a number and a counting unit; vague amounts and calibres are not quantities."""

from __future__ import annotations

import pytest

from armstrack.reports.extract.lexicon import default_lexicon
from armstrack.reports.extract.quantities import find_quantities


@pytest.mark.parametrize(("text", "value", "unit", "hedge"), [
    ("shipped 1 million shells to Russia", 1_000_000, "shells", None),
    ("more than 3 million rounds of ammunition", 3_000_000, "rounds", "more than"),
    ("about 6,700 containers", 6700, "containers", "about"),
    ("completing at least nine trips", 9, "trips", "at least"),
    ("500,000 152 mm artillery shells", 500_000, "shells", None),
    ("approximately 2,000 containers of munitions", 2000, "containers", "approximately"),
    ("some 1.5 million rounds", 1_500_000, "rounds", "some"),
])
def test_numbers_with_units(text: str, value: float, unit: str, hedge: str | None) -> None:
    found = find_quantities(text, default_lexicon().quantity_hedges)
    assert found, text
    assert (found[0].amount.value, found[0].amount.unit, found[0].hedge) == (value, unit, hedge)


@pytest.mark.parametrize("text", [
    "hundreds of missiles", "dozens of rail cars", "several shells", "tens of thousands of containers",
    "152 mm shells", "several hundred rocket launchers", "in 2023 and 2024", "one of the trains",
    "a Hwasong-11 missile", "the port lies 170 kilometres away",
])
def test_vague_amounts_calibres_and_years_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("transferred between 100 and 200 KN-23 and KN-24 missiles", 100, "missiles"),
    ("received 148 KN-23 and KN-24 ballistic missiles", 148, "missiles"),
    ("North Korea sent 10-12 trains", 10, "trains"),
])
def test_ranges_keep_their_lower_bound_and_units_may_follow_names(text: str, value: float, unit: str) -> None:
    found = find_quantities(text)
    assert (found[0].amount.value, found[0].amount.unit) == (value, unit)


def test_days_of_the_month_are_not_counts() -> None:
    assert find_quantities("the ministry warned in an Oct. 4 note that drone deliveries escalate") == []
