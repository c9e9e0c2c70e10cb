"""Read endpoints on the sample workspace: shapes, filters, pagination, and clear 4xx on bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from armstrack.pipeline.workspace import Workspace
from armstrack.web.app import create_app
from armstrack.web.sample import SERIES, Sample
from armstrack.web.sample_texts import HITS, REPORTS, SOURCES
from tests.web.conftest import LOOPBACK


def items(client: TestClient, path: str, **params: object) -> list[dict]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_health_and_summary(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"ok": True}
    summary = client.get("/api/summary").json()
    assert summary["counts"]["sites"] == 8
    assert summary["counts"]["measurements"] == sum(len(v) for _, _, v in SERIES) + 1
    assert summary["writes_enabled"] is True


def test_sites_carry_features_and_routes(client: TestClient) -> None:
    page = client.get("/api/sites").json()
    assert page["total"] == 8 and all("features" in s for s in page["items"])
    assert [s["id"] for s in items(client, "/api/sites", kind="port")] == sorted(
        ["rajin", "dunai", "vostochny-port", "vladivostok-port"])
    site = client.get("/api/sites/khasan").json()
    assert {r["id"] for r in site["routes"]} == {"tumangang->khasan:rail", "khasan->tikhoretsk:rail"}
    assert site["quantities"] == ["rail_cars"]


@pytest.mark.parametrize(("site", "quantity", "values"), SERIES)
def test_series_keeps_not_observed_as_gaps(client: TestClient, site: str, quantity: str,
                                           values: list[float | None]) -> None:
    series = client.get(f"/api/sites/{site}/series", params={"quantity": quantity}).json()
    points = series["points"]
    counted = [p for p in points if p["method"] != "manual"]  # the sample's hand-entered count is extra
    assert [p["value"]["value"] if p["observed"] else None for p in counted] == values
    assert [p["acquired"] for p in points] == sorted(p["acquired"] for p in points)
    assert all(p["value"]["low"] <= p["value"]["value"] <= p["value"]["high"] for p in points if p["observed"])
    assert series["anomalies"] and all(a["value"] > a["baseline_high"] for a in series["anomalies"])
    assert series["baseline"]["median"] < series["baseline"]["high"] < max(v for v in values if v)


def test_series_time_window(client: TestClient) -> None:
    points = client.get("/api/sites/tumangang/series",
                        params={"quantity": "rail_cars", "from": "2023-09-01", "to": "2023-09-30T23:59:59Z"}
                        ).json()["points"]
    assert points and all(p["acquired"].startswith("2023-09") for p in points)


def test_series_baseline_without_anomalies_is_robust_band(client: TestClient, sample: Sample) -> None:
    with sample.workspace.store.transaction() as db:
        db.execute(__import__("sqlalchemy").text("DELETE FROM anomalies"))
    baseline = client.get("/api/sites/rajin/series", params={"quantity": "containers_teu"}).json()["baseline"]
    assert "MAD" in baseline["method"] and 60 <= baseline["median"] <= 75


def test_routes_scenes_measurements_anomalies(client: TestClient) -> None:
    assert {r["mode"] for r in items(client, "/api/routes", mode="sea")} == {"sea"}
    assert len(items(client, "/api/routes", site="rajin")) == 2
    rajin_scenes = client.get("/api/scenes", params={"site": "rajin", "limit": 5}).json()
    assert rajin_scenes["total"] == len(SERIES[2][2]) and len(rajin_scenes["items"]) == 5
    not_observed = items(client, "/api/measurements", observed="false", limit=1000)
    assert len(not_observed) == sum(v is None for _, _, series in SERIES for v in series)
    assert all(m["value"] is None and m["chip"] for m in not_observed)
    unprecedented = items(client, "/api/anomalies", unprecedented="true")
    assert unprecedented and all(a["unprecedented"] for a in unprecedented)
    assert client.get(f"/api/anomalies/{unprecedented[0]['id']}").json() == unprecedented[0]
    scene = rajin_scenes["items"][0]
    assert client.get(f"/api/scenes/{scene['id']}").json() == scene
    assert all(a["score"] >= 5 for a in items(client, "/api/anomalies", min_score=5))


def test_reports_list_without_text_and_detail_with_claims(client: TestClient, sample: Sample) -> None:
    listed = items(client, "/api/reports")
    assert len(listed) == len(REPORTS) and all("text" not in r and r["claims"] >= 1 for r in listed)
    report = client.get(f"/api/reports/{sample.script_report}").json()
    assert report["title"] == "Field note <script>alert(1)</script>"
    for claim in report["claims"]:
        assert report["text"][claim["span_start"]:claim["span_end"]] == claim["quote"]
    october = items(client, "/api/reports", **{"from": "2023-10-01", "to": "2023-10-31"})
    assert {r["published"] for r in october} == {"2023-10-06", "2023-10-12", "2023-10-14"}


def test_claims_filters_and_quote(client: TestClient) -> None:
    assert {c["status"] for c in items(client, "/api/claims", status="denied")} == {"denied"}
    assert {c["mode"] for c in items(client, "/api/claims", mode="sea")} == {"sea"}
    assert all(c["probability"] >= 0.5 for c in items(client, "/api/claims", min_probability=0.5))
    december = items(client, "/api/claims", **{"from": "2023-12-01"})
    assert [c["period_start"] for c in december] == ["2023-12"]
    claim = items(client, "/api/claims", status="alleged", mode="sea")[0]
    detail = client.get(f"/api/claims/{claim['id']}").json()
    assert [s["name"] for s in detail["sources"]] == ["Harbour Watch Review", "anonymous officials"]
    quote = client.get(f"/api/claims/{claim['id']}/quote", params={"context": 20}).json()
    assert quote["quote"] == claim["quote"] and quote["matches_stored_quote"]
    assert len(quote["before"]) == 20 and quote["truncated_before"]


def test_sources_and_hits(client: TestClient) -> None:
    sources = items(client, "/api/sources")
    assert len(sources) == len(SOURCES) and all(s["label"] for s in sources)
    assert {s["name"] for s in items(client, "/api/sources", reliability="B")} == {
        name for name, _, grade, _ in SOURCES if grade == "B"}
    hits = items(client, "/api/screening-hits", decision="open")
    assert [h["score"] for h in hits] == sorted((h[5] for h in HITS), reverse=True)
    assert len(items(client, "/api/screening-hits", min_score=0.8)) == 2


def test_shipments_filters_and_evidence(client: TestClient, sample: Sample) -> None:
    shipments = items(client, "/api/shipments")
    assert [s["confidence"] for s in shipments] == sorted((s["confidence"] for s in shipments), reverse=True)
    assert {s["route_id"] for s in items(client, "/api/shipments", mode="sea")} == {
        "rajin->dunai:sea", "rajin->vostochny-port:sea"}
    assert all(s["confidence"] >= 0.6 for s in items(client, "/api/shipments", min_confidence=0.6))
    assert [s["status"] for s in items(client, "/api/shipments", status="rejected")] == ["rejected"]
    assert {s["route_id"] for s in items(client, "/api/shipments", site="khasan")} == {
        "tumangang->khasan:rail", "khasan->tikhoretsk:rail"}
    assert len(items(client, "/api/shipments", **{"from": "2023-12-20", "to": "2024-02-01"})) == 1
    shipment = client.get(f"/api/shipments/{sample.shipment}").json()
    kinds = {(e["kind"], e["supports"]) for e in shipment["evidence"]}
    assert kinds == {("anomaly", True), ("claim", True), ("claim", False)}
    assert all(e["item"] is not None for e in shipment["evidence"])
    anomaly = next(e["item"] for e in shipment["evidence"] if e["kind"] == "anomaly")
    assert anomaly["chip"] == f"/api/measurements/{anomaly['measurement_id']}/chip.png"
    against = next(e["item"] for e in shipment["evidence"] if not e["supports"])
    assert against["status"] == "denied" and {s["reliability"] for s in against["sources"]} == {"B", "D"}
    volume = shipment["volume"]["rail_cars"]
    assert volume["low"] <= volume["value"] <= volume["high"]


def test_pagination_pages_add_up(client: TestClient) -> None:
    everything = [m["id"] for m in items(client, "/api/measurements", limit=1000)]
    pages = [m["id"] for offset in range(0, len(everything), 7)
             for m in items(client, "/api/measurements", limit=7, offset=offset)]
    assert pages == everything
    assert client.get("/api/measurements", params={"limit": 7}).json()["total"] == len(everything)


@pytest.mark.parametrize(("path", "params"), [
    ("/api/measurements", {"limit": 0}),
    ("/api/measurements", {"limit": 1001}),
    ("/api/measurements", {"offset": -1}),
    ("/api/measurements", {"limit": "many"}),
    ("/api/measurements", {"from": "yesterday"}),
    ("/api/measurements", {"from": "2024-01-01", "to": "2023-01-01"}),
    ("/api/measurements", {"quantity": "tanks"}),
    ("/api/measurements", {"observed": "perhaps"}),
    ("/api/sites", {"kind": "castle"}),
    ("/api/sites/tumangang/series", {}),
    ("/api/sites/tumangang/series", {"quantity": "tanks"}),
    ("/api/claims", {"mode": "teleport"}),
    ("/api/claims", {"status": "rumoured"}),
    ("/api/claims", {"min_probability": 1.5}),
    ("/api/shipments", {"min_confidence": -0.1}),
    ("/api/shipments", {"status": "maybe"}),
    ("/api/shipments", {"to": "2023-13-45"}),
    ("/api/anomalies", {"min_score": "high"}),
    ("/api/sources", {"reliability": "G"}),
    ("/api/screening-hits", {"decision": "perhaps"}),
    ("/api/screening-hits", {"min_score": 2}),
    ("/api/notes", {"target_kind": "planet"}),
    ("/api/routes", {"mode": "hyperloop"}),
])
def test_bad_parameters_are_clear_4xx(client: TestClient, path: str, params: dict[str, object]) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/sites/atlantis", "/api/sites/atlantis/series?quantity=rail_cars",
                                  "/api/scenes/x", "/api/measurements/x", "/api/anomalies/x", "/api/reports/x",
                                  "/api/claims/x", "/api/claims/x/quote", "/api/sources/x", "/api/shipments/x",
                                  "/api/screening-hits/x", "/api/measurements/x/chip.png"])
def test_unknown_ids_are_404_naming_the_item(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "'x'" in response.json()["detail"] or "'atlantis'" in response.json()["detail"]


def test_openapi_offline_docs_and_security_headers(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/shipments/{shipment_id}" in spec["paths"] and "/api/sources/{source_id}/grade" in spec["paths"]
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "http" not in page.text.replace("http://www.w3.org", "")  # nothing from another origin
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/api/health").headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/vendor/leaflet.js").status_code == 200


def test_a_new_workspace_answers_empty_lists(workspace: Workspace) -> None:
    with TestClient(create_app(workspace), client=LOOPBACK) as client:
        for path in ("/api/scenes", "/api/measurements", "/api/anomalies", "/api/reports", "/api/claims",
                     "/api/sources", "/api/shipments", "/api/screening-hits", "/api/notes"):
            assert client.get(path).json() == {"total": 0, "limit": 100, "offset": 0, "items": []}, path
        series = client.get("/api/sites/tumangang/series", params={"quantity": "rail_cars"}).json()
        assert series["points"] == [] and series["baseline"] is None
        assert client.get("/api/sites").json()["total"] == 8


@pytest.mark.parametrize(("start", "end", "inside"), [(None, "2023-07", True), ("2023-07", None, True),
                                                       (None, "2023-11", False), ("2023-11", None, False),
                                                       ("2023-01", "2023-12", True)])
def test_claim_period_window_with_open_ends(client: TestClient, sample: Sample, start: str | None,
                                            end: str | None, inside: bool) -> None:
    """A claim with one end of its period overlaps by the other; the index-readable bound keeps them."""
    from sqlalchemy import insert, select

    from armstrack.store.schema import ClaimRow

    with sample.workspace.store.transaction() as db:
        row = dict(db.execute(select(ClaimRow.__table__).limit(1)).mappings().one())
        db.execute(insert(ClaimRow.__table__).values({**row, "id": "open-ended", "period_start": start,
                                                      "period_end": end}))
    found = items(client, "/api/claims", limit=1000, **{"from": "2023-06-01", "to": "2023-09-30"})
    assert ("open-ended" in [c["id"] for c in found]) is inside
