"""Publication dates as formats carry them: ISO 8601 strings, RFC 822 dates, time tuples."""

from __future__ import annotations

import re
import time
from datetime import date
from email.utils import parsedate_to_datetime

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: str | None) -> date | None:
    """A calendar date from an ISO 8601 or RFC 822 string; None when there is none or it is invalid."""
    if not value:
        return None
    match = ISO_DATE.search(value)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return parsedate_to_datetime(value).date()
    except (ValueError, TypeError, IndexError):
        return None


def date_of_struct(value: time.struct_time | None) -> date | None:
    """A calendar date from feedparser's parsed time tuple (UTC)."""
    if not value:
        return None
    try:
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    except ValueError:
        return None
