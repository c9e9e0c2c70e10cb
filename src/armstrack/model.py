"""The vocabulary of armstrack (see docs/architecture.md): enums with behaviour and dataclasses.

Everything here is plain data: the cores take and return these objects, the store maps them
to rows, the faces print them. Geometry is kept as shapely objects in lon/lat (EPSG:4326).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from shapely.geometry.base import BaseGeometry


class ArmstrackError(ValueError):
    """Bad input or an impossible request: one clear line naming the file/field and the problem."""


class Mode(StrEnum):
    """How materiel moves along a route."""

    RAIL = "rail"
    SEA = "sea"
    ROAD = "road"
    AIR = "air"
    UNKNOWN = "unknown"

    @property
    def quantities(self) -> tuple[Quantity, ...]:
        """The imagery quantities that can show movement in this mode."""
        return {
            Mode.RAIL: (Quantity.RAIL_CARS,),
            Mode.SEA: (Quantity.CONTAINERS_TEU, Quantity.VESSELS),
            Mode.ROAD: (),
            Mode.AIR: (),
            Mode.UNKNOWN: (),
        }[self]


class SiteKind(StrEnum):
    RAIL_YARD = "rail_yard"
    BORDER_CROSSING = "border_crossing"
    PORT = "port"
    DEPOT = "depot"
    FACTORY = "factory"
    AIRFIELD = "airfield"


class FeatureRole(StrEnum):
    """The `role` property of a corridor GeoJSON feature."""

    SITE = "site"
    TRACK = "track"
    BERTH = "berth"
    YARD = "yard"
    ROUTE = "route"


class Quantity(StrEnum):
    """What a counter measures; each quantity is counted on one feature role."""

    RAIL_CARS = "rail_cars"
    CONTAINERS_TEU = "containers_teu"
    VESSELS = "vessels"

    @property
    def feature_role(self) -> FeatureRole:
        return {
            Quantity.RAIL_CARS: FeatureRole.TRACK,
            Quantity.CONTAINERS_TEU: FeatureRole.YARD,
            Quantity.VESSELS: FeatureRole.BERTH,
        }[self]


class ClaimStatus(StrEnum):
    ALLEGED = "alleged"
    CONFIRMED = "confirmed"
    DENIED = "denied"
    PLANNED = "planned"

    @property
    def supports(self) -> bool:
        """Whether a claim with this status speaks for a transfer having happened."""
        return self in (ClaimStatus.ALLEGED, ClaimStatus.CONFIRMED)


class EvidenceType(StrEnum):
    IMAGERY = "imagery"
    HUMINT = "humint"
    OFFICIAL = "official"
    MEDIA = "media"
    OTHER = "other"


class Reliability(StrEnum):
    """Admiralty (NATO STANAG 2511) source reliability grade."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def label(self) -> str:
        return {
            "A": "completely reliable",
            "B": "usually reliable",
            "C": "fairly reliable",
            "D": "not usually reliable",
            "E": "unreliable",
            "F": "reliability cannot be judged",
        }[self.value]

    @property
    def weight(self) -> float:
        """Weight of one piece of evidence from a source of this grade (1.0 = fully trusted)."""
        return {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.35, "E": 0.15, "F": 0.5}[self.value]


class Credibility(int, Enum):
    """Admiralty information credibility grade, 1 (confirmed) to 6 (cannot be judged)."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", " ")


class Likelihood(StrEnum):
    """ICD 203 expressions of likelihood, each with its probability range."""

    ALMOST_NO_CHANCE = "almost no chance"
    VERY_UNLIKELY = "very unlikely"
    UNLIKELY = "unlikely"
    ROUGHLY_EVEN = "roughly even chance"
    LIKELY = "likely"
    VERY_LIKELY = "very likely"
    ALMOST_CERTAIN = "almost certain"

    @property
    def range(self) -> tuple[float, float]:
        return _LIKELIHOOD_RANGES[self]

    @property
    def probability(self) -> float:
        """Midpoint of the range."""
        low, high = self.range
        return round((low + high) / 2, 3)

    @classmethod
    def from_probability(cls, p: float) -> Likelihood:
        if not 0.0 <= p <= 1.0:
            raise ArmstrackError(f"probability must be within [0, 1], got {p}")
        for term, (_low, high) in _LIKELIHOOD_RANGES.items():
            if p <= high:
                return term
        return cls.ALMOST_CERTAIN


_LIKELIHOOD_RANGES: dict[Likelihood, tuple[float, float]] = {
    Likelihood.ALMOST_NO_CHANCE: (0.01, 0.05),
    Likelihood.VERY_UNLIKELY: (0.05, 0.20),
    Likelihood.UNLIKELY: (0.20, 0.45),
    Likelihood.ROUGHLY_EVEN: (0.45, 0.55),
    Likelihood.LIKELY: (0.55, 0.80),
    Likelihood.VERY_LIKELY: (0.80, 0.95),
    Likelihood.ALMOST_CERTAIN: (0.95, 0.99),
}


@dataclass(frozen=True)
class Interval:
    """A value with its interval; `level` is the coverage the interval is meant to have."""

    value: float
    low: float
    high: float
    level: float = 0.9

    def __post_init__(self) -> None:
        if not self.low <= self.value <= self.high:
            raise ArmstrackError(f"interval must satisfy low <= value <= high, got {self}")

    def contains(self, x: float) -> bool:
        return self.low <= x <= self.high

    def as_dict(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high}


def content_hash(*parts: Any) -> str:
    """Stable id from content: the same content always gives the same id (idempotent ingest)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            digest.update(part)
        else:
            digest.update(json.dumps(part, sort_keys=True, default=str).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()[:24]


# --- corridor -------------------------------------------------------------------------------


@dataclass
class Feature:
    """A track, berth or yard inside a site."""

    role: FeatureRole
    site: str
    geometry: BaseGeometry
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.properties.get("id") or content_hash(self.site, self.role, self.geometry.wkt))


@dataclass
class Site:
    id: str
    name: str
    kind: SiteKind
    country: str
    geometry: BaseGeometry
    aliases: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    features: list[Feature] = field(default_factory=list)

    def features_of(self, role: FeatureRole) -> list[Feature]:
        return [f for f in self.features if f.role is role]


@dataclass
class Route:
    from_site: str
    to_site: str
    mode: Mode
    min_hours: float
    max_hours: float
    geometry: BaseGeometry | None = None
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.from_site}->{self.to_site}:{self.mode.value}"


@dataclass
class Corridor:
    name: str
    sites: dict[str, Site]
    routes: list[Route]

    def site(self, site_id: str) -> Site:
        try:
            return self.sites[site_id]
        except KeyError:
            raise ArmstrackError(f"unknown site {site_id!r}; known: {', '.join(self.sites)}") from None

    def routes_from(self, site_id: str) -> list[Route]:
        return [r for r in self.routes if r.from_site == site_id]


# --- imagery --------------------------------------------------------------------------------


@dataclass
class Scene:
    id: str
    path: str
    sensor: str
    acquired: datetime
    gsd_m: float
    crs: str
    footprint: BaseGeometry
    bands: dict[str, int]
    site_ids: list[str] = field(default_factory=list)
    cloud_fraction: dict[str, float] = field(default_factory=dict)
    properties: dict[str, Any] = field(default_factory=dict)
    # role -> href of the file holding that role's band (one asset per band, as Sentinel-2 L2A
    # in STAC); a role missing here is read from `path`. `bands` gives the band index in that file.
    assets: dict[str, str] = field(default_factory=dict)

    def href(self, role: str) -> str:
        """The file or URL that holds the band of `role`."""
        return self.assets.get(role, self.path)


@dataclass
class Measurement:
    """One quantity at one site in one scene (or entered by hand, then `scene_id` is None)."""

    site_id: str
    quantity: Quantity
    acquired: datetime
    value: Interval | None  # None: not observed (cloud, out of footprint)
    method: str
    scene_id: str | None = None
    window: tuple[int, int, int, int] | None = None  # col_off, row_off, width, height
    coverage: float = 1.0
    cloud_fraction: float = 0.0
    flags: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    source: str | None = None

    @property
    def observed(self) -> bool:
        return self.value is not None

    @property
    def id(self) -> str:
        return content_hash(self.site_id, self.quantity, self.acquired, self.scene_id, self.method,
                            self.source, None if self.value is None else self.value.as_dict())


# --- reports --------------------------------------------------------------------------------


@dataclass
class Report:
    id: str
    text: str
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    story_id: str | None = None  # reports of the same story (reposts) share it
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Amount:
    """A number found in text with its unit ("1 million shells")."""

    value: float
    unit: str


@dataclass
class Claim:
    """One statement about a transfer found in a report (schema in docs/architecture.md)."""

    supplier: str | None
    recipient: str | None
    materiel: list[str]
    mode: Mode
    places: list[str]
    period_start: str | None
    period_end: str | None
    quantity: Amount | None
    status: ClaimStatus
    attribution: list[str]
    hedge: str | None
    evidence_type: list[EvidenceType]
    quote: str
    span: tuple[int, int]
    report_id: str | None = None
    likelihood: Likelihood | None = None
    period_precision: str | None = None

    @property
    def origin(self) -> str | None:
        """The innermost source of the attribution chain."""
        return self.attribution[-1] if self.attribution else None

    @property
    def id(self) -> str:
        return content_hash(self.report_id, self.span, self.supplier, self.recipient, self.status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "supplier": self.supplier,
            "recipient": self.recipient,
            "materiel": list(self.materiel),
            "mode": self.mode.value,
            "places": list(self.places),
            "period_start": self.period_start,
            "period_end": self.period_end,
            "quantity": None if self.quantity is None
            else {"value": self.quantity.value, "unit": self.quantity.unit},
            "status": self.status.value,
            "attribution": list(self.attribution),
            "hedge": self.hedge,
            "evidence_type": [e.value for e in self.evidence_type],
            "quote": self.quote,
            "span": [self.span[0], self.span[1]],
            "probability": None if self.likelihood is None else self.likelihood.probability,
            "period_precision": self.period_precision,
        }


@dataclass
class Source:
    """A named origin of information with its Admiralty reliability grade and why."""

    name: str
    kind: str
    reliability: Reliability
    reason: str = ""

    @property
    def id(self) -> str:
        return content_hash(self.name.casefold())


# --- fusion and screening -------------------------------------------------------------------


@dataclass
class Anomaly:
    site_id: str
    quantity: Quantity
    acquired: datetime
    value: float
    baseline_median: float
    baseline_high: float
    score: float
    unprecedented: bool
    measurement_id: str | None = None

    @property
    def id(self) -> str:
        return content_hash(self.site_id, self.quantity, self.acquired, self.measurement_id)


@dataclass
class EvidenceLink:
    """Ties a shipment to one anomaly, measurement or claim, for or against it."""

    shipment_id: str
    kind: str  # "anomaly" | "measurement" | "claim"
    ref_id: str
    supports: bool
    weight: float
    explanation: str


@dataclass
class Shipment:
    route_id: str
    mode: Mode
    window_start: datetime
    window_end: datetime
    confidence: float
    likelihood: Likelihood
    reasoning: list[str]
    volume: dict[str, Interval]
    status: str = "proposed"
    evidence: list[EvidenceLink] = field(default_factory=list)

    @property
    def id(self) -> str:
        return content_hash(self.route_id, self.window_start, self.window_end)


@dataclass
class ScreeningHit:
    query: str
    list_name: str
    entry_id: str
    name: str
    score: float
    explanation: str
    decision: str | None = None  # None | "confirmed" | "dismissed"

    @property
    def id(self) -> str:
        return content_hash(self.query.casefold(), self.list_name, self.entry_id)
