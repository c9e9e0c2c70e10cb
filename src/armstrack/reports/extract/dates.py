"""The period of a transfer, from the date phrases of its sentence, resolved against publication.

Date spans are found by rules first ("Sept. 13, 2023", "October 2023", "mid-2022", "last year",
"over the last several months") and only then parsed, explicit ones with dateparser against the
publication date; vague phrases have rules of their own. A day-precision date usually dates the
evidence (a statement, a strike), so it bounds the end of the period only; months and years
date the transfer itself; "since"/"began in" mark a start. Periods are "YYYY-MM" strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
YEAR = r"(?:19|20)\d{2}"
_PATTERNS: list[tuple[str, str]] = [
    ("range", rf"\b(?:between|from)\s+(?P<m1>{MONTH})\s+(?:and|to|until|through)\s+(?P<m2>{MONTH})(?:,?\s+"
              rf"(?P<year>{YEAR}))?(?![\w.])"),
    ("day_range", rf"\bbetween\s+(?P<d1>{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})\s+and\s+"
                  rf"(?P<d2>{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH}|\d{{1,2}}\b)(?:,?\s+(?P<year>{YEAR}))?"),
    ("part_rel", r"\b(?P<part>early|mid|late|end of|beginning of|start of)[- ](?P<which>last|this)\s+year\b"),
    ("month_year_rel", rf"\b(?P<month>{MONTH})\s+(?P<which>last|this)\s+year\b"),
    ("recent_span", r"\b(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+(?P<count>\w+\s+)?"
                    r"(?P<unit>days|weeks?)\b"),
    ("day", rf"\b\d{{1,2}}\s+{MONTH},?\s+{YEAR}\b|\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}\b"
            rf"|\b{YEAR}-\d\d-\d\d\b"),
    ("day", rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}\s+{MONTH}(?!\w)"),
    ("part", rf"\b(?P<part>early|mid|late|end of|beginning of|start of)[- ](?:{MONTH}\s+)?(?P<year>{YEAR})\b"),
    ("month_part", rf"\b(?:early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of|"
                   rf"the middle of)[- ](?P<month>{MONTH})(?![\w.])"),
    ("months", rf"(?<=\bin\s)(?P<m1>{MONTH})\s+and\s+(?P<m2>{MONTH})(?![\w.])"),
    ("season", r"\b(?P<which>last|this|past)\s+(?P<season>spring|summer|autumn|fall|winter)\b"),
    ("season_year", rf"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>{YEAR})\b"),
    ("month", rf"\b{MONTH}\s+(?:of\s+)?{YEAR}\b"),
    ("month", rf"(?<=\bin\s){MONTH}(?![\w.])|(?<=\bsince\s){MONTH}(?![\w.])|(?<=\blast\s){MONTH}(?![\w.])"),
    ("year", rf"(?<![\w-]){YEAR}(?![\w-])"),
    ("relative", r"\b(?:last|this|previous)\s+(?:year|month)\b"),
    ("vague", r"\b(?:recent|recently|(?:over|in|during)\s+(?:the\s+)?(?:last|past|recent)\s+(?:\w+\s+){0,2}?"
              r"(?:weeks?|months?|years?|days))\b"),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]
_START_CUE = re.compile(r"\b(?:since|from|began|begun|started|starting|beginning)\b[^.,;]{0,50}$", re.IGNORECASE)
_END_CUE = re.compile(r"\b(?:until|till|through|to|by)\s+(?:the\s+end\s+of\s+)?$", re.IGNORECASE)
_IGNORED = re.compile(r"\b(?:invad\w*|invasion|resolution|born|founded|treaty of|nuclear deal)\b[^.;]{0,20}$",
                      re.IGNORECASE)
_INHERIT = re.compile(r"\b(?:during|in|over|throughout)\s+(?:that|this|the same)\s+(?:period|time)\b", re.IGNORECASE)
_PERFECT = re.compile(r"\b(?:already|so far|to date|has\s+long|have\s+long|(?:has|have)\s+(?:\w+\s+){0,2}?(?:been|"
                      r"\w+ed|sent|supplied|shipped|begun|bought|sold)|(?:is|are)\s+(?:\w+ly\s+|also\s+|now\s+|still\s+)?"
                      r"(?!going\b)\w+ing|now|currently|continu(?:e|es|ing)|ongoing)\b", re.IGNORECASE)
_PART_MONTHS = {"early": (1, 4), "beginning of": (1, 3), "start of": (1, 3), "mid": (6, 6), "late": (9, 12),
                "end of": (10, 12)}

YearMonth = tuple[int, int]


@dataclass(frozen=True)
class DateMention:
    """A date phrase: its span, the months it covers, its precision, and whether it starts or ends a period."""

    start: int
    end: int
    first: YearMonth
    last: YearMonth
    precision: str  # day | month | year | vague
    role: str = "any"  # any | start | end


@dataclass(frozen=True)
class Period:
    start: str | None
    end: str | None
    precision: str | None


NO_PERIOD = Period(None, None, None)


def month_str(ym: YearMonth | None) -> str | None:
    return None if ym is None else f"{ym[0]:04d}-{ym[1]:02d}"


@lru_cache(maxsize=4096)
def parse_date(span: str, published: date | None) -> date | None:
    """Parse one explicit date span with dateparser, preferring the past of the publication date."""
    cleaned = re.sub(r"\bSept\b\.?", "Sep", span, flags=re.IGNORECASE).replace(".", "")
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    elif not re.search(YEAR, span):
        return None
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    return None if parsed is None else parsed.date()


Reader = Callable[[re.Match[str], date | None], tuple[YearMonth, YearMonth, str] | None]


def _months_of(*names: str, published: date | None) -> list[YearMonth] | None:
    parsed = [parse_date(name, published) for name in names]
    return None if any(p is None for p in parsed) else [(p.year, p.month) for p in parsed if p is not None]


def _read_vague(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    here = None if published is None else (published.year, published.month)
    return None if here is None else (here, here, "vague")


def _read_explicit(precision: str) -> Reader:
    def read(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
        months = _months_of(match.group(0), published=published)
        return None if months is None else (months[0], months[0], precision)
    return read


def _read_range(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    year = match.group("year")
    if year is None:  # "between January and May": the last such span before publication
        months = _months_of(match.group("m1"), match.group("m2"), published=published)
        if months is not None and months[0] > months[1]:
            months = [(months[1][0] - 1 if months[0][0] == months[1][0] else months[0][0], months[0][1]), months[1]]
        return None if months is None else (months[0], months[1], "month")
    months = _months_of(f"{match.group('m1')} {year}", f"{match.group('m2')} {year}", published=published)
    return None if months is None else (months[0], months[1], "month")


def _read_month_part(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    months = _months_of(match.group("month"), published=published)
    return None if months is None else (months[0], months[0], "month")


def _read_months(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    months = _months_of(match.group("m1"), match.group("m2"), published=published)
    return None if months is None else (months[0], months[1], "month")


def _read_season_year(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    low, high = _SEASONS[match.group("season").casefold()]
    year = int(match.group("year"))
    return (year, low), ((year + 1, high - 12) if high > 12 else (year, high)), "month"


def _read_part(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    year = int(match.group("year"))
    low, high = _PART_MONTHS[match.group("part").casefold()]
    return (year, low), (year, high), "month"


def _read_year(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    year = int(match.group(0))
    return (year, 1), (year, 12), "year"


def _mention(kind: str, match: re.Match[str], published: date | None) -> DateMention | None:
    read = READERS[kind](match, published)
    if read is None:
        return None
    first, last, precision = read
    return DateMention(match.start(), match.end(), first, last, precision, "end" if precision == "vague" else "any")


_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}


def _read_season(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    """'last autumn', 'this summer': the season's months in the latest (or current) year before publication."""
    if published is None:
        return None
    low, high = _SEASONS[match.group("season").casefold()]
    here = published.year * 12 + published.month - 1
    year = published.year
    while (year * 12 + low - 1 > here) or (match.group("which").casefold() != "this" and year * 12 + high - 1 >= here):
        year -= 1
    last_index = year * 12 + high - 1
    return (year, low), (last_index // 12, last_index % 12 + 1), "month"


def _read_relative(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    """'last year', 'this year', 'last month', 'this month', against the publication date."""
    if published is None:
        return None
    here = (published.year, published.month)
    which, unit = match.group(0).casefold().split()
    if unit == "year":
        year = published.year - (0 if which == "this" else 1)
        return (year, 1), (here if year == published.year else (year, 12)), "year"
    month = here if which == "this" else ((here[0] - 1, 12) if here[1] == 1 else (here[0], here[1] - 1))
    return month, month, "month"


def _read_day_range(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    """'between October 8 and October 13', 'between 8 and 13 October': the months both days fall in."""
    year = f" {match.group('year')}" if match.group("year") else ""
    first = match.group("d1")
    second = match.group("d2")
    if second.isdigit():
        month = re.search(MONTH, first, re.IGNORECASE)
        second = f"{month.group(0) if month else ''} {second}"
    months = _months_of(first + year, second + year, published=published)
    return None if months is None else (min(months), max(months), "month")


def _read_month_year_rel(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    """'August last year', 'March this year', against the publication date."""
    if published is None:
        return None
    year = published.year - (1 if match.group("which").casefold() == "last" else 0)
    months = _months_of(f"{match.group('month')} {year}", published=None)
    return None if months is None else (months[0], months[0], "month")


def _read_part_rel(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    """'late last year', 'early this year': the part's months of that year, against the publication date."""
    if published is None:
        return None
    year = published.year - (1 if match.group("which").casefold() == "last" else 0)
    low, high = _PART_MONTHS[match.group("part").casefold()]
    return (year, low), ((year, high) if year < published.year else (year, min(high, published.month))), "month"


_COUNTS = {"few": 3, "couple of": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "several": 4}


def _read_recent_span(match: re.Match[str], published: date | None) -> tuple[YearMonth, YearMonth, str] | None:
    """'in the past two weeks', 'over the last ten days': the months those days fall in."""
    if published is None:
        return None
    count_word = (match.group("count") or "one").strip().casefold()
    count = int(count_word) if count_word.isdigit() else _COUNTS.get(count_word, 1)
    days = count * (7 if match.group("unit").casefold().startswith("week") else 1)
    if days > 62:
        return None
    start = published - timedelta(days=days)
    return (start.year, start.month), (published.year, published.month), "month"


READERS: dict[str, Reader] = {
    "part_rel": _read_part_rel, "day_range": _read_day_range, "month_year_rel": _read_month_year_rel,
    "recent_span": _read_recent_span,
    "range": _read_range, "day": _read_explicit("day"), "month": _read_explicit("month"), "part": _read_part,
    "month_part": _read_month_part, "months": _read_months, "season": _read_season,
    "season_year": _read_season_year, "year": _read_year, "relative": _read_relative, "vague": _read_vague,
}


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date phrase of `text` that dates something other than a war's start, longest first at each place."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            if _IGNORED.search(text[max(0, match.start() - 40):match.start()]):
                continue
            mention = _mention(kind, match, published)
            if mention is not None:
                found.append(_with_role(mention, text))
    return sorted(found, key=lambda m: m.start)


def _with_role(mention: DateMention, text: str) -> DateMention:
    before = text[max(0, mention.start - 40):mention.start]
    if mention.role != "any":
        return mention
    if _START_CUE.search(before):
        return DateMention(mention.start, mention.end, mention.first, mention.last, mention.precision, "start")
    if _END_CUE.search(before):
        return DateMention(mention.start, mention.end, mention.first, mention.last, mention.precision, "end")
    return mention


def refers_to_earlier_period(text: str) -> bool:
    """Whether the text dates itself by an earlier sentence ("during that period")."""
    return bool(_INHERIT.search(text))


def resolve_period(text: str, published: date | None) -> Period:
    """The transfer period a sentence gives, with its precision; NO_PERIOD when it gives none."""
    mentions = [m for m in find_dates(text, published) if published is None or m.first <= (published.year,
                                                                                             published.month)]
    here = None if published is None else (published.year, published.month)
    if not mentions:
        if here is not None and _PERFECT.search(text):
            return Period(None, month_str(here), "vague")
        return NO_PERIOD
    ranged = [m for m in mentions if m.precision in ("month", "year") or m.role == "start"]
    if not ranged:
        precision = "vague" if all(m.precision == "vague" for m in mentions) else "day"
        return Period(None, month_str(max(m.last for m in mentions)), precision)
    starts = [m.first for m in ranged if m.role == "start"] or [m.first for m in ranged if m.role != "end"]
    end = max(m.last for m in mentions)
    if any(m.role == "start" for m in ranged) and all(m.role == "start" for m in ranged) and here is not None:
        end = max(end, here)
    precisions = {m.precision for m in ranged}
    precision = next(p for p in ("year", "month", "day", "vague") if p in precisions or p == "vague")
    return Period(month_str(min(starts)) if starts else None, month_str(end), precision)
