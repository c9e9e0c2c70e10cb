"""Runner for the fusion: read measurements and claims from the store, fuse, write the results back.

`fuse_workspace` rewrites the anomalies, sources (keeping the analyst's edited grades), shipments
(keeping the analyst's decisions and notes for shipments with the same id) and evidence links in
one transaction: a re-run on unchanged inputs writes the same rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from armstrack.fusion.fuse import FusionResult, FusionRule, fuse
from armstrack.fusion.grading import ClaimEvidence
from armstrack.fusion.sources import SourceRegistry
from armstrack.fusion.totals import Totals, shipment_totals
from armstrack.fusion.volume import VolumeAssumptions
from armstrack.model import (
    Amount,
    ArmstrackError,
    Claim,
    ClaimStatus,
    EvidenceType,
    Interval,
    Likelihood,
    Measurement,
    Mode,
    Quantity,
    Reliability,
    Shipment,
    Source,
    content_hash,
)
from armstrack.pipeline.workspace import Workspace
from armstrack.store import upsert
from armstrack.store.schema import (
    AnomalyRow,
    ClaimRow,
    EvidenceLinkRow,
    MeasurementRow,
    ReportRow,
    ShipmentRow,
    SourceRow,
)

Progress = Callable[[str], None]
_EVIDENCE_TYPES = {e.value for e in EvidenceType}
DECIDED = ("accepted", "rejected")


@dataclass
class FusionReport:
    """What a fusion run wrote, with the shipments for a summary table."""

    anomalies: int
    sources: int
    shipments: int
    evidence_links: int
    kept_decisions: int
    seconds: float
    result: FusionResult = field(repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"anomalies": self.anomalies, "sources": self.sources, "shipments": self.shipments,
                "evidence_links": self.evidence_links, "kept_decisions": self.kept_decisions,
                "seconds": round(self.seconds, 3)}


def measurement_of(row: MeasurementRow) -> Measurement:
    value = None
    if row.value is not None:
        low = row.low if row.low is not None else row.value
        high = row.high if row.high is not None else row.value
        value = Interval(row.value, min(low, row.value), max(high, row.value))
    return Measurement(site_id=row.site_id, quantity=Quantity(row.quantity), acquired=row.acquired, value=value,
                       method=row.method, scene_id=row.scene_id, coverage=row.coverage,
                       cloud_fraction=row.cloud_fraction, flags=list(row.flags or []),
                       parameters=dict(row.parameters or {}), source=row.source)


def claim_of(row: ClaimRow) -> Claim:
    quantity = row.quantity or None
    return Claim(supplier=row.supplier, recipient=row.recipient, materiel=list(row.materiel or []),
                 mode=Mode(row.mode) if row.mode in Mode._value2member_map_ else Mode.UNKNOWN,
                 places=list(row.places or []), period_start=row.period_start, period_end=row.period_end,
                 quantity=None if not quantity else Amount(float(quantity["value"]), str(quantity["unit"])),
                 status=ClaimStatus(row.status), attribution=list(row.attribution or []), hedge=row.hedge,
                 evidence_type=[EvidenceType(e) for e in row.evidence_type or [] if e in _EVIDENCE_TYPES],
                 quote=row.quote, span=(row.span_start, row.span_end), report_id=row.report_id,
                 likelihood=None if row.probability is None else Likelihood.from_probability(row.probability))


@dataclass
class _Inputs:
    measurements: list[Measurement]
    claims: list[ClaimEvidence]
    registry: SourceRegistry
    ids: dict[str, str]  # core id -> row id, for measurements and claims


def _read(session: Session) -> _Inputs:
    ids: dict[str, str] = {}
    measurements = []
    for row in session.scalars(select(MeasurementRow)):
        m = measurement_of(row)
        ids[m.id] = row.id
        measurements.append(m)
    reports = {r.id: (r.publisher, r.story_id) for r in session.execute(
        select(ReportRow.id, ReportRow.publisher, ReportRow.story_id))}
    claims = []
    for claim_row in session.scalars(select(ClaimRow)):
        claim = claim_of(claim_row)
        ids[claim.id] = claim_row.id
        publisher, story = reports.get(claim_row.report_id, (None, None))
        claims.append(ClaimEvidence(claim, publisher, story))
    edited = list(session.scalars(select(SourceRow).where(SourceRow.edited.is_(True))))
    registry = SourceRegistry([Source(r.name, r.kind, Reliability(r.reliability), r.reason) for r in edited],
                              edited=[r.name for r in edited])
    return _Inputs(measurements, claims, registry, ids)


def fuse_workspace(workspace: Workspace, progress: Progress | None = None, rule: FusionRule | None = None,
                   assumptions: VolumeAssumptions | None = None) -> FusionReport:
    """Fuse everything the workspace holds and rewrite anomalies, sources, shipments and links."""
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    corridor = workspace.corridor()
    with workspace.store.transaction() as session:
        inputs = _read(session)
        say(f"fusing {len(inputs.measurements)} measurements and {len(inputs.claims)} claims")
        result = fuse(corridor, inputs.measurements, inputs.claims, inputs.registry, assumptions, rule)
        _write_anomalies(session, result, inputs.ids)
        sources = _write_sources(session, result, inputs.registry)
        kept, links = _write_shipments(session, result.shipments, inputs.ids)
    say(f"{len(result.shipments)} shipments, {len(result.anomalies)} anomalies")
    return FusionReport(len(result.anomalies), sources, len(result.shipments), links, kept,
                        time.perf_counter() - started, result)


def _write_anomalies(session: Session, result: FusionResult, ids: dict[str, str]) -> None:
    session.execute(delete(AnomalyRow))
    upsert(session, AnomalyRow, [
        {"id": a.id, "site_id": a.site_id, "quantity": a.quantity.value, "acquired": a.acquired, "value": a.value,
         "baseline_median": a.baseline_median, "baseline_high": a.baseline_high, "score": a.score,
         "unprecedented": a.unprecedented, "measurement_id": ids.get(a.measurement_id or "", a.measurement_id)}
        for a in result.anomalies])


def _write_sources(session: Session, result: FusionResult, registry: SourceRegistry) -> int:
    session.execute(delete(SourceRow).where(SourceRow.edited.is_(False)))
    rows = [{"id": s.id, "name": s.name, "kind": s.kind, "reliability": s.reliability.value, "reason": s.reason,
             "edited": False} for s in result.sources if not registry.is_edited(s.name)]
    upsert(session, SourceRow, rows)
    return len(result.sources)


def _write_shipments(session: Session, shipments: list[Shipment], ids: dict[str, str]) -> tuple[int, int]:
    decided = {r.id: (r.status, r.note) for r in session.scalars(select(ShipmentRow))
               if r.status in DECIDED or r.note}
    fresh = {s.id for s in shipments}
    keep = [i for i in decided if i not in fresh]  # decided hypotheses no longer proposed stay as they were
    session.execute(delete(EvidenceLinkRow).where(EvidenceLinkRow.shipment_id.not_in(keep)))
    session.execute(delete(ShipmentRow).where(ShipmentRow.id.not_in(keep)))
    rows, links = [], []
    for s in shipments:
        status, note = decided.get(s.id, (s.status, None))
        rows.append({"id": s.id, "route_id": s.route_id, "mode": s.mode.value, "window_start": s.window_start,
                     "window_end": s.window_end, "confidence": s.confidence, "likelihood": s.likelihood.value,
                     "reasoning": s.reasoning, "volume": {k: v.as_dict() for k, v in s.volume.items()},
                     "status": status, "note": note})
        for link in s.evidence:
            ref = ids.get(link.ref_id, link.ref_id)
            links.append({"id": content_hash(s.id, link.kind, ref, link.explanation), "shipment_id": s.id,
                          "kind": link.kind, "ref_id": ref, "supports": link.supports, "weight": link.weight,
                          "explanation": link.explanation})
    upsert(session, ShipmentRow, rows)
    upsert(session, EvidenceLinkRow, links)
    return sum(1 for s in shipments if s.id in decided), len(links)


def add_manual_measurement(workspace: Workspace, site: str, when: datetime, quantity: str, value: float,
                           low: float | None = None, high: float | None = None,
                           source: str | None = None) -> tuple[Measurement, bool]:
    """Store a count an analyst read elsewhere (a published figure): method "manual", no scene.
    Returns the measurement and whether it was new (adding it again is a no-op)."""
    workspace.corridor().site(site)
    try:
        kind = Quantity(quantity)
    except ValueError:
        raise ArmstrackError(f"--quantity: expected one of {', '.join(q.value for q in Quantity)}, "
                             f"got {quantity!r}") from None
    low = value if low is None else low
    high = value if high is None else high
    if not low <= value <= high or low < 0:
        raise ArmstrackError(f"--low/--high: expected 0 <= low <= value <= high, got {low}, {value}, {high}")
    m = Measurement(site_id=site, quantity=kind, acquired=when, value=Interval(value, low, high),
                    method="manual", source=source, flags=["manual"])
    row: dict[str, Any] = {"id": m.id, "site_id": site, "quantity": kind.value, "acquired": when, "value": value,
                           "low": low, "high": high, "method": "manual", "scene_id": None, "window": None,
                           "coverage": 1.0,
                           "cloud_fraction": 0.0, "flags": m.flags, "parameters": {}, "source": source}
    with workspace.store.transaction() as session:
        created = upsert(session, MeasurementRow, [row]) > 0
    return m, created


def anomaly_rows(workspace: Workspace, site: str | None = None, refresh: bool = True) -> list[dict[str, Any]]:
    """Anomalies as plain dicts (the `anomalies --json` contract), fusing first when `refresh`."""
    if refresh:
        fuse_workspace(workspace)
    query = select(AnomalyRow).order_by(AnomalyRow.site_id, AnomalyRow.quantity, AnomalyRow.acquired)
    if site is not None:
        workspace.corridor().site(site)
        query = query.where(AnomalyRow.site_id == site)
    with workspace.store.session() as session:
        return [{"site": r.site_id, "quantity": r.quantity, "date": r.acquired.date().isoformat(),
                 "acquired": r.acquired.isoformat(), "value": r.value,
                 "baseline": {"median": r.baseline_median, "high": r.baseline_high}, "score": r.score,
                 "unprecedented": bool(r.unprecedented), "id": r.id, "measurement_id": r.measurement_id}
                for r in session.scalars(query)]


def shipment_rows(workspace: Workspace) -> list[dict[str, Any]]:
    """Shipments as plain dicts with their evidence ids (the `shipments --json` contract); fuses
    first when the table is empty."""
    with workspace.store.session() as session:
        empty = session.scalar(select(ShipmentRow.id).limit(1)) is None
    if empty:
        fuse_workspace(workspace)
    with workspace.store.session() as session:
        links: dict[str, list[EvidenceLinkRow]] = {}
        for link in session.scalars(select(EvidenceLinkRow)):
            links.setdefault(link.shipment_id, []).append(link)
        rows = session.scalars(select(ShipmentRow).order_by(ShipmentRow.window_start, ShipmentRow.route_id))
        return [{"id": r.id, "route": r.route_id, "mode": r.mode,
                 "window": {"start": r.window_start.isoformat(), "end": r.window_end.isoformat()},
                 "confidence": r.confidence, "likelihood": r.likelihood, "volume": r.volume, "status": r.status,
                 "note": r.note, "reasoning": r.reasoning,
                 "evidence": [{"kind": e.kind, "id": e.ref_id, "supports": e.supports, "weight": e.weight}
                              for e in links.get(r.id, [])]}
                for r in rows]


def source_rows(workspace: Workspace) -> list[dict[str, Any]]:
    """Every graded source with its grade, reason and whether an analyst set it."""
    with workspace.store.session() as session:
        return [{"name": r.name, "kind": r.kind, "reliability": r.reliability, "reason": r.reason,
                 "edited": bool(r.edited)} for r in session.scalars(select(SourceRow).order_by(SourceRow.name))]


def grade_source(workspace: Workspace, name: str, grade: str, reason: str = "") -> dict[str, Any]:
    """The analyst's grade for a source (kept on every later fusion run)."""
    try:
        reliability = Reliability(grade.upper())
    except ValueError:
        raise ArmstrackError(f"grade: expected one of A, B, C, D, E, F, got {grade!r}") from None
    if not name.strip():
        raise ArmstrackError("source name: expected a non-empty name")
    with workspace.store.transaction() as session:
        existing = list(session.scalars(select(SourceRow)))
        registry = SourceRegistry([Source(r.name, r.kind, Reliability(r.reliability), r.reason) for r in existing])
        source = registry.edit(name, reliability, reason)
        session.execute(delete(SourceRow).where(SourceRow.id.in_(
            [r.id for r in existing if r.name.casefold() == source.name.casefold()])))
        upsert(session, SourceRow, [{"id": source.id, "name": source.name, "kind": source.kind,
                                      "reliability": reliability.value, "reason": source.reason, "edited": True}])
    return {"name": source.name, "kind": source.kind, "reliability": reliability.value, "reason": source.reason,
            "edited": True}


def workspace_totals(workspace: Workspace, start: datetime | None = None, end: datetime | None = None,
                     min_confidence: float = 0.5, calibre: str | None = None) -> Totals:
    """Volumes summed over the workspace's shipments in a period (draws summed, not intervals)."""
    if not 0.0 <= min_confidence <= 1.0:
        raise ArmstrackError(f"--min-confidence: expected a probability in [0, 1], got {min_confidence}")
    with workspace.store.session() as session:
        rows = list(session.scalars(select(ShipmentRow)))
    shipments = [Shipment(route_id=r.route_id, mode=Mode(r.mode), window_start=r.window_start,
                          window_end=r.window_end, confidence=r.confidence, likelihood=Likelihood(r.likelihood),
                          reasoning=[], status=r.status,
                          volume={k: Interval(v["value"], v["low"], v["high"]) for k, v in (r.volume or {}).items()})
                 for r in rows if r.status != "rejected"]
    return shipment_totals(shipments, start, end, min_confidence, calibre)
