"""The measure runner and verb on small GeoTIFFs: Dask on a loopback cluster, idempotent re-runs,
not-observed rows under cloud, the stable `armstrack measure --json` contract, evidence chips."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from measure_synth import write_corridor, write_track_scene
from sqlalchemy import select
from typer.testing import Result

from armstrack.corridor.geojson import load_corridor
from armstrack.pipeline.measure import measure_files, measure_workspace, measurement_chip
from armstrack.pipeline.scenes import add_scenes
from armstrack.pipeline.workspace import Workspace, init_workspace
from armstrack.store.schema import MeasurementRow

KEYS = ["scene", "site", "acquired", "gsd_m", "rail_cars", "containers_teu", "vessels", "cloud_fraction", "coverage"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], list[int]]:
    folder = tmp_path_factory.mktemp("scenes")
    corridor = write_corridor(folder / "corridor.geojson")
    truths = [8, 15, 11]
    paths = [write_track_scene(folder, seed, n, f"2023-10-0{seed}T02:15:00Z") for seed, n in enumerate(truths, 1)]
    paths.append(write_track_scene(folder, 9, 10, "2023-10-09T02:15:00Z", cloud_cols=(0, 420)))
    return corridor, paths, truths


@pytest.fixture
def measured_workspace(tmp_path: Path, archive: tuple[Path, list[Path], list[int]]) -> Iterator[Workspace]:
    corridor, paths, _ = archive
    ws, _ = init_workspace(tmp_path / "ws", corridor)
    report = add_scenes(ws, [str(p) for p in paths])
    assert report.ok and len(report.added) == 4
    yield ws
    ws.store.dispose()


def _rows(ws: Workspace) -> list[MeasurementRow]:
    with ws.store.session() as session:
        return list(session.scalars(select(MeasurementRow).order_by(MeasurementRow.acquired)))


def test_measure_files_counts_and_refuses_to_count_under_cloud(archive: tuple[Path, list[Path], list[int]]) -> None:
    corridor, paths, truths = archive
    results = measure_files(paths, load_corridor(corridor))
    assert [r.site for r in results] == ["testyard"] * 4
    for result, truth in zip(results[:3], truths, strict=True):
        interval = result.values["rail_cars"]
        assert interval is not None and interval.contains(truth)
    cloudy = results[3]
    assert cloudy.values["rail_cars"] is None and cloudy.cloud_fraction > 0.5


def test_workspace_run_on_a_loopback_dask_cluster_is_idempotent(
        measured_workspace: Workspace, archive: tuple[Path, list[Path], list[int]]) -> None:
    from distributed import LocalCluster

    corridor, paths, _ = archive
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        first = measure_workspace(measured_workspace, scheduler=cluster.scheduler_address)
        again = measure_workspace(measured_workspace, scheduler=cluster.scheduler_address)
        on_cluster = measure_files(paths, load_corridor(corridor), scheduler=cluster.scheduler_address)
    in_process = measure_files(paths, load_corridor(corridor))
    assert [r.as_json() for r in on_cluster] == [r.as_json() for r in in_process]
    assert (first.tasks, first.measured, first.written, first.not_observed, first.failed) == (4, 4, 4, 1, [])
    assert (again.tasks, again.skipped, again.written) == (0, 4, 0)
    rows = _rows(measured_workspace)
    assert len(rows) == 4
    cloudy = rows[-1]
    assert (cloudy.value, cloudy.low, cloudy.high) == (None, None, None)
    assert cloudy.cloud_fraction > 0.5 and "not_observed" in cloudy.flags
    clear = rows[0]
    assert clear.method == "rail-profile-v1" and clear.window is not None and clear.scene_id
    assert clear.low is not None and clear.high is not None and clear.low <= clear.value <= clear.high  # type: ignore[operator]


def test_force_replaces_rows_in_process(measured_workspace: Workspace) -> None:
    measure_workspace(measured_workspace, scheduler="synchronous")
    before = sorted(r.id for r in _rows(measured_workspace))
    forced = measure_workspace(measured_workspace, scheduler="synchronous", force=True, site="testyard")
    assert forced.tasks == 4 and sorted(r.id for r in _rows(measured_workspace)) == before


def test_chip_of_a_stored_measurement_is_a_png(measured_workspace: Workspace) -> None:
    measure_workspace(measured_workspace, scheduler="synchronous")
    png = measurement_chip(measured_workspace, _rows(measured_workspace)[0].id)
    assert png.startswith(b"\x89PNG") and len(png) > 1000


def test_cli_json_lines_keep_the_stable_contract(cli: Callable[..., Result],
                                                 archive: tuple[Path, list[Path], list[int]]) -> None:
    corridor, paths, truths = archive
    result = cli("measure", *paths, "--corridor", corridor, "--site", "testyard", "--json")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4 and all(list(line) == KEYS for line in lines)
    first = lines[0]
    assert first["scene"] == paths[0].name and first["acquired"] == "2023-10-01T02:15:00Z"
    assert first["gsd_m"] == 1.0 and first["containers_teu"] is None and first["vessels"] is None
    assert set(first["rail_cars"]) == {"value", "low", "high"}
    assert first["rail_cars"]["low"] <= truths[0] <= first["rail_cars"]["high"]
    assert lines[3]["rail_cars"] is None


def test_cli_names_bad_input(cli: Callable[..., Result], archive: tuple[Path, list[Path], list[int]],
                             tmp_path: Path) -> None:
    corridor, paths, _ = archive
    unknown = cli("measure", paths[0], "--corridor", corridor, "--site", "nowhere", "--json")
    assert unknown.exit_code == 2 and "nowhere" in unknown.stderr
    missing = cli("measure", tmp_path / "none.tif", "--corridor", corridor)
    assert missing.exit_code == 2 and "none.tif" in missing.stderr
    no_out = cli("measure", "--chip", "abc")
    assert no_out.exit_code == 2 and "--out" in no_out.stderr
