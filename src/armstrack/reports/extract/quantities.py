"""Quantities with units in a sentence: "1 million shells", "6,700 containers", "nine trips".

A quantity is a number followed, within a few words, by a counting unit. Calibres ("152 mm"),
years and vague amounts ("hundreds", "dozens", "tens of thousands", "several") are not
quantities. The wording that bounds the number ("more than", "at least") is kept as a hedge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armstrack.model import Amount

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "a hundred": 100, "one hundred": 100, "a thousand": 1000,
}
SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
UNITS = (
    r"shells?|rounds?|rockets?|missiles?|containers?|trips?|voyages?|shipments?|trainloads?|trains?|"
    r"rail ?cars?|railcars?|wagons?|carriages?|boxcars?|soldiers|troops|servicemen|drones?|uavs?|launchers?|"
    r"howitzers?|guns?|tonnes?|tons?|metric tons|barrels|teus?|crates?|boxes|pallets|vehicles|trucks|occasions|"
    r"batches|consignments|deliveries|(?:transport |cargo )?(?:planes|aircraft|flights)|"
    r"times(?!\s+(?:more|less|larger|smaller|as|the|bigger|higher))|(?:freight |flat |box )?cars"
)
_NUMBER = (r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
           r"(?:\s*(?:-|–|to|and)\s*(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?=\s))?")  # a range keeps its lower bound
_SCALE = r"(?:[\s-]+(?P<scale>thousand|million|billion|bn|m)\b)?"
_GAP = r"(?:[\s-]+(?!(?:of\s+)?(?:years?|months?|weeks?|days?|km|kilometres|kilometers|miles|per\s?cent|%|that|which|" \
       r"who|when|while|because|said|says|statement)\b)" \
       r"(?P<gap>[\w’'-]+(?:\s+of)?)){0,4}?"
_VAGUE_BEFORE = r"(?<![\w,.-])(?<!several )(?<!a few )(?<!many )(?<!few )"
QUANTITY = re.compile(_VAGUE_BEFORE + _NUMBER + _SCALE + r"(?!\s+of\b)" + _GAP + r"[\s-]+(?P<unit>" + UNITS + r")\b",
                      re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE)
_CALIBRE = re.compile(r"^\s*-?\s*(?:mm|millimet)", re.IGNORECASE)


@dataclass(frozen=True)
class QuantityMatch:
    """A quantity found in text, with its span and the bounding words before it."""

    amount: Amount
    start: int
    end: int
    hedge: str | None


def _value(number: str, scale: str | None) -> float | None:
    key = number.casefold()
    if key in NUMBER_WORDS:
        base = float(NUMBER_WORDS[key])
    else:
        base = float(number.replace(",", ""))
        if "," not in number and "." not in number and 1900 <= base <= 2100 and not scale:
            return None  # a year
    return base * SCALES[scale.casefold()] if scale else base


def find_quantities(text: str, hedge_words: re.Pattern[str] | None = None) -> list[QuantityMatch]:
    """Every quantity with a counting unit in `text`, in order."""
    found: list[QuantityMatch] = []
    for match in QUANTITY.finditer(text):
        day_of_month = _DAY_OF_MONTH.search(text[max(0, match.start() - 12):match.start()])  # "Sept. 10 statement"
        if day_of_month or _CALIBRE.match(text[match.end("number"):]):
            continue
        value = _value(match.group("number"), match.group("scale"))
        if value is None:
            continue
        unit = re.sub(r"\s+", " ", match.group("unit").casefold())
        found.append(QuantityMatch(Amount(value=value, unit=unit), match.start(), match.end(),
                                   _bounding_hedge(text, match.start(), hedge_words)))
    return found


def _bounding_hedge(text: str, start: int, hedge_words: re.Pattern[str] | None) -> str | None:
    if hedge_words is None:
        return None
    before = text[max(0, start - 24):start]
    matches = list(hedge_words.finditer(before))
    if matches and not before[matches[-1].end():].strip():
        return matches[-1].group(0).casefold()
    return None
