"""PNG quick-looks of simulated scenes: true colour, contrast-stretched like a viewer would show them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

WHITE_REFLECTANCE = 0.7  # a fixed stretch, so that dark water stays dark and scenes compare over time


def true_colour(data: np.ndarray, max_side: int | None = None) -> Image.Image:
    """An 8-bit RGB image from uint16 reflectance x 10000 bands (red, green, blue first)."""
    rgb = data[:3].astype(np.float32) / 10000.0
    scaled = np.clip(rgb / WHITE_REFLECTANCE, 0, 1) ** (1 / 2.3)
    image = Image.fromarray((scaled.transpose(1, 2, 0) * 255).astype(np.uint8), "RGB")
    if max_side and max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return image


def write_quicklook(path: Path, data: np.ndarray, max_side: int | None = 2048) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    true_colour(data, max_side).save(path, optimize=True)
