"""Image chips for measurements the imagery core's counters did not make (imported counts, other
tools): the stored window cropped from its scene, the stored detections drawn.

The window is read with rasterio and drawn with PIL: a 2-98 % stretch per band, the measured window
outlined, detections boxed. Measurements of the core's own counters get the core's chip instead.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from PIL import Image, ImageDraw
from rasterio.errors import RasterioError, WindowError
from rasterio.windows import Window

from armstrack.model import ArmstrackError

MARGIN = 0.25  # context around the measured window, as a fraction of its size
MIN_SIDE = 256  # chips are scaled up to at least this many pixels on their long side
WINDOW_COLOUR = (255, 214, 0)
DETECTION_COLOUR = (255, 64, 64)


class ChipUnavailable(ArmstrackError):
    """The measurement has no pixels to show (entered by hand, no window, scene file gone)."""


def render_chip(scene_path: Path, window: Sequence[int], bands: Mapping[str, Any],
                detections: Sequence[Any] = ()) -> bytes:
    """PNG bytes of `window` (col_off, row_off, width, height) of the scene, with context around it."""
    if not scene_path.is_file():
        raise ChipUnavailable(f"scene file {scene_path.name} is gone from the workspace")
    col, row, width, height = (int(v) for v in window)
    pad_x, pad_y = int(width * MARGIN), int(height * MARGIN)
    try:
        with rasterio.open(scene_path) as src:
            outer = Window(col - pad_x, row - pad_y, width + 2 * pad_x, height + 2 * pad_y)
            outer = outer.intersection(Window(0, 0, src.width, src.height))
            data = src.read(_band_indexes(bands, src.count), window=outer, boundless=False)
    except (RasterioError, WindowError) as exc:
        raise ChipUnavailable(f"window {list(window)} of scene file {scene_path.name} cannot be read ({exc})") from None
    image = Image.fromarray(_stretch(data)).convert("RGB")  # grey scenes too: the marks are coloured
    offset = (col - int(outer.col_off), row - int(outer.row_off))
    scale = max(1, -(-MIN_SIDE // max(image.size)))  # ceiling division
    image = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
    draw = ImageDraw.Draw(image)
    box = [offset[0], offset[1], offset[0] + width, offset[1] + height]
    draw.rectangle([v * scale for v in box], outline=WINDOW_COLOUR, width=2)
    for x0, y0, x1, y1 in _boxes(detections):
        draw.rectangle([(offset[0] + x0) * scale, (offset[1] + y0) * scale,
                        (offset[0] + x1) * scale, (offset[1] + y1) * scale], outline=DETECTION_COLOUR, width=1)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _band_indexes(bands: Mapping[str, Any], count: int) -> list[int]:
    """Red, green, blue when the scene names them, else its first band."""
    rgb = [bands.get(name) for name in ("red", "green", "blue")]
    if all(isinstance(b, int) and 1 <= b <= count for b in rgb):
        return [int(b) for b in rgb if b is not None]
    return [1]


def _stretch(data: np.ndarray) -> np.ndarray:
    """Bands x rows x cols of any type to rows x cols (x 3) uint8, 2-98 percentile per band."""
    out = np.empty(data.shape, dtype=np.uint8)
    for i, band in enumerate(data.astype(np.float64)):
        low, high = (float(v) for v in np.percentile(band, [2, 98])) if band.size else (0.0, 1.0)
        scaled = (band - low) / (high - low) if high > low else np.zeros_like(band)
        out[i] = np.clip(scaled * 255, 0, 255).astype(np.uint8)
    return out[0] if len(out) == 1 else np.moveaxis(out, 0, -1)


def _boxes(detections: Sequence[Any]) -> list[tuple[float, float, float, float]]:
    """Detections as (x0, y0, x1, y1) in window pixels: [x0, y0, x1, y1] lists or {"box": [...]}."""
    boxes = []
    for item in detections:
        box: Any = (item.get("box") or item.get("bbox")) if isinstance(item, Mapping) else item
        if isinstance(box, Sequence) and len(box) == 4 and all(isinstance(v, int | float) for v in box):
            boxes.append((float(box[0]), float(box[1]), float(box[2]), float(box[3])))
    return boxes
