"""Scoring claim extraction against gold files: precision, recall, F1 and per-field accuracy.

An evaluation folder holds `NAME.txt` + `NAME.json` pairs. The .txt starts with `URL:`,
`TITLE:` and `FETCHED-AS:` lines and a blank line, then the report text; the .json holds url,
published, publisher and the gold claims (schema of docs/architecture.md). A predicted claim
matches a gold claim when their suppliers agree (after normalising country names) and their
quotes overlap in the text; each gold claim matches at most one prediction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from armstrack.model import ArmstrackError
from armstrack.reports.extract import Extractor, ReportText, default_lexicon
from armstrack.reports.extract.dates import parse_date

FIELDS = ("recipient", "mode", "status", "origin", "period", "quantity", "materiel", "places")
_HEADER_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}\b"
                          r"|\b[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\b"
                          r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December)\s+\d{4}\b")
_STOP = frozenset({"the", "a", "an", "and", "of", "both", "all", "government", "governments", "state", "media",
                   "unnamed", "anonymous"})


@dataclass
class GoldReport:
    """One evaluation item: the report text with its metadata, and its gold claims."""

    name: str
    text: str
    title: str | None
    published: date | None
    publisher: str | None
    claims: list[dict[str, Any]]


@dataclass
class FileScore:
    name: str
    gold: int
    predicted: int
    matched: int
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


def _read_pair(txt: Path) -> GoldReport:
    gold_path = txt.with_suffix(".json")
    try:
        raw = txt.read_text("utf-8")
        gold = json.loads(gold_path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArmstrackError(f"{gold_path if isinstance(exc, json.JSONDecodeError) else txt}: cannot read ({exc})") \
            from None
    header, sep, text = raw.partition("\n\n")
    if not sep or not header.startswith("URL:"):
        raise ArmstrackError(f"{txt}: expected 'URL:', 'TITLE:', 'FETCHED-AS:' header lines, a blank line, then text")
    if not isinstance(gold, dict) or not isinstance(gold.get("claims"), list):
        raise ArmstrackError(f"{gold_path}: expected an object with a 'claims' list")
    title = next((line[6:].strip() for line in header.splitlines() if line.startswith("TITLE:")), None)
    if title and title.startswith("["):
        title = None
    return GoldReport(txt.stem, text, title, _published(gold, text, gold_path), gold.get("publisher"), gold["claims"])


def _published(gold: dict[str, Any], text: str, path: Path) -> date | None:
    """The gold publication date, else the first date in the opening lines of the text (a dateline)."""
    value = gold.get("published")
    if value:
        try:
            return date.fromisoformat(value) if len(value) == 10 else date.fromisoformat(value[:7] + "-01")
        except ValueError:
            raise ArmstrackError(f"{path}: 'published' must be YYYY-MM-DD, got {value!r}") from None
    match = _HEADER_DATE.search(text[:400])
    return parse_date(match.group(0), None) if match else None


def load_gold(folder: Path) -> list[GoldReport]:
    """Every NAME.txt + NAME.json pair of `folder`, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ArmstrackError(f"{folder}: not a folder of NAME.txt + NAME.json pairs")
    pairs = [p for p in sorted(folder.glob("*.txt")) if p.with_suffix(".json").exists()]
    if not pairs:
        raise ArmstrackError(f"{folder}: no NAME.txt + NAME.json pairs found")
    return [_read_pair(p) for p in pairs]


def country(name: str | None) -> str | None:
    """A country name in canonical form ("DPRK", "Pyongyang" -> "North Korea")."""
    if name is None:
        return None
    return default_lexicon().country_of.get(name.strip(), name.strip())


def _name_words(name: str) -> set[str]:
    lexicon = default_lexicon()
    text = re.sub(r"\([^)]*\)", " ", name)
    for spelling in sorted(lexicon.country_of, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(spelling)}(?!\w)", lexicon.country_of[spelling].replace(" ", "_"), text)
    text = re.sub(r"\bU\.?S\.?(?:A\.?)?(?!\w)|\bUnited States\b", "united_states", text)
    return {w for w in re.findall(r"[\w-]+", text.casefold()) if w not in _STOP}


def same_origin(gold: str | None, predicted: str | None) -> bool:
    """Origins agree when, after normalising, one's words contain the other's (or half are shared)."""
    if not gold or not predicted:
        return gold == predicted
    a, b = _name_words(gold), _name_words(predicted)
    if any(_acronym(x, y) for x, y in ((gold, predicted), (predicted, gold))):
        return True
    return bool(a and b) and (a <= b or b <= a or len(a & b) / len(a | b) >= 0.5)


def _acronym(short: str, long: str) -> bool:
    letters = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", re.sub(r"\([^)]*\)", "", long)) if w[0].isupper())
    return bool(re.fullmatch(r"[A-Z]{2,6}", short.strip())) and short.strip() == letters


def _head(phrase: str) -> str:
    word = phrase.casefold().split()[-1] if phrase.split() else ""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _places(values: list[str]) -> set[str]:
    place_of = default_lexicon().place_of
    return {place_of.get(v.casefold(), v) for v in values}


def _quantity(value: dict[str, Any] | None) -> tuple[float, str] | None:
    return None if value is None else (float(value["value"]), _head(str(value["unit"])))


FIELD_AGREES: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]] = {
    "recipient": lambda g, p: country(g["recipient"]) == country(p["recipient"]),
    "mode": lambda g, p: g["mode"] == p["mode"],
    "status": lambda g, p: g["status"] == p["status"],
    "origin": lambda g, p: same_origin((g["attribution"] or [None])[-1], (p["attribution"] or [None])[-1]),
    "period": lambda g, p: (g["period_start"], g["period_end"]) == (p["period_start"], p["period_end"]),
    "quantity": lambda g, p: _quantity(g["quantity"]) == _quantity(p["quantity"]),
    "materiel": lambda g, p: (not g["materiel"] and not p["materiel"])
    or bool({_head(m) for m in g["materiel"]} & {_head(m) for m in p["materiel"]}),
    "places": lambda g, p: _places(g["places"]) == _places(p["places"]),
}


def _span(text: str, quote: str) -> tuple[int, int] | None:
    start = text.find(quote)
    return None if start < 0 else (start, start + len(quote))


def match_claims(text: str, gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: same supplier, overlapping quotes; ties go to the
    prediction that agrees on more of status, origin and recipient."""
    candidates = []
    for gi, g in enumerate(gold):
        span = _span(text, g["quote"])
        for pi, p in enumerate(predicted):
            ps, pe = p["span"]
            if span is None or country(g["supplier"]) != country(p["supplier"]) or not (ps < span[1] and span[0] < pe):
                continue
            agreement = sum(FIELD_AGREES[f](g, p) for f in ("status", "origin", "recipient", "materiel"))
            candidates.append((-agreement, gi, pi))
    pairs, used_gold, used_pred = [], set(), set()
    for _score, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_pred.add(pi)
    return pairs


def score_report(report: GoldReport, predicted: list[dict[str, Any]]) -> FileScore:
    pairs = match_claims(report.text, report.claims, predicted)
    score = FileScore(report.name, len(report.claims), len(predicted), len(pairs))
    for name in FIELDS:
        correct = sum(FIELD_AGREES[name](report.claims[gi], predicted[pi]) for gi, pi in pairs)
        score.fields[name] = (correct, len(pairs))
    matched_gold, matched_pred = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    score.misses = [c["quote"][:100] for i, c in enumerate(report.claims) if i not in matched_gold]
    score.extras = [c["quote"][:100] for i, c in enumerate(predicted) if i not in matched_pred]
    return score


def summarise(scores: list[FileScore]) -> dict[str, Any]:
    """Totals over files: claim precision/recall/F1 and the accuracy of each field on matched claims."""
    gold, predicted, matched = (sum(getattr(s, a) for s in scores) for a in ("gold", "predicted", "matched"))
    precision = matched / predicted if predicted else (1.0 if not gold else 0.0)
    recall = matched / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    fields = {}
    for name in FIELDS:
        correct, total = sum(s.fields[name][0] for s in scores), sum(s.fields[name][1] for s in scores)
        fields[name] = {"correct": correct, "total": total, "accuracy": round(correct / total, 3) if total else None}
    return {"files": len(scores), "gold": gold, "predicted": predicted, "matched": matched,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "fields": fields,
            "per_file": [{"name": s.name, "gold": s.gold, "predicted": s.predicted, "matched": s.matched,
                          "fields": {k: list(v) for k, v in s.fields.items()}, "missed": s.misses,
                          "extra": s.extras} for s in scores]}


def evaluate_claims(folder: Path, extractor: Extractor | None = None) -> dict[str, Any]:
    """Extract claims from every report of an evaluation folder and score them against the gold files."""
    reports = load_gold(Path(folder))
    extractor = extractor or Extractor()
    inputs = [ReportText(r.text, r.published, r.publisher, r.title) for r in reports]
    predictions = extractor.extract_many(inputs)
    return summarise([score_report(r, [c.as_dict() for c in claims])
                      for r, claims in zip(reports, predictions, strict=True)])
