"""What bare track looks like, so that anything else on it can be called a car.

Three references, used together (a station is occupied only if it differs from every one):
- the local mode: the commonest centre-strip spectrum of all the site's tracks within a stretch
  along the yard (160 m);
- the ballast flanks beside the car, at fine GSD, where they are not in shadow;
- a background from earlier scenes of the same site, station by station, where given.
Shadows on bare track (darker, bluer, poorer in NIR than sunlit track) are not cars. The
brightness helpers here (`brightness_ratio`, `own_shadow`, `lit_level`) serve shade.py.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

MODE_RADIUS = 0.03  # reflectance distance within which samples count as one spectrum


def modes(samples: np.ndarray, radius: float = MODE_RADIUS) -> list[np.ndarray]:
    """The commonest spectrum among `samples` (n, band): the fullest cell of a grid of `radius`
    reflectance, refined to the mean of the samples within `radius` of it (empty list: no samples)."""
    if len(samples) == 0:
        return []
    _, inverse = np.unique(cell_keys(samples, radius), return_inverse=True)
    return [_mode_of(samples, inverse, int(inverse.max()) + 1, radius)]


def cell_keys(samples: np.ndarray, radius: float = MODE_RADIUS) -> np.ndarray:
    """One integer per sample (n, band) naming its cell of a grid of `radius` reflectance."""
    cells = np.clip(np.floor(samples / radius), 0, 255).astype(np.int64)
    keys = np.zeros(len(samples), dtype=np.int64)
    for band in range(cells.shape[1]):
        keys = keys * 256 + cells[:, band]
    return keys


def _mode_of(samples: np.ndarray, cell: np.ndarray, n_cells: int, radius: float) -> np.ndarray:
    """The mode of `samples` whose cells (indexes in sorted key order) are `cell`."""
    fullest = int(np.argmax(np.bincount(cell, minlength=n_cells)))
    centre = samples[cell == fullest].mean(axis=0)
    near = np.linalg.norm(samples - centre, axis=1) < radius
    return samples[near].mean(axis=0) if near.any() else centre


def along_axis(xy: np.ndarray) -> np.ndarray:
    """Coordinates of points along their principal direction (for parallel tracks: along the yard)."""
    centred = xy - xy.mean(axis=0)
    if len(xy) < 2:
        return np.zeros(len(xy))
    _, vecs = np.linalg.eigh(np.cov(centred.T) + 1e-9 * np.eye(2))
    return np.asarray(centred @ vecs[:, -1])


def local_modes(centres: list[np.ndarray], seen: list[np.ndarray], xy_m: list[np.ndarray],
                window_m: float = 160.0, step_m: float = 100.0, min_samples: int = 20) -> list[np.ndarray]:
    """For each track, the bare spectrum of each station's stretch of the yard, all tracks pooled:
    one (band, station) array per track. Every stretch (a bin every `step_m` along the yard, holding
    the seen stations within `window_m / 2`) is solved at once; one with fewer than `min_samples`
    takes the mode of the whole site."""
    along = along_axis(np.concatenate(xy_m))
    all_c = np.concatenate(centres, axis=1).T  # (station, band)
    all_seen = np.concatenate(seen)
    lo, hi = float(along.min()), float(along.max())
    _, cell = np.unique(cell_keys(all_c), return_inverse=True)  # one grid of cells for every stretch
    n_cells = int(cell.max()) + 1 if cell.size else 0
    fallback = _mode_of(all_c[all_seen], cell[all_seen], n_cells, MODE_RADIUS) if all_seen.any() \
        else np.zeros(all_c.shape[1])
    centres_m = np.arange(lo, hi + step_m, step_m)
    table = _stretch_modes(all_c, cell, n_cells, along, all_seen, centres_m, window_m / 2, min_samples)
    table[np.isnan(table[:, 0])] = fallback
    out, start = [], 0
    for centre in centres:
        n = centre.shape[1]
        index = np.clip(np.round((along[start:start + n] - lo) / step_m).astype(int), 0, len(centres_m) - 1)
        out.append(table[index].T)
        start += n
    return out


def _stretch_modes(samples: np.ndarray, cell: np.ndarray, n_cells: int, along: np.ndarray, seen: np.ndarray,
                   centres_m: np.ndarray, half_m: float, min_samples: int) -> np.ndarray:
    """The mode of each stretch (bin, band), NaN where a stretch has fewer than `min_samples`: the
    (stretch, station) memberships are listed once and every sum is a bincount over them."""
    order = np.flatnonzero(seen)[np.argsort(along[seen], kind="stable")]
    starts = np.searchsorted(along[order], centres_m - half_m, side="left")
    ends = np.searchsorted(along[order], centres_m + half_m, side="right")
    sizes = ends - starts
    n_bins, n_bands = len(centres_m), samples.shape[1]
    table = np.full((n_bins, n_bands), np.nan)
    if sizes.sum() == 0:
        return table
    member_bin = np.repeat(np.arange(n_bins), sizes)
    offsets = np.arange(len(member_bin)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    member = order[np.repeat(starts, sizes) + offsets]
    counts = np.bincount(member_bin * n_cells + cell[member], minlength=n_bins * n_cells).reshape(n_bins, n_cells)
    fullest = counts.argmax(axis=1)
    in_fullest = cell[member] == fullest[member_bin]
    centre = _bin_means(samples[member], member_bin, in_fullest, n_bins)
    near = np.linalg.norm(samples[member] - centre[member_bin], axis=1) < MODE_RADIUS
    refined = _bin_means(samples[member], member_bin, near, n_bins)
    refined = np.where(np.isnan(refined), centre, refined)
    enough = sizes >= min_samples
    table[enough] = refined[enough]
    return table


def _bin_means(values: np.ndarray, bins: np.ndarray, keep: np.ndarray, n_bins: int) -> np.ndarray:
    """Mean of the kept rows of `values` (n, band) per bin (NaN for a bin with none)."""
    count = np.bincount(bins[keep], minlength=n_bins).astype(float)
    sums = np.stack([np.bincount(bins[keep], weights=values[keep, b], minlength=n_bins)
                     for b in range(values.shape[1])], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(sums / count[:, None])


def shadow_like(centre: np.ndarray, bare: np.ndarray, min_darkening: float = 0.05, nir_excess: float = 0.05,
                blue_deficit: float = 0.08, smooth: int = 5) -> np.ndarray:
    """Stations (band, n) that look like `bare` (band, n) wholly or partly in shadow: where only the
    sky lights the ground, the NIR loses the most and the blue the least of the sunlit light, in
    proportions that do not depend on how much of the strip is shaded. Dark paint, coal and ore
    lose about as much in every band, or least in the NIR."""
    if centre.shape[0] < 4:
        return np.zeros(centre.shape[1], dtype=bool)
    q = centre / np.maximum(bare, 1e-3)  # red, green, blue, nir ratios to sunlit bare track
    d = 1.0 - ndimage.uniform_filter1d(q, smooth, axis=1, mode="nearest")  # darkening per band
    red = np.maximum(d[0], 1e-6)
    return np.asarray((d[0] > min_darkening) & ((d[3] - d[0]) / red > nir_excess)
                      & ((d[0] - d[2]) / red > blue_deficit))


def contrast_to(centre: np.ndarray, references: list[np.ndarray]) -> np.ndarray:
    """Distance of each station (band, n) to the nearest of several (band, n) references."""
    return np.min([np.linalg.norm(centre - ref, axis=0) for ref in references], axis=0)


def brightness_ratio(samples: np.ndarray, bare: np.ndarray) -> np.ndarray:
    """Mean reflectance of `samples` (band, n) over that of `bare` (band, n): about 0.2-0.4 where
    bare ground lies in full shadow, about 1 where it is sunlit."""
    return np.asarray(samples.mean(axis=0) / np.maximum(bare.mean(axis=0), 1e-3))


def own_shadow(centre_ratio: np.ndarray, shaded_flank_ratio: np.ndarray, dark: float = 0.6,
               lit_margin: float = 0.2) -> np.ndarray:
    """Stations where something standing on the track shades the ground beside it: the flank away
    from the sun is dark as a shadow (ratio to its bare ground below `dark`) while the centre strip is
    lit (its ratio above the flank's by `lit_margin`). Bare track shaded by a car on the neighbouring
    track on the sun side is dark across its whole width, centre included, so it does not qualify;
    a car of any colour, even one that looks like ballast or like a shadow from above, does."""
    return np.asarray((shaded_flank_ratio < dark) & (centre_ratio > shaded_flank_ratio + lit_margin))


def lit_level(brightness: list[np.ndarray], seen: list[np.ndarray], xy_m: list[np.ndarray],
              window_m: float = 400.0, step_m: float = 100.0, quantile: float = 0.8) -> list[np.ndarray]:
    """How bright sunlit bed is along the yard: for each station of each track, a high quantile of
    the mean reflectance of every seen sample (all tracks pooled) within `window_m` along the yard.
    A high quantile, not the mode: in a busy yard the commonest bed beside a track may be in shade."""
    along = along_axis(np.concatenate(xy_m))
    values = np.concatenate(brightness)
    ok = np.concatenate(seen) & np.isfinite(values)
    fallback = float(np.quantile(values[ok], quantile)) if ok.any() else 0.0
    centres = np.arange(along.min(), along.max() + step_m, step_m)
    level = np.full(len(centres), fallback)
    for k, centre in enumerate(centres):
        near = ok & (np.abs(along - centre) <= window_m / 2)
        if near.sum() >= 20:
            level[k] = float(np.quantile(values[near], quantile))
    index = np.clip(np.round((along - along.min()) / step_m).astype(int), 0, len(centres) - 1)
    out, start = [], 0
    for b in brightness:
        out.append(level[index[start:start + len(b)]])
        start += len(b)
    return out
