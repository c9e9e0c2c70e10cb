"""A stand-in for `extract_claims` with its signature: one claim per sentence naming a transfer word.

The runner and CLI tests use it so that they test ingest and storage, not the extraction core."""

from __future__ import annotations

import re
from datetime import date

from armstrack.model import Amount, Claim, ClaimStatus, EvidenceType, Likelihood, Mode

SENTENCE = re.compile(r"[^.\n]+[.]")


def fake_extract_claims(text: str, published: date | None = None, publisher: str | None = None,
                        title: str | None = None, author: str | None = None,
                        report_id: str | None = None) -> list[Claim]:
    claims = []
    for match in SENTENCE.finditer(text):
        quote = match.group().strip()
        if not re.search(r"wagons|ships|shells", quote):
            continue
        start = text.index(quote, match.start())
        claims.append(Claim(
            supplier="North Korea", recipient="Russia", materiel=["artillery shells"],
            mode=Mode.SEA if "ships" in quote else Mode.RAIL, places=["Tumangang"],
            period_start=published.strftime("%Y-%m") if published else None, period_end=None,
            quantity=Amount(70, "wagons") if "seventy" in quote else None, status=ClaimStatus.ALLEGED,
            attribution=[a for a in (publisher, "analysts") if a], hedge="probably" if "probably" in quote else None,
            evidence_type=[EvidenceType.IMAGERY], quote=quote, span=(start, start + len(quote)),
            report_id=report_id, likelihood=Likelihood.LIKELY if "probably" in quote else None,
            period_precision="month" if published else None))
    return claims
