"""Cloud fringe on a track: which occupied stations at a cloud's soft edge are cars, not veil.

A cloud or its shadow is soft over tens of metres and the masks cut it where it is opaque, so the
track just outside (`Masks.fringe`) is brightened or dimmed as a whole, bed and all. Against the
site's bare-track reference such a station looks occupied; against the bed beside it (the
profile's flanks, veiled alike) it looks as the track always does. So the test is the centre's
difference from each flank, against that difference's usual value on the same track's clear,
bare stations (clear of the fringe, not occupied by the site's reference; a track more than half
full of one paint would otherwise make a car "usual"): a car changes it on both sides, a veil on
neither. Fringe stations that keep the usual difference on either side count in the upper bound only.
At coarse GSD the flanks are the neighbouring tracks (cars come and go there), so every occupied
fringe station counts in the upper bound only (measured: the test let 52 cars stand for 12).
"""

from __future__ import annotations

from typing import Any

import numpy as np

NOISE_FACTOR = 4.0  # how many robust spreads of the clear stations' difference a car must stand out by
MIN_CLEAR_SHARE = 0.3  # less of the seen track than this outside the fringe: the usual difference is unknown


def veiled(profile: Any, threshold: float, fine: bool) -> np.ndarray:
    """Fringe stations (bool per station) whose centre-to-bed difference is the track's usual one on
    either side, within `threshold` or the clear stations' own scatter: veil or shade rather than a
    car. Coarse (not `fine`), where the flanks are the neighbouring tracks, with too few clear,
    bare stations to learn the usual difference, or a track mostly in the fringe (it would learn
    it from a short stretch that need not hold for the rest): every fringe station (the upper
    bound takes them all)."""
    fringe = getattr(profile, "fringe", None)
    if fringe is None or not fringe.any():
        return np.zeros(len(profile.seen), dtype=bool)
    difference = profile.centre[:, :, None] - profile.flanks  # (band, station, side)
    outside = profile.seen & ~fringe
    clear = outside & ~(profile.contrast > threshold)  # bare by the site's reference
    if not fine or clear.sum() < 10 or outside.sum() < MIN_CLEAR_SHARE * profile.seen.sum():
        return np.asarray(fringe, dtype=bool)
    usual = np.median(difference[:, clear, :], axis=1)  # (band, side)
    change = np.linalg.norm(difference - usual[:, None, :], axis=0)  # (station, side)
    typical = np.median(change[clear], axis=0)
    spread = 1.4826 * np.median(np.abs(change[clear] - typical), axis=0)
    bar = np.maximum(threshold, typical + NOISE_FACTOR * spread)  # (side,)
    return np.asarray(fringe & ~(change > bar).all(axis=1), dtype=bool)
