"""Writes (grades, decisions, notes) and who may read or write: token, loopback, serve_open_reads."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from armstrack.web.app import create_app
from armstrack.web.auth import is_loopback
from armstrack.web.sample import Sample
from tests.web.conftest import REMOTE

WRITES = [
    ("PUT", "/api/sources/{source}/grade", {"reliability": "A", "reason": "checked against originals"}),
    ("PUT", "/api/screening-hits/{hit}/decision", {"decision": "confirmed"}),
    ("PUT", "/api/shipments/{shipment}/status", {"status": "rejected"}),
    ("POST", "/api/notes", {"target_kind": "site", "target_id": "khasan", "text": "new siding seen"}),
]


def call(client: TestClient, sample: Sample, method: str, path: str, body: dict, headers: dict | None = None):
    url = path.format(source=sample.source, hit=sample.hit, shipment=sample.shipment)
    return client.request(method, url, json=body, headers=headers or {})


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_refused_without_or_with_wrong_token(client: TestClient, sample: Sample, method: str, path: str,
                                                    body: dict) -> None:
    missing = call(client, sample, method, path, body)
    assert missing.status_code == 401 and "Bearer" in missing.json()["detail"]
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = call(client, sample, method, path, body, {"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 403 and "does not match" in wrong.json()["detail"]
    assert call(client, sample, method, path, body, {"Authorization": "Basic abc"}).status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_with_token_succeed(client: TestClient, sample: Sample, auth: dict, method: str, path: str,
                                   body: dict) -> None:
    response = call(client, sample, method, path, body, auth)
    assert response.status_code in (200, 201), response.text


def test_writes_disabled_without_a_workspace_token(sample: Sample) -> None:
    settings = replace(sample.workspace.settings, api_token="")
    app = create_app(replace(sample.workspace, settings=settings))
    with TestClient(app, client=("127.0.0.1", 1)) as client:
        response = call(client, sample, *WRITES[2], {"Authorization": "Bearer "})
    assert response.status_code == 403 and "no api_token" in response.json()["detail"]


def test_remote_reads_need_the_token(remote: TestClient, auth: dict) -> None:
    refused = remote.get("/api/shipments")
    assert refused.status_code == 401 and "serve_open_reads" in refused.json()["detail"]
    assert remote.get("/", headers={}).status_code == 401
    assert remote.get("/api/shipments", headers={"Authorization": "Bearer nope"}).status_code == 403
    assert remote.get("/api/shipments", headers=auth).status_code == 200


def test_open_reads_setting_opens_reads_but_not_writes(sample: Sample) -> None:
    settings = replace(sample.workspace.settings, serve_open_reads=True)
    with TestClient(create_app(replace(sample.workspace, settings=settings)), client=REMOTE) as client:
        assert client.get("/api/shipments").status_code == 200
        assert call(client, sample, *WRITES[2]).status_code == 401


@pytest.mark.parametrize(("host", "expected"), [("127.0.0.1", True), ("127.8.9.1", True), ("::1", True),
                                                ("10.0.0.2", False), ("203.0.113.7", False), ("testclient", False),
                                                (None, False), ("", False)])
def test_is_loopback(host: str | None, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_grade_source_marks_it_edited(client: TestClient, sample: Sample, auth: dict) -> None:
    response = client.put(f"/api/sources/{sample.source}/grade", headers=auth,
                          json={"reliability": "D", "reason": "two counts were wrong in 2024"})
    assert response.status_code == 200
    source = client.get(f"/api/sources/{sample.source}").json()
    assert (source["reliability"], source["edited"], source["reason"]) == ("D", True, "two counts were wrong in 2024")
    assert source["label"] == "not usually reliable"
    assert client.get("/api/sources", params={"edited": True}).json()["total"] == 1


@pytest.mark.parametrize("body", [{"reliability": "G", "reason": "fine reason"}, {"reliability": "A"},
                                  {"reliability": "A", "reason": ""}, {}])
def test_grade_source_bad_bodies(client: TestClient, sample: Sample, auth: dict, body: dict) -> None:
    assert client.put(f"/api/sources/{sample.source}/grade", headers=auth, json=body).status_code == 422


def test_hit_decision_recorded_with_time(client: TestClient, sample: Sample, auth: dict) -> None:
    response = client.put(f"/api/screening-hits/{sample.hit}/decision", headers=auth, json={"decision": "dismissed"})
    assert response.status_code == 200 and response.json()["decided_at"]
    hit = client.get(f"/api/screening-hits/{sample.hit}").json()
    assert hit["decision"] == "dismissed"
    assert sample.hit not in {h["id"] for h in client.get("/api/screening-hits", params={"decision": "open"})
                              .json()["items"]}
    assert client.put(f"/api/screening-hits/{sample.hit}/decision", headers=auth,
                      json={"decision": "maybe"}).status_code == 422
    assert client.put("/api/screening-hits/x/decision", headers=auth, json={"decision": "confirmed"}).status_code == 404


def test_shipment_status_and_note(client: TestClient, sample: Sample, auth: dict) -> None:
    response = client.put(f"/api/shipments/{sample.shipment}/status", headers=auth,
                          json={"status": "rejected", "note": "cars were empty ore wagons"})
    assert response.json() == {"id": sample.shipment, "status": "rejected", "note": "cars were empty ore wagons"}
    shipment = client.get(f"/api/shipments/{sample.shipment}").json()
    assert (shipment["status"], shipment["note"]) == ("rejected", "cars were empty ore wagons")
    assert client.put(f"/api/shipments/{sample.shipment}/status", headers=auth,
                      json={"status": "shipped"}).status_code == 422
    assert client.put("/api/shipments/x/status", headers=auth, json={"status": "accepted"}).status_code == 404


def test_notes_attach_to_existing_items(client: TestClient, sample: Sample, auth: dict) -> None:
    made = client.post("/api/notes", headers=auth,
                       json={"target_kind": "shipment", "target_id": sample.shipment, "text": "<b>check</b> Angara"})
    assert made.status_code == 201
    notes = client.get("/api/notes", params={"target_kind": "shipment", "target_id": sample.shipment}).json()
    assert [n["text"] for n in notes["items"]] == ["<b>check</b> Angara"]
    assert client.get(f"/api/shipments/{sample.shipment}").json()["notes"][0]["id"] == made.json()["id"]
    missing = client.post("/api/notes", headers=auth, json={"target_kind": "claim", "target_id": "x", "text": "?"})
    assert missing.status_code == 404 and "no claim" in missing.json()["detail"]
    assert client.post("/api/notes", headers=auth,
                       json={"target_kind": "planet", "target_id": "x", "text": "?"}).status_code == 422
    assert client.post("/api/notes", headers=auth, content=b"not json",
                       ).status_code == 422
