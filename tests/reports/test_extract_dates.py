"""Transfer periods resolved against the publication date, with their precision."""

from __future__ import annotations

from datetime import date

import pytest

from armstrack.reports.extract.dates import Period, parse_date, refers_to_earlier_period, resolve_period

PUBLISHED = date(2024, 3, 5)


@pytest.mark.parametrize(("text", "expected"), [
    ("shells sent since August 2023", Period("2023-08", "2024-03", "month")),
    ("shipped in October", Period("2023-10", "2023-10", "month")),
    ("delivered since mid-2022", Period("2022-06", "2024-03", "month")),
    ("supplied missiles last year", Period("2023-01", "2023-12", "year")),
    ("trains crossed over the last several months", Period(None, "2024-03", "vague")),
    ("deliveries in recent weeks", Period(None, "2024-03", "vague")),
    ("debris found on Jan. 2 was North Korean", Period(None, "2024-01", "day")),
    ("between March and May 2023", Period("2023-03", "2023-05", "month")),
    ("began moving munitions in October 2023, completing trips over 2023 and 2024",
     Period("2023-10", "2024-12", "year")),
    ("sent since late December", Period("2023-12", "2024-03", "month")),
    ("shipped since last autumn", Period("2023-09", "2024-03", "month")),
    ("arms had already been supplied", Period(None, "2024-03", "vague")),
    ("Russia is receiving shells", Period(None, "2024-03", "vague")),
    ("transferring weapons to Russia, which it invaded in February 2022", Period(None, None, None)),
    ("North Korea sent weapons to Russia", Period(None, None, None)),
])
def test_periods(text: str, expected: Period) -> None:
    assert resolve_period(text, PUBLISHED) == expected


def test_dates_parse_without_splitting_abbreviated_months() -> None:
    assert parse_date("Sept. 13, 2023", None) == date(2023, 9, 13)
    assert parse_date("September", date(2024, 2, 28)) == date(2023, 9, 1)
    assert parse_date("Oct. 7", None) is None  # no year and nothing to resolve it against


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve_period("supplied missiles last year", None) == Period(None, None, None)
    assert resolve_period("since August 2023", None).start == "2023-08"


def test_that_period_points_back() -> None:
    assert refers_to_earlier_period("delivered 2,000 containers during that period")
    assert not refers_to_earlier_period("delivered 2,000 containers in 2024")
