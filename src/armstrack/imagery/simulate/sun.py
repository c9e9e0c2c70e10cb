"""Where the sun is: NOAA's solar position equations (elevation and azimuth, degrees)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class SunPosition:
    """Solar elevation above the horizon and azimuth clockwise from north, in degrees."""

    elevation_deg: float
    azimuth_deg: float

    def shadow_offset(self, height_m: float) -> tuple[float, float]:
        """The (east, north) displacement in metres of the shadow of a point `height_m` above ground."""
        elevation = max(self.elevation_deg, 3.0)  # below ~3 degrees shadows run off the scene
        length = height_m / math.tan(math.radians(elevation))
        away = math.radians(self.azimuth_deg + 180.0)
        return length * math.sin(away), length * math.cos(away)


def _julian_century(when: datetime) -> float:
    when = when.astimezone(UTC)
    epoch = datetime(2000, 1, 1, 12, tzinfo=UTC)
    return (when - epoch).total_seconds() / 86400.0 / 36525.0


def solar_position(when: datetime, lat: float, lon: float) -> SunPosition:
    """Solar elevation and azimuth at (lat, lon) and a UTC time (NOAA spreadsheet equations, no refraction)."""
    jc = _julian_century(when)
    mean_long = (280.46646 + jc * (36000.76983 + jc * 0.0003032)) % 360.0
    mean_anom = math.radians(357.52911 + jc * (35999.05029 - 0.0001537 * jc))
    ecc = 0.016708634 - jc * (0.000042037 + 0.0000001267 * jc)
    centre = (math.sin(mean_anom) * (1.914602 - jc * (0.004817 + 0.000014 * jc))
              + math.sin(2 * mean_anom) * (0.019993 - 0.000101 * jc) + math.sin(3 * mean_anom) * 0.000289)
    omega = math.radians(125.04 - 1934.136 * jc)
    apparent_long = math.radians(mean_long + centre - 0.00569 - 0.00478 * math.sin(omega))
    mean_obliquity = 23 + (26 + (21.448 - jc * (46.815 + jc * (0.00059 - jc * 0.001813))) / 60) / 60
    obliquity = math.radians(mean_obliquity + 0.00256 * math.cos(omega))
    declination = math.asin(math.sin(obliquity) * math.sin(apparent_long))
    y = math.tan(obliquity / 2) ** 2
    l0 = math.radians(mean_long)
    eq_time = 4 * math.degrees(y * math.sin(2 * l0) - 2 * ecc * math.sin(mean_anom)
                               + 4 * ecc * y * math.sin(mean_anom) * math.cos(2 * l0)
                               - 0.5 * y * y * math.sin(4 * l0) - 1.25 * ecc * ecc * math.sin(2 * mean_anom))
    utc = when.astimezone(UTC)
    minutes = utc.hour * 60 + utc.minute + utc.second / 60
    solar_minutes = (minutes + eq_time + 4 * lon) % 1440
    hour_angle = math.radians(solar_minutes / 4 - 180)
    phi = math.radians(lat)
    cos_zenith = (math.sin(phi) * math.sin(declination)
                  + math.cos(phi) * math.cos(declination) * math.cos(hour_angle))
    zenith = math.acos(max(-1.0, min(1.0, cos_zenith)))
    denominator = math.cos(phi) * math.sin(zenith)
    if abs(denominator) < 1e-9:
        azimuth = 180.0
    else:
        cos_az = (math.sin(phi) * math.cos(zenith) - math.sin(declination)) / denominator
        angle = math.degrees(math.acos(max(-1.0, min(1.0, cos_az))))
        azimuth = (angle + 180) % 360 if hour_angle > 0 else (540 - angle) % 360
    return SunPosition(elevation_deg=90.0 - math.degrees(zenith), azimuth_deg=azimuth)


def local_solar_time_utc(day: datetime, lon: float, solar_hours: float) -> datetime:
    """The UTC time on `day` when the mean local solar time at `lon` is `solar_hours`."""
    base = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return base + timedelta(hours=solar_hours - lon / 15.0)
