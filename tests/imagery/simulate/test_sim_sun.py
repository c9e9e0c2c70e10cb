"""Solar position against known geometry: noon elevation, azimuth sides, night."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from armstrack.imagery.simulate.sun import local_solar_time_utc, solar_position


def test_noon_elevation_follows_latitude_and_declination() -> None:
    # June solstice, solar noon at 130.6 E is near 03:17 UTC; declination ~ +23.44
    noon = solar_position(datetime(2023, 6, 21, 3, 16, tzinfo=UTC), 42.42, 130.61)
    assert noon.elevation_deg == pytest.approx(90 - 42.42 + 23.44, abs=0.4)
    assert noon.azimuth_deg == pytest.approx(180, abs=3)
    winter = solar_position(datetime(2023, 12, 21, 3, 16, tzinfo=UTC), 42.42, 130.61)
    assert winter.elevation_deg == pytest.approx(90 - 42.42 - 23.44, abs=0.4)


def test_morning_sun_is_in_the_south_east_and_night_is_below_the_horizon() -> None:
    morning = solar_position(local_solar_time_utc(datetime(2023, 8, 4), 130.61, 10.5), 42.42, 130.61)
    assert 100 < morning.azimuth_deg < 180
    assert 45 < morning.elevation_deg < 65
    assert solar_position(datetime(2023, 8, 4, 15, 0, tzinfo=UTC), 42.42, 130.61).elevation_deg < 0


def test_shadows_point_away_from_the_sun() -> None:
    sun = solar_position(local_solar_time_utc(datetime(2023, 8, 4), 130.61, 10.5), 42.42, 130.61)
    east, north = sun.shadow_offset(10.0)
    assert east < 0 and north > 0  # sun in the south-east: shadows fall north-west
