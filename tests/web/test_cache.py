"""The response cache: ETags and 304s, answers that follow every commit, and no way around the read rule."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from armstrack.store.schema import SourceRow
from armstrack.web.app import create_app
from armstrack.web.cache import Entries, Entry
from armstrack.web.sample import Sample
from tests.web.conftest import LOOPBACK, REMOTE


@pytest.fixture
def app(sample: Sample) -> FastAPI:
    return create_app(sample.workspace)


@pytest.fixture
def local(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, client=LOOPBACK, raise_server_exceptions=False) as test_client:
        yield test_client


def test_etag_answers_304_until_the_data_changes(local: TestClient, sample: Sample, auth: dict) -> None:
    path = f"/api/sources/{sample.source}"
    first = local.get(path)
    etag = first.headers["etag"]
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    again = local.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert "content-security-policy" in again.headers
    assert local.put(f"{path}/grade", headers=auth, json={"reliability": "E", "reason": "retracted twice"}
                     ).status_code == 200
    changed = local.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["reliability"] == "E" and first.json()["reliability"] != "E"


def test_a_commit_by_another_connection_is_seen(local: TestClient, sample: Sample) -> None:
    """A runner (or another worker) writing through its own connection moves the data version."""
    before = local.get("/api/sources", params={"limit": 1000}).json()
    assert local.get("/api/sources", params={"limit": 1000}).json() == before  # from memory now
    with sample.workspace.store.transaction() as db:
        db.execute(update(SourceRow).where(SourceRow.id == sample.source).values(reason="a new reason"))
    after = local.get("/api/sources", params={"limit": 1000}).json()
    assert [s["reason"] for s in after["items"] if s["id"] == sample.source] == ["a new reason"]


def test_repeated_reads_are_answered_from_memory(app: FastAPI, local: TestClient) -> None:
    cache = next(m for m in app.user_middleware if m.cls.__name__ == "ResponseCache")
    assert cache.kwargs["version"] is not None
    first = local.get("/api/claims", params={"limit": 3})
    second = local.get("/api/claims", params={"limit": 3})
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    other = local.get("/api/claims", params={"limit": 2})
    assert other.headers["etag"] != first.headers["etag"] and len(other.json()["items"]) == 2


def test_cached_answers_do_not_bypass_the_read_rule(app: FastAPI, local: TestClient, auth: dict) -> None:
    assert local.get("/api/claims").status_code == 200  # now in memory
    with TestClient(app, client=REMOTE, raise_server_exceptions=False) as remote:
        assert remote.get("/api/claims").status_code == 401
        assert remote.get("/api/claims", headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert remote.get("/api/claims", headers=auth).status_code == 200


def test_errors_and_images_are_not_cached(local: TestClient, sample: Sample) -> None:
    assert "etag" not in local.get("/api/sites/atlantis").headers
    assert "etag" not in local.get("/api/claims", params={"limit": 0}).headers
    chip = local.get(f"/api/measurements/{sample.chip_measurement}/chip.png")
    assert chip.status_code == 200 and "etag" not in chip.headers


def test_without_cache_no_etags(sample: Sample) -> None:
    with TestClient(create_app(sample.workspace, cache=False), client=LOOPBACK) as plain:
        response = plain.get("/api/claims")
        assert response.status_code == 200 and "etag" not in response.headers


def test_entries_forget_other_versions_and_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("armstrack.web.cache.MAX_ENTRIES", 2)
    entries = Entries().at("v1")
    for key in "abc":
        entries.put("v1", key, Entry(200, [], key.encode()))
    assert list(entries.items) == ["b", "c"] and entries.size == 2
    entries.put("v0", "d", Entry(200, [], b"stale"))  # computed before the data moved on: dropped
    assert "d" not in entries.items
    assert entries.at("v2").get("c") is None and entries.size == 0
