from __future__ import annotations

from armstrack.reports.synthetic import synthetic_reports

TRUTH = {"shipments": [
    {"id": f"ship-{i:03d}", "route": "tumangang->khasan:rail", "mode": "rail", "from": "tumangang",
     "to": "khasan", "depart": f"2023-08-{10 + i:02d}T04:00:00Z", "arrive": f"2023-08-{10 + i:02d}T09:00:00Z",
     "rail_cars": 40 + i, "containers_teu": None, "vessels": None, "munitions": True} for i in range(6)
] + [{"id": "ship-sea", "route": "rajin->dunai:sea", "mode": "sea", "from": "rajin", "to": "dunai",
      "depart": "2023-09-01T00:00:00Z", "arrive": "2023-09-02T12:00:00Z", "rail_cars": None,
      "containers_teu": 320, "vessels": 1, "munitions": True}]}


def test_reports_cover_the_kinds_the_demo_needs() -> None:
    reports = synthetic_reports(TRUTH, seed=3, coverage=1.0, exaggerate=0.3, reposts=2)
    kinds = [r.kind for r in reports]
    assert kinds.count("denial") == 1
    assert kinds.count("repost") == 2
    assert sum(k in ("true", "exaggerated") for k in kinds) == len(TRUTH["shipments"])
    assert len({r.name for r in reports}) == len(reports)


def test_reports_are_deterministic_and_say_they_are_synthetic() -> None:
    first = [r.to_html() for r in synthetic_reports(TRUTH, seed=5)]
    assert first == [r.to_html() for r in synthetic_reports(TRUTH, seed=5)]
    assert all("Synthetic report" in page for page in first)


def test_true_reports_carry_the_true_numbers() -> None:
    reports = synthetic_reports(TRUTH, seed=1, coverage=1.0, exaggerate=0.0, reposts=0)
    by_id = {s["id"]: s for s in TRUTH["shipments"]}
    for report in reports:
        if report.kind == "true" and by_id[report.shipment_id]["mode"] == "rail":
            assert f"{by_id[report.shipment_id]['rail_cars']} freight cars" in report.paragraphs[0]


def test_html_escapes_text() -> None:
    page = synthetic_reports(TRUTH, seed=2, coverage=1.0)[0].to_html()
    assert page.count("<script") == 0 and "<article>" in page
