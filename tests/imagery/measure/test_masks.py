"""Cloud-shadow masks on tiny synthetic scenes: shaded pavement, water, a shadow's dim rim, its reach."""

from __future__ import annotations

import numpy as np

from armstrack.imagery.measure.base import Masks
from armstrack.imagery.measure.masks import spectral_masks

BANDS = ("red", "green", "blue", "nir")
PAVEMENT = np.array([0.150, 0.150, 0.148, 0.170], np.float32)
GRASS = np.array([0.120, 0.105, 0.080, 0.190], np.float32)
SEA = np.array([0.022, 0.038, 0.048, 0.006], np.float32)
CLOUD = np.array([0.700, 0.710, 0.740, 0.680], np.float32)
SHADE = np.array([0.35, 0.37, 0.45, 0.28], np.float32)  # a full cloud shadow's transmission per band (more NIR lost)


def scene(size: int, ground: np.ndarray = PAVEMENT) -> np.ndarray:
    """(band, row, col) reflectance of one ground material with a little noise."""
    rng = np.random.default_rng(0)
    image = np.broadcast_to(ground[:, None, None], (4, size, size)).copy()
    return image * rng.normal(1.0, 0.03, image.shape).astype(np.float32)


def shade(image: np.ndarray, rows: slice, cols: slice, opacity: float = 1.0) -> None:
    """Dim a region as the simulator's cloud shadow does (band by band, more in the NIR)."""
    image[:, rows, cols] *= (1 - opacity * (1 - SHADE))[:, None, None]


def masks_of(image: np.ndarray, gsd_m: float = 1.0, sun: tuple[float, float] | None = None) -> Masks:
    bands = {name: image[i] for i, name in enumerate(BANDS)}
    return spectral_masks(bands, np.ones(image.shape[1:], dtype=bool), gsd_m=gsd_m, sun=sun)


def test_shaded_pavement_is_shadow_not_water() -> None:
    """Shade dims the NIR more than the green, so shaded pavement has NDWI > 0: it must still be land."""
    image = scene(300)
    image[:, :, :60] = CLOUD[:, None, None]
    shade(image, slice(0, 300), slice(150, 240))
    shaded = image[:, 5, 180]
    assert shaded[1] > shaded[3]  # the NDWI test would have called it water
    masks = masks_of(image)
    assert masks.shadow[:, 150:240].mean() > 0.95
    assert not masks.shadow[:, 60:120].any() and not masks.shadow[:, 270:].any()


def test_water_is_not_shadow_even_on_a_shaded_shore() -> None:
    image = scene(300)
    image[:, :, :60] = CLOUD[:, None, None]
    image[:, :, 180:] = SEA[:, None, None]
    shade(image, slice(0, 300), slice(150, 300))  # shaded quay and shaded sea
    masks = masks_of(image)
    assert masks.shadow[:, 150:180].mean() > 0.95
    assert not masks.shadow[:, 180:].any()


def test_dim_rim_joins_its_dark_core_but_a_dim_field_alone_is_no_shadow() -> None:
    image = scene(300)
    image[:, :, :60] = CLOUD[:, None, None]
    shade(image, slice(0, 300), slice(120, 150), opacity=0.68)  # penumbra: dimmed to about 0.59 (dark: 0.55)
    shade(image, slice(0, 300), slice(150, 210))  # the dark core
    shade(image, slice(240, 300), slice(240, 300), opacity=0.68)  # a dim field with no core beside it
    masks = masks_of(image)
    assert masks.shadow[:, 120:150].mean() > 0.95
    assert masks.shadow[:, 150:210].mean() > 0.95
    assert not masks.shadow[240:, 240:].any()


def test_shadow_reach_follows_the_sun_elevation() -> None:
    """A shadow 2.4 km from its cloud: in reach under a low sun, out of reach under a high one."""
    image = scene(300, GRASS)
    image[:, :, :30] = CLOUD[:, None, None]
    shade(image, slice(0, 300), slice(270, 300))
    low_sun = masks_of(image, gsd_m=10.0, sun=(30.0, 160.0))
    high_sun = masks_of(image, gsd_m=10.0, sun=(80.0, 160.0))
    assert low_sun.shadow[:, 270:].mean() > 0.95
    assert not high_sun.shadow.any()
