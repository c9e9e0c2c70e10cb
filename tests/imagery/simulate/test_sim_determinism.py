"""Same seed, same archive to the byte; another seed, another world."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from tests.imagery.simulate.conftest import tiny_corridor, truth_of

from armstrack.imagery.simulate import SimulationConfig, simulate_archive


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(folder: Path, seed: int, workers: int = 1) -> dict[str, str]:
    config = SimulationConfig(start=date(2023, 10, 4), days=2, revisit_days=1.0, gsds=(10.0,), seed=seed,
                              sites=("tumangang", "rajin"), cloud_rate=0.5, workers=workers)
    simulate_archive(tiny_corridor(), folder, config)
    return digests(folder)


@pytest.mark.slow
def test_same_seed_gives_identical_files_even_in_parallel(tmp_path: Path) -> None:
    first = run(tmp_path / "a", seed=11)
    assert any(name.endswith(".tif") for name in first)
    assert run(tmp_path / "b", seed=11, workers=2) == first


def test_another_seed_gives_another_world(tmp_path: Path) -> None:
    a, b = run(tmp_path / "a", seed=11), run(tmp_path / "b", seed=12)
    assert a["truth.json"] != b["truth.json"]
    tifs = [name for name in a if name.endswith(".tif")]
    assert any(a[name] != b.get(name) for name in tifs)
    truth_a, truth_b = truth_of(tmp_path / "a"), truth_of(tmp_path / "b")
    assert truth_a["shipments"] != truth_b["shipments"] or truth_a["series"] != truth_b["series"]
