"""Tiny synthetic worlds for the fusion tests: measurements and claims made by code, no files."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from armstrack.fusion.grading import ClaimEvidence
from armstrack.model import Claim, ClaimStatus, EvidenceType, Interval, Likelihood, Measurement, Mode, Quantity

T0 = datetime(2023, 8, 1, 2, 0)


def meas(site: str, when: datetime, value: float | None, quantity: str = "rail_cars", half: float = 1.0,
         method: str = "sim") -> Measurement:
    """One measurement; `value=None` is a pass that saw nothing (cloud)."""
    interval = None if value is None else Interval(value, max(0.0, value - half), value + half)
    return Measurement(site, Quantity(quantity), when, interval, method)


def claim(attribution: list[str], status: str = "alleged", mode: str = "rail",
          places: tuple[str, ...] = ("Tumangang", "Khasan"), period: tuple[str | None, str | None] = ("2023-08", None),
          report: str = "r1", span: tuple[int, int] = (0, 10), supplier: str | None = "North Korea",
          recipient: str | None = "Russia", likelihood: Likelihood | None = None, publisher: str | None = None,
          story: str | None = None) -> ClaimEvidence:
    c = Claim(supplier=supplier, recipient=recipient, materiel=["artillery shells"], mode=Mode(mode),
              places=list(places), period_start=period[0], period_end=period[1], quantity=None,
              status=ClaimStatus(status), attribution=attribution, hedge=None, evidence_type=[EvidenceType.MEDIA],
              quote="a sentence written for the test", span=span, report_id=report, likelihood=likelihood)
    return ClaimEvidence(c, publisher or attribution[0], story)


def rail_world(trains: list[tuple[float, int]], days: int = 60, revisit_days: float = 3.0,
               cloudy: frozenset[int] = frozenset(), seed: int = 1, transit_hours: float = 5.0
               ) -> tuple[list[Measurement], list[dict[str, object]]]:
    """Tumangang and Khasan rail-car counts seen every `revisit_days`; each train (depart day, cars)
    waits at Tumangang for two days before it leaves and at Khasan for two days after it arrives."""
    rng = np.random.default_rng(seed)
    out: list[Measurement] = []
    truth = []
    for depart_day, cars in trains:
        depart = T0 + timedelta(days=depart_day)
        truth.append({"depart": depart, "arrive": depart + timedelta(hours=transit_hours), "cars": cars})
    for i in range(int(days / revisit_days)):
        at = T0 + timedelta(days=i * revisit_days)
        tum = 10 + int(rng.integers(-2, 3))
        kha = 6 + int(rng.integers(-2, 3))
        for t in truth:
            depart, arrive = t["depart"], t["arrive"]
            assert isinstance(depart, datetime) and isinstance(arrive, datetime)
            if depart - timedelta(days=2) <= at < depart:
                tum += int(t["cars"])  # type: ignore[call-overload]
            if arrive <= at < arrive + timedelta(days=2):
                kha += int(t["cars"])  # type: ignore[call-overload]
        out.append(meas("tumangang", at, None if i in cloudy else tum))
        out.append(meas("khasan", at + timedelta(hours=1), kha))
    return out, truth
