"""Containers and vessels at ports: stack height from shadows, stains beside blocks, cloud fringes.

The scenes are drawn here in numpy from a seed: a paved yard with blocks of 20-ft boxes whose
stacks cast shadows away from a known sun (a full shadow keeps a third of the light), and a quay
with a cloud whose unmasked fringe lies on the water.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from measure_synth import PAVEMENT, _raster, quay_scene
from scipy import ndimage
from shapely.geometry import Polygon

from armstrack.imagery.measure import count_containers, count_vessels
from armstrack.imagery.measure.base import FeatureShape, SiteRaster
from armstrack.imagery.measure.containers import edge_cover
from armstrack.imagery.measure.stacks import TIER_M, away_step
from armstrack.model import FeatureRole

SUN = (40.0, 150.0)  # elevation, azimuth (degrees)
SLOT = (6.058 + 0.35, 2.438 + 0.45)  # a 20-ft ground slot and its gaps (m)
ROWS, BAYS = 6, 8


def block_mask(size: int, gsd: float, r0_m: float, c0_m: float) -> np.ndarray:
    """Boxes of one block (6 rows x 8 bays of 20-ft slots, boxes along the columns)."""
    mask = np.zeros((size, size), dtype=bool)
    for i in range(ROWS):
        for j in range(BAYS):
            r, c = int((r0_m + i * SLOT[1]) / gsd), int((c0_m + j * SLOT[0]) / gsd)
            mask[r:r + round(2.438 / gsd), c:c + round(6.058 / gsd)] = True
    return mask


def stacked_yard(seed: int, tiers: int, gsd: float = 0.5, stain: bool = False) -> tuple[SiteRaster, FeatureShape, int]:
    """Three blocks of `tiers`-high stacks on pavement, their shadows cast away from SUN."""
    rng = np.random.default_rng(seed)
    size = int(220 / gsd)
    image = np.broadcast_to(PAVEMENT[:, None, None], (4, size, size)).copy()
    boxes = np.zeros((size, size), dtype=bool)
    for k in range(3):
        boxes |= block_mask(size, gsd, 40 + k * 50, 30 + (k % 2) * 40)
    length_px = tiers * TIER_M / math.tan(math.radians(SUN[0])) / gsd
    step = away_step(SUN[1])
    shadow = np.zeros_like(boxes)
    for t in np.arange(0, length_px, 0.25) / float(np.hypot(*step)):
        shadow |= ndimage.shift(boxes, (t * step[0], t * step[1]), order=0)
    image[:, shadow & ~boxes] *= np.array([0.33, 0.35, 0.42, 0.25], dtype=np.float32)[:, None]
    labels, n = ndimage.label(boxes)
    for index in range(1, n + 1):  # one paint per box
        paint = np.array([0.15, 0.26, 0.38, 0.33], dtype=np.float32) * rng.uniform(0.8, 1.3)
        image[:, labels == index] = paint[:, None]
    if stain:  # worn pavement beside the first block: near the pavement, touching the boxes
        r, c = int(57 / gsd), int(30 / gsd)
        image[:, r:r + int(12 / gsd), c:c + int(25 / gsd)] += np.float32(0.04)
    yard = Polygon([(5, 5), (size - 5, 5), (size - 5, size - 5), (5, size - 5)])
    raster = _raster(image, gsd, rng)
    raster.sun_elevation_deg, raster.sun_azimuth_deg = SUN
    return raster, FeatureShape(id="test-yard-1", role=FeatureRole.YARD, pixels=yard), 3 * ROWS * BAYS * tiers


def test_stack_height_is_read_from_the_edge_stacks_shadows() -> None:
    for tiers in (1, 3):
        raster, yard, teu = stacked_yard(7, tiers)
        count = count_containers(raster, [yard])
        details = count.parameters["yards"]["test-yard-1"]
        assert details["stack_from"] == "shadow"
        assert abs(details["stack"] - tiers) <= 0.15, details
        assert count.value is not None and count.value.contains(teu)
        assert abs(count.value.value - teu) <= 0.2 * teu


def test_shadow_reading_narrows_the_interval_against_the_prior() -> None:
    raster, yard, teu = stacked_yard(8, 2)
    with_sun = count_containers(raster, [yard]).value
    raster.sun_elevation_deg = None
    prior = count_containers(raster, [yard]).value
    assert with_sun is not None and prior is not None and with_sun.contains(teu)
    assert (with_sun.high - with_sun.low) < 0.6 * (prior.high - prior.low)


def test_a_stain_touching_a_block_is_not_counted() -> None:
    clean, yard, _ = stacked_yard(9, 2)
    stained, yard2, _ = stacked_yard(9, 2, stain=True)
    a, b = count_containers(clean, [yard]), count_containers(stained, [yard2])
    slots_a = a.parameters["yards"]["test-yard-1"]["slots"]
    slots_b = b.parameters["yards"]["test-yard-1"]["slots"]
    assert abs(slots_b - slots_a) <= 0.05 * slots_a


def test_an_island_at_a_clouds_unmasked_fringe_counts_only_in_the_upper_bound() -> None:
    raster, features, truth = quay_scene(5, [120.0, 180.0])
    gsd = raster.gsd_m
    cloud = np.zeros(raster.shape, dtype=bool)
    core = (slice(int(100 / gsd), int(220 / gsd)), slice(int(560 / gsd), int(700 / gsd)))
    cloud[core] = True  # masked
    fringe = (slice(int(225 / gsd), int(240 / gsd)), slice(int(580 / gsd), int(680 / gsd)))  # 100 x 15 m, unmasked
    for band, sea, white in zip(("red", "green", "blue", "nir"), (0.022, 0.038, 0.048, 0.006), (0.7, 0.71, 0.74, 0.68),
                                strict=True):
        raster.bands[band][core] = white
        raster.bands[band][fringe] = 0.6 * sea + 0.4 * white  # thin cloud over the sea
    hull = (slice(int(60 / gsd), int(160 / gsd)), slice(int(720 / gsd), int(735 / gsd)))  # a red hull beside it
    for band, value in zip(("red", "green", "blue", "nir"), (0.2, 0.06, 0.05, 0.18), strict=True):
        raster.bands[band][hull] = value
    raster.masks.cloud = cloud
    count = count_vessels(raster, features)
    assert count.value is not None
    assert count.value.value == truth + 1 and count.value.high >= truth + 2  # the paint counts, the fringe may
    labels = [d.label for d in count.detections]
    assert sum("cloud fringe" in label for label in labels) == 1, labels


def test_a_blocks_edge_pixels_count_by_their_share_of_box() -> None:
    occ = np.zeros((9, 9), dtype=bool)
    occ[2:7, 2:7] = True
    distance = np.where(occ, 0.15, 0.0)
    distance[3:6, 3:6] = 0.3  # the inside: whole box; the ring: half box, half pavement
    cover = edge_cover(occ, distance)
    assert cover.sum() == pytest.approx(9 + 16 * 0.5)
    assert edge_cover(occ[2:4, 2:4], distance[2:4, 2:4]).sum() == pytest.approx(2.5)  # no inside: over its peak


def test_a_quay_misregistered_by_a_pixel_at_10m_is_not_a_ship() -> None:
    raster, features, truth = quay_scene(6, [], gsd=10.0)  # only the ship at anchor
    for band in raster.bands.values():
        band[:, 1:] = band[:, :-1].copy()  # the image one pixel east of its georeference: quay over the sea
    count = count_vessels(raster, features)
    assert count.value is not None and count.value.contains(truth)
    assert count.value.value <= truth and count.value.high - count.value.low <= 2
