"""Surface reflectances (red, green, blue, near-infrared) of the materials the simulator paints.

Values are typical surface reflectances from field spectra (vegetation bright in the NIR, water
nearly black there, snow bright everywhere); colours of paint vary per object around them.
"""

from __future__ import annotations

import numpy as np

Colour = np.ndarray

MATERIALS: dict[str, tuple[float, float, float, float]] = {
    "grass": (0.045, 0.085, 0.040, 0.380),
    "dry_grass": (0.140, 0.125, 0.080, 0.270),
    "dormant_grass": (0.120, 0.105, 0.080, 0.190),
    "forest": (0.030, 0.055, 0.028, 0.300),
    "soil": (0.160, 0.130, 0.100, 0.235),
    "ballast": (0.135, 0.125, 0.115, 0.165),
    "ballast_oily": (0.095, 0.088, 0.080, 0.120),
    "sleeper": (0.300, 0.290, 0.270, 0.310),
    "rail": (0.110, 0.100, 0.095, 0.120),
    "concrete": (0.270, 0.268, 0.258, 0.290),
    "pavement": (0.150, 0.150, 0.148, 0.170),
    "asphalt": (0.075, 0.075, 0.078, 0.095),
    "gravel": (0.220, 0.205, 0.185, 0.250),
    "sea": (0.022, 0.038, 0.048, 0.006),
    "river": (0.040, 0.058, 0.052, 0.014),
    "ice": (0.380, 0.420, 0.460, 0.250),
    "snow": (0.820, 0.850, 0.900, 0.720),
    "roof_metal": (0.340, 0.350, 0.370, 0.370),
    "roof_rust": (0.220, 0.130, 0.090, 0.260),
    "roof_blue": (0.080, 0.150, 0.270, 0.230),
    "roof_green": (0.080, 0.160, 0.110, 0.200),
    "roof_dark": (0.090, 0.090, 0.095, 0.110),
    "cloud": (0.700, 0.710, 0.740, 0.680),
}


def colour(name: str) -> Colour:
    """A material's reflectance as a float32 array of four bands."""
    return np.array(MATERIALS[name], dtype=np.float32)


def jitter(rng: np.random.Generator, base: Colour, brightness: float = 0.15, tint: float = 0.05) -> Colour:
    """A colour varied in overall brightness and slightly per band (weathering, dirt, paint batches)."""
    scale = 1.0 + rng.uniform(-brightness, brightness)
    per_band = 1.0 + rng.uniform(-tint, tint, size=4)
    return np.clip(base * scale * per_band, 0.005, 0.95).astype(np.float32)


# Paint of rolling stock, containers and hulls (reflectance, red-green-blue-nir).
CAR_PAINTS = {
    "oxide": (0.190, 0.105, 0.075, 0.240),
    "brown": (0.150, 0.100, 0.070, 0.200),
    "green": (0.070, 0.120, 0.085, 0.180),
    "grey": (0.240, 0.240, 0.240, 0.260),
    "blue": (0.070, 0.100, 0.170, 0.170),
    "black": (0.050, 0.050, 0.052, 0.065),
}
CONTAINER_PAINTS = {
    "maersk_blue": (0.150, 0.260, 0.380, 0.330),
    "red": (0.330, 0.090, 0.070, 0.300),
    "white": (0.620, 0.620, 0.610, 0.600),
    "green": (0.100, 0.230, 0.140, 0.250),
    "orange": (0.520, 0.250, 0.080, 0.450),
    "grey": (0.330, 0.330, 0.335, 0.340),
    "brown": (0.200, 0.120, 0.080, 0.230),
    "navy": (0.060, 0.080, 0.150, 0.140),
    "yellow": (0.560, 0.470, 0.100, 0.520),
}
HULL_PAINTS = {
    "black": (0.040, 0.040, 0.045, 0.050),
    "red": (0.200, 0.060, 0.050, 0.180),
    "blue": (0.050, 0.080, 0.160, 0.120),
    "grey": (0.200, 0.205, 0.210, 0.220),
    "green": (0.060, 0.120, 0.080, 0.150),
}


def paint_of(table: dict[str, tuple[float, float, float, float]], name: str) -> Colour:
    return np.array(table[name], dtype=np.float32)
