"""The store's tables: one per vocabulary item, keyed by content hashes (idempotent ingest).

Geometry is kept as GeoJSON in lon/lat (EPSG:4326) so that SQLite and PostgreSQL hold the same
schema without a spatial extension; times are naive UTC.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(64)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class SiteRow(Base):
    __tablename__ = "sites"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(16))
    geometry: Mapped[dict[str, Any]]
    aliases: Mapped[list[Any]]
    properties: Mapped[dict[str, Any]]


class SiteFeatureRow(Base):
    """A track, berth or yard of a site."""

    __tablename__ = "site_features"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    geometry: Mapped[dict[str, Any]]
    properties: Mapped[dict[str, Any]]


class RouteRow(Base):
    __tablename__ = "routes"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    from_site: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    to_site: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    mode: Mapped[str] = mapped_column(String(16))
    min_hours: Mapped[float] = mapped_column(Float)
    max_hours: Mapped[float] = mapped_column(Float)
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    properties: Mapped[dict[str, Any]]


class SceneRow(Base):
    __tablename__ = "scenes"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    sensor: Mapped[str] = mapped_column(String(100))
    acquired: Mapped[datetime] = mapped_column(DateTime, index=True)
    gsd_m: Mapped[float] = mapped_column(Float)
    crs: Mapped[str] = mapped_column(Text)
    footprint: Mapped[dict[str, Any]]
    bands: Mapped[dict[str, Any]]
    site_ids: Mapped[list[Any]]
    cloud_fraction: Mapped[dict[str, Any]]
    properties: Mapped[dict[str, Any]]
    ingested_at: Mapped[datetime] = mapped_column(DateTime)


class MeasurementRow(Base):
    __tablename__ = "measurements"
    __table_args__ = (Index("ix_measurements_site_quantity_acquired", "site_id", "quantity", "acquired"),
                      Index("ix_measurements_acquired_id", "acquired", "id"))
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"))
    quantity: Mapped[str] = mapped_column(String(32))
    acquired: Mapped[datetime] = mapped_column(DateTime)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)  # null: not observed
    low: Mapped[float | None] = mapped_column(Float, nullable=True)
    high: Mapped[float | None] = mapped_column(Float, nullable=True)
    method: Mapped[str] = mapped_column(String(100))
    scene_id: Mapped[str | None] = mapped_column(ForeignKey("scenes.id"), nullable=True, index=True)
    window: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    coverage: Mapped[float] = mapped_column(Float)
    cloud_fraction: Mapped[float] = mapped_column(Float)
    flags: Mapped[list[Any]]
    parameters: Mapped[dict[str, Any]]
    source: Mapped[str | None] = mapped_column(Text, nullable=True)


class ReportRow(Base):
    __tablename__ = "reports"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    publisher: Mapped[str | None] = mapped_column(String(200), nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(String(200), nullable=True)
    published: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    story_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)
    raw_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    properties: Mapped[dict[str, Any]]
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    extracted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SourceRow(Base):
    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(50))
    reliability: Mapped[str] = mapped_column(String(1))
    reason: Mapped[str] = mapped_column(Text)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)  # set by an analyst: kept on re-runs


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_period_start_id", "period_start", "id"),
                      Index("ix_claims_mode_status_period_start", "mode", "status", "period_start"))
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    supplier: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recipient: Mapped[str | None] = mapped_column(String(200), nullable=True)
    materiel: Mapped[list[Any]]
    mode: Mapped[str] = mapped_column(String(16), index=True)
    places: Mapped[list[Any]]
    period_start: Mapped[str | None] = mapped_column(String(10), nullable=True)
    period_end: Mapped[str | None] = mapped_column(String(10), nullable=True)
    quantity: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attribution: Mapped[list[Any]]
    origin: Mapped[str | None] = mapped_column(String(300), nullable=True)
    hedge: Mapped[str | None] = mapped_column(Text, nullable=True)
    probability: Mapped[float | None] = mapped_column(Float, nullable=True)
    evidence_type: Mapped[list[Any]]
    quote: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    properties: Mapped[dict[str, Any]]


class AnomalyRow(Base):
    __tablename__ = "anomalies"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    quantity: Mapped[str] = mapped_column(String(32))
    acquired: Mapped[datetime] = mapped_column(DateTime)
    value: Mapped[float] = mapped_column(Float)
    baseline_median: Mapped[float] = mapped_column(Float)
    baseline_high: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    unprecedented: Mapped[bool] = mapped_column(Boolean)
    measurement_id: Mapped[str | None] = mapped_column(ForeignKey("measurements.id"), nullable=True)


class ShipmentRow(Base):
    __tablename__ = "shipments"
    __table_args__ = (Index("ix_shipments_confidence_id", "confidence", "id"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    route_id: Mapped[str] = mapped_column(String(200), index=True)
    mode: Mapped[str] = mapped_column(String(16))
    window_start: Mapped[datetime] = mapped_column(DateTime)
    window_end: Mapped[datetime] = mapped_column(DateTime)
    confidence: Mapped[float] = mapped_column(Float)
    likelihood: Mapped[str] = mapped_column(String(32))
    reasoning: Mapped[list[Any]]
    volume: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))  # proposed | accepted | rejected
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class EvidenceLinkRow(Base):
    __tablename__ = "evidence_links"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # anomaly | measurement | claim
    ref_id: Mapped[str] = mapped_column(ID)
    supports: Mapped[bool] = mapped_column(Boolean)
    weight: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)


class SanctionListRow(Base):
    __tablename__ = "sanction_lists"
    id: Mapped[str] = mapped_column(ID, primary_key=True)  # content hash of the file
    name: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(32))
    version: Mapped[str | None] = mapped_column(String(100), nullable=True)
    path: Mapped[str] = mapped_column(Text)
    entries: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime)


class ScreeningHitRow(Base):
    __tablename__ = "screening_hits"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    entity_type: Mapped[str] = mapped_column(String(32))
    list_name: Mapped[str] = mapped_column(String(200))
    entry_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)  # confirmed | dismissed
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class NoteRow(Base):
    """An analyst's note on any item (site, shipment, claim, ...)."""

    __tablename__ = "notes"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str] = mapped_column(String(200), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


# `status --json` counts one entry per vocabulary item (kept stable).
COUNTED: dict[str, type[Base]] = {
    "sites": SiteRow,
    "routes": RouteRow,
    "scenes": SceneRow,
    "measurements": MeasurementRow,
    "reports": ReportRow,
    "sources": SourceRow,
    "claims": ClaimRow,
    "anomalies": AnomalyRow,
    "shipments": ShipmentRow,
    "evidence_links": EvidenceLinkRow,
    "screening_hits": ScreeningHitRow,
    "sanction_lists": SanctionListRow,
}
