"""What bare track looks like, so that anything else on it can be called a car.

Three references, used together (a station is occupied only if it differs from every one):
- the local mode: the commonest centre-strip spectrum of all the site's tracks within a stretch
  along the yard (160 m);
- the ballast flanks beside the car, at fine GSD, where they are not in shadow;
- a background from earlier scenes of the same site, station by station, where given.
Shadows on bare track (darker, bluer, poorer in NIR than sunlit track) are not cars.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

MODE_RADIUS = 0.03  # reflectance distance within which samples count as one spectrum
SECOND_MODE_SHARE = 1.1  # a second bare spectrum needs this share of a stretch's samples (> 1: never;
# a long train of one paint would pass for track bed, and the flanks and backgrounds cover bed changes)


def modes(samples: np.ndarray, radius: float = MODE_RADIUS, candidates: int = 150, pool: int = 1500,
          second_share: float = SECOND_MODE_SHARE) -> list[np.ndarray]:
    """The densest spectrum among `samples` (n, band), and a second one if it is common enough."""
    if len(samples) == 0:
        return []
    rng = np.random.default_rng(0)
    picks = samples[rng.choice(len(samples), size=min(candidates, len(samples)), replace=False)]
    pool_s = samples[rng.choice(len(samples), size=min(pool, len(samples)), replace=False)]
    near = np.linalg.norm(picks[:, None, :] - pool_s[None, :, :], axis=2) < radius
    support = near.sum(axis=1)
    first = int(np.argmax(support))
    found = [pool_s[near[first]].mean(axis=0)]
    far = np.linalg.norm(picks - found[0], axis=1) > 2 * radius
    if far.any():
        second = int(np.argmax(np.where(far, support, -1)))
        if support[second] >= second_share * len(pool_s):
            found.append(pool_s[near[second]].mean(axis=0))
    return found


def along_axis(xy: np.ndarray) -> np.ndarray:
    """Coordinates of points along their principal direction (for parallel tracks: along the yard)."""
    centred = xy - xy.mean(axis=0)
    if len(xy) < 2:
        return np.zeros(len(xy))
    _, vecs = np.linalg.eigh(np.cov(centred.T) + 1e-9 * np.eye(2))
    return np.asarray(centred @ vecs[:, -1])


def local_modes(centres: list[np.ndarray], seen: list[np.ndarray], xy_m: list[np.ndarray],
                window_m: float = 160.0, step_m: float = 40.0) -> list[list[list[np.ndarray]]]:
    """For each track and station, the bare spectra of its stretch of the yard (all tracks pooled)."""
    along = along_axis(np.concatenate(xy_m))
    all_c = np.concatenate(centres, axis=1).T
    all_seen = np.concatenate(seen)
    lo, hi = float(along.min()), float(along.max())
    centres_at = np.arange(lo, hi + step_m, step_m)
    bins: list[list[np.ndarray]] = []
    fallback = modes(all_c[all_seen]) or [np.zeros(all_c.shape[1])]
    for c in centres_at:
        inside = all_seen & (np.abs(along - c) <= window_m / 2)
        bins.append(modes(all_c[inside]) if inside.sum() >= 20 else fallback)
    out, start = [], 0
    for centre in centres:
        n = centre.shape[1]
        index = np.clip(np.round((along[start:start + n] - lo) / step_m).astype(int), 0, len(bins) - 1)
        out.append([bins[i] for i in index])
        start += n
    return out


def shadow_like(centre: np.ndarray, bare: np.ndarray, min_darkening: float = 0.05, margin: float = 0.01,
                smooth: int = 5) -> np.ndarray:
    """Stations (band, n) that look like `bare` (band, n) wholly or partly in shadow: where only the
    sky lights the ground, the NIR loses the most and the blue the least of the sunlit light. Dark
    paint, coal and ore lose about as much in every band, or least in the NIR."""
    if centre.shape[0] < 4:
        return np.zeros(centre.shape[1], dtype=bool)
    q = centre / np.maximum(bare, 1e-3)  # red, green, blue, nir ratios to sunlit bare track
    d = 1.0 - ndimage.uniform_filter1d(q, smooth, axis=1, mode="nearest")  # darkening per band
    return np.asarray((d[0] > min_darkening) & (d[3] > d[0] + margin) & (d[2] < d[0] - margin))


def contrast_to(centre: np.ndarray, references: list[np.ndarray]) -> np.ndarray:
    """Distance of each station (band, n) to the nearest of several (band, n) references."""
    return np.min([np.linalg.norm(centre - ref, axis=0) for ref in references], axis=0)


def mode_arrays(station_modes: list[list[np.ndarray]], bands: int) -> list[np.ndarray]:
    """Per-station mode lists as (band, n) arrays: the first modes, then the second (or the first again)."""
    first = np.array([m[0] for m in station_modes]).T.reshape(bands, -1)
    second = np.array([m[1] if len(m) > 1 else m[0] for m in station_modes]).T.reshape(bands, -1)
    return [first, second]
