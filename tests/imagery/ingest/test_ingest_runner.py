"""add_scenes / add_stac / load_scenes: per-file transactions, idempotent re-ingest, clear failures."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pystac
import pytest
from ingest_fixtures import pattern, write_s2_item, write_tif
from sqlalchemy import func, select

from armstrack.pipeline.scenes import add_scenes, add_stac, load_scenes
from armstrack.store.schema import SceneRow


def _rows(workspace) -> int:
    with workspace.store.session() as session:
        return int(session.scalar(select(func.count()).select_from(SceneRow)) or 0)


def test_folder_with_good_and_bad_files(workspace, tmp_path) -> None:
    folder = tmp_path / "imagery"
    folder.mkdir()
    write_tif(folder / "a.tif")
    write_tif(folder / "b.tif", driver="COG", datetime_tag="2023:10:07 02:15:00")
    write_tif(folder / "sea.tif", center=(131.5, 41.5))
    write_tif(folder / "notime.tif", datetime_tag=None)
    (folder / "broken.tif").write_bytes(b"not a tiff at all")
    (folder / "notes.txt").write_text("ignored: not a .tif")
    report = add_scenes(workspace, [str(folder)])
    assert len(report.added) == 2 and not report.present
    failed = dict(report.failed)
    assert set(failed) == {str((folder / n).resolve()) for n in ("sea.tif", "notime.tif", "broken.tif")}
    assert all(source in reason for source, reason in failed.items())
    assert _rows(workspace) == 2

    again = add_scenes(workspace, [str(folder / "a.tif"), str(folder / "b.tif")])
    assert not again.added and sorted(again.present) == sorted(report.added)
    assert _rows(workspace) == 2


def test_load_scenes_round_trip(workspace, tmp_path) -> None:
    path = write_tif(tmp_path / "a.tif", datetime_tag=None)
    add_scenes(workspace, [str(path)], acquired=datetime(2023, 10, 5, 2, 15), sensor="planetscope")
    [scene] = load_scenes(workspace)
    assert scene.acquired == datetime(2023, 10, 5, 2, 15, tzinfo=UTC)
    assert scene.sensor == "planetscope" and scene.path == str(path.resolve())
    assert scene.bands == {"red": 1, "green": 2, "blue": 3, "nir": 4}
    assert scene.footprint.is_valid and scene.site_ids == ["tumangang"]
    assert scene.properties["cloud_source"] == "none"
    assert load_scenes(workspace, "tumangang") == [scene] and load_scenes(workspace, "rajin") == []


def test_add_stac_keeps_assets_and_scl_cloud(workspace, tmp_path) -> None:
    item = write_s2_item(tmp_path / "s2")
    catalog = pystac.Catalog("s2", "one item")
    catalog.add_item(item)
    catalog.normalize_hrefs(str(tmp_path / "stac"))
    catalog.save(pystac.CatalogType.SELF_CONTAINED)
    report = add_stac(workspace, str(tmp_path / "stac" / "catalog.json"), "sentinel-2-l2a")
    assert len(report.added) == 1 and not report.failed
    [scene] = load_scenes(workspace)
    assert scene.assets["scl"].endswith("SCL.tif") and "assets" not in scene.properties
    assert scene.properties["cloud_source"] == "scl"
    assert 0.2 <= scene.cloud_fraction["tumangang"] <= 0.3
    assert add_stac(workspace, str(tmp_path / "stac" / "catalog.json")).present == report.added


def test_scl_band_inside_the_scene_file(workspace, tmp_path) -> None:
    """The simulator's 10 m scenes: red, green, blue, nir and scl bands in one GeoTIFF."""
    data = np.stack([pattern(200, 200, b) for b in range(1, 5)] + [np.full((200, 200), 4, np.uint16)])
    data[4, :100, :] = 8  # cloud over the top half
    data[4, :, :20] = 0  # SCL no data on a strip: not counted either way
    path = write_tif(tmp_path / "s10.tif", gsd=10.0, descriptions=["red", "green", "blue", "nir", "scl"],
                     data=data)
    report = add_scenes(workspace, [str(path)])
    assert len(report.added) == 1, report.failed
    [scene] = load_scenes(workspace)
    assert scene.bands["scl"] == 5 and scene.properties["cloud_source"] == "scl"
    assert scene.cloud_fraction["tumangang"] == pytest.approx(0.5, abs=0.01)
