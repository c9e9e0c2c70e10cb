"""Volumes: the published ROK / Reuters totals replayed, intervals, totals by summed draws, edits."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from armstrack.fusion.volume import estimate_volume, load_assumptions, total_volume
from armstrack.model import ArmstrackError, Interval

PUBLISHED = [  # containers, shells stated, calibre (SITES.md, "Published totals")
    (1_000, 275_000, "152mm"), (5_000, 2_000_000, "152mm"), (5_000, 400_000, "122mm"),
    (6_700, 3_000_000, "152mm"), (6_700, 500_000, "122mm"), (10_000, 5_000_000, "152mm"),
    (13_000, 6_000_000, "152mm"), (16_000, 5_000_000, "152mm"),
]


@pytest.mark.parametrize(("containers", "shells", "calibre"), PUBLISHED)
def test_published_totals_fall_inside_the_90_percent_interval(containers: int, shells: int, calibre: str) -> None:
    interval = estimate_volume(containers=containers, calibre=calibre).interval("shells")
    assert interval.level == 0.9
    assert interval.contains(shells), (containers, shells, interval)


def test_a_published_range_overlaps_the_interval() -> None:
    interval = estimate_volume(containers=16_000).interval("shells")  # Reuters with OSC: 4-6 million
    assert interval.low < 6_000_000 and interval.high > 4_000_000


def test_the_data_file_checks_are_the_same_figures() -> None:
    checks = load_assumptions().published_checks
    assert len(checks) == 8 and all(c["publisher"] for c in checks)
    for check in checks:
        assert estimate_volume(containers=check["containers"], calibre=check["calibre"]).interval("shells") \
            .contains(check["shells"])


def test_uncertain_counts_widen_the_interval_and_seeds_repeat() -> None:
    exact = estimate_volume(rail_cars=60).interval("shells")
    fuzzy = estimate_volume(rail_cars=Interval(60, 45, 75)).interval("shells")
    assert fuzzy.high - fuzzy.low > exact.high - exact.low
    again = estimate_volume(rail_cars=60).interval("shells")
    assert again == exact
    tonnes = estimate_volume(rail_cars=60).interval("tonnes")
    assert 0 < tonnes.low < tonnes.value < tonnes.high


def test_totals_sum_draws_not_intervals() -> None:
    parts = [estimate_volume(containers=100, seed=s) for s in range(10)]
    total = total_volume(parts)["shells"]
    summed_lows = sum(p.interval("shells").low for p in parts)
    summed_highs = sum(p.interval("shells").high for p in parts)
    assert summed_lows < total.low and total.high < summed_highs  # independent errors partly cancel
    assert total.value == pytest.approx(sum(p.interval("shells").value for p in parts), rel=0.05)
    assert float(np.median(sum(p.draws["shells"] for p in parts))) == pytest.approx(total.value)


def test_overrides_and_files_change_assumptions(tmp_path: Path) -> None:
    half = load_assumptions(overrides={"munitions_share": {"dist": "fixed", "value": 0.5}})
    full = estimate_volume(containers=1000).interval("shells")
    assert estimate_volume(containers=1000, assumptions=half).interval("shells").value == \
        pytest.approx(full.value / 2, rel=0.05)
    raw = json.loads(Path(load_assumptions.__globals__["default_assumptions_path"]()).read_text())
    raw["calibres"]["152mm"]["shells_per_container"] = {"dist": "fixed", "value": 400, "source": "test"}
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(raw))
    assert estimate_volume(containers=10, assumptions=load_assumptions(path)).interval("shells").value == 4000


def test_bad_assumptions_and_inputs_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ArmstrackError, match="exactly one"):
        estimate_volume(containers=1, rail_cars=1)
    with pytest.raises(ArmstrackError, match="calibre '155mm'"):
        estimate_volume(containers=1, calibre="155mm")
    with pytest.raises(ArmstrackError, match="unknown dist 'normal'"):
        estimate_volume(containers=1, assumptions=load_assumptions(
            overrides={"munitions_share": {"dist": "normal", "value": 1}}))
    with pytest.raises(ArmstrackError, match="no assumption named"):
        load_assumptions(overrides={"nonsense": {}})
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(ArmstrackError, match=r"bad\.json: not valid JSON"):
        load_assumptions(tmp_path / "bad.json")
