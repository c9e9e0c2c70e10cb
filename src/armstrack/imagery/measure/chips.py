"""Evidence chips: a PNG of a site window with what the counter found drawn on it.

The image is a true-colour stretch of the window (2-98 % percentiles of the clear pixels),
enlarged so that a coarse window is still legible; cloud and shadow are hatched over in grey,
detections are drawn in colour by kind, and a caption names the measurement.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from armstrack.imagery.measure.base import Detection, SiteRaster

COLOURS = {"rail_car": (255, 60, 60), "locomotive": (60, 255, 90), "containers": (255, 200, 0), "vessel": (0, 220, 255)}
MIN_SIDE = 480
MAX_SIDE = 1600


def true_colour(raster: SiteRaster) -> np.ndarray:
    """uint8 RGB of the window, stretched on its clear pixels."""
    rgb = np.stack([raster.bands.get(n, next(iter(raster.bands.values()))) for n in ("red", "green", "blue")], -1)
    clear = raster.masks.clear
    sample = rgb[clear] if clear.any() else rgb.reshape(-1, 3)
    low, high = np.percentile(sample, 2, axis=0), np.percentile(sample, 98, axis=0)
    scaled = (rgb - low) / np.maximum(high - low, 1e-4)
    out = (np.clip(scaled, 0, 1) * 255).astype(np.uint8)
    out[~raster.masks.valid] = 0
    return out


def _colour(label: str) -> tuple[int, int, int]:
    return next((c for key, c in COLOURS.items() if label.startswith(key)), (255, 0, 255))


def _scaled(geometry: BaseGeometry, zoom: float) -> list[tuple[float, float]]:
    coords = geometry.exterior.coords if isinstance(geometry, Polygon) else getattr(geometry, "coords", [])
    return [(x * zoom, y * zoom) for x, y in coords]


def render_chip(raster: SiteRaster, detections: Sequence[Detection], caption: str = "",
                features: Sequence[BaseGeometry] = ()) -> bytes:
    """PNG bytes of the window with `detections` (pixel space) and feature outlines drawn on it."""
    rgb = true_colour(raster)
    h, w = rgb.shape[:2]
    zoom = min(max(1.0, MIN_SIDE / max(h, w)), MAX_SIDE / max(h, w))
    image = Image.fromarray(rgb).resize((max(1, int(w * zoom)), max(1, int(h * zoom))), Image.Resampling.NEAREST)
    hidden = (raster.masks.cloud | raster.masks.shadow) & raster.masks.valid
    if hidden.any():
        veil = Image.fromarray((hidden * 110).astype(np.uint8)).resize(image.size, Image.Resampling.NEAREST)
        image = Image.composite(Image.new("RGB", image.size, (128, 128, 128)), image, veil)
    draw = ImageDraw.Draw(image)
    for feature in features:
        for part in getattr(feature, "geoms", [feature]):
            points = _scaled(part, zoom)
            if len(points) >= 2:
                draw.line(points, fill=(240, 240, 240), width=1)
    width = max(1, round(zoom))
    for det in detections:
        points = _scaled(det.geometry, zoom)
        if len(points) < 2:
            continue
        if isinstance(det.geometry, LineString):
            draw.line(points, fill=_colour(det.label), width=max(2, width * 2))
            x, y = points[0]
            draw.ellipse((x - 2, y - 2, x + 2, y + 2), outline=(255, 255, 255))
        else:
            draw.polygon(points, outline=_colour(det.label))
    if caption:
        draw.rectangle((0, 0, image.size[0], 14), fill=(0, 0, 0))
        draw.text((3, 1), caption[:160], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
