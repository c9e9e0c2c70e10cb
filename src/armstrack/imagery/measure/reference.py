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

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    return _grouped_modes(centres, seen, xy_m, ((0, len(centres)),), window_m, step_m, min_samples)


def own_local_modes(centres: list[np.ndarray], seen: list[np.ndarray], xy_m: list[np.ndarray],
                    window_m: float = 160.0, step_m: float = 100.0, min_samples: int = 20) -> list[np.ndarray]:
    """`local_modes` of each track on its own (its stretches, its mode as the fallback), every track
    solved in one pass: the same numbers as one `local_modes([c], [s], [xy])` call per track."""
    groups = tuple((i, i + 1) for i in range(len(centres)))
    return _grouped_modes(centres, seen, xy_m, groups, window_m, step_m, min_samples)


def pooled_and_own_modes(centres: list[np.ndarray], seen: list[np.ndarray], xy_m: list[np.ndarray],
                         window_m: float = 160.0, step_m: float = 100.0, min_samples: int = 20
                         ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """`local_modes` and `own_local_modes` of the same tracks in one pass (one grid of cells, one
    set of sums over both sets of stretches): the same numbers as the two calls."""
    n = len(centres)
    groups = ((0, n), *((i, i + 1) for i in range(n)))
    both = _grouped_modes(centres, seen, xy_m, groups, window_m, step_m, min_samples)
    return both[:n], both[n:]


@dataclass(frozen=True)
class _Layout:
    """Which seen stations each stretch holds, for groups of tracks: pure geometry (and what was
    seen), so the scenes of one grid share it. Stations are numbered over all tracks in order."""

    member: np.ndarray  # station of each (stretch, station) membership, stretches in order
    member_bin: np.ndarray  # its stretch, numbered over all groups
    sizes: np.ndarray  # memberships per stretch
    bins: tuple[tuple[int, int], ...]  # per group: its first stretch and how many
    index: tuple[np.ndarray, ...]  # per track: the stretch (numbered over all groups) of each station


def _grouped_modes(centres: list[np.ndarray], seen: list[np.ndarray], xy_m: list[np.ndarray],
                   groups: tuple[tuple[int, int], ...], window_m: float, step_m: float,
                   min_samples: int) -> list[np.ndarray]:
    """Local modes of consecutive groups of tracks (`groups`: [start, end) track ranges), pooled
    within each group; one (band, station) array per track."""
    by_band = np.concatenate(centres, axis=1)  # (band, station)
    all_c = by_band.T  # (station, band)
    all_seen = np.concatenate(seen)
    layout = _layout(xy_m, all_seen, groups, window_m, step_m)
    _, cell = np.unique(cell_keys(all_c), return_inverse=True)  # one grid of cells for every stretch
    n_cells = int(cell.max()) + 1 if cell.size else 0
    table = _stretch_modes(by_band, cell, n_cells, layout, min_samples)
    first = np.cumsum([0] + [c.shape[1] for c in centres])
    for (g0, g1), (b0, nb) in zip(groups, layout.bins, strict=True):
        rows = table[b0:b0 + nb]
        missing = np.isnan(rows[:, 0])
        if missing.any():  # too few samples: the group's own mode
            s0, s1 = int(first[g0]), int(first[g1])
            samples, kept = all_c[s0:s1], all_seen[s0:s1]
            rows[missing] = _mode_of(samples[kept], cell[s0:s1][kept], n_cells, MODE_RADIUS) if kept.any() \
                else np.zeros(all_c.shape[1])
    return [table[index].T for index in layout.index]


def _layout(xy_m: list[np.ndarray], seen: np.ndarray, groups: tuple[tuple[int, int], ...], window_m: float,
            step_m: float) -> _Layout:
    key = (tuple(np.ascontiguousarray(xy, dtype=np.float64).tobytes() for xy in xy_m),
           np.packbits(seen).tobytes(), len(seen), groups, float(window_m), float(step_m))
    return _cached_layout(key)


@lru_cache(maxsize=16)  # a 0.5 m site's layout holds a few MB; a worker measures a few grids at a time
def _cached_layout(key: tuple[Any, ...]) -> _Layout:
    xy_bytes, seen_bits, n, groups, window_m, step_m = key
    xy_m = [np.frombuffer(b, dtype=np.float64).reshape(-1, 2) for b in xy_bytes]
    seen = np.unpackbits(np.frombuffer(seen_bits, dtype=np.uint8), count=n).astype(bool)
    first = np.cumsum([0] + [len(xy) for xy in xy_m])
    members: list[np.ndarray] = []
    member_bins: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    bins: list[tuple[int, int]] = []
    index: list[np.ndarray] = []
    for g0, g1 in groups:
        along = along_axis(np.concatenate(xy_m[g0:g1]))
        lo, hi = float(along.min()), float(along.max())
        centres_m = np.arange(lo, hi + step_m, step_m)
        b0 = sum(nb for _, nb in bins)
        g_seen = seen[first[g0]:first[g1]]
        order = np.flatnonzero(g_seen)[np.argsort(along[g_seen], kind="stable")]
        starts = np.searchsorted(along[order], centres_m - window_m / 2, side="left")
        ends = np.searchsorted(along[order], centres_m + window_m / 2, side="right")
        size = ends - starts
        offsets = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
        members.append(first[g0] + order[np.repeat(starts, size) + offsets])
        member_bins.append(b0 + np.repeat(np.arange(len(centres_m)), size))
        sizes.append(size)
        bins.append((b0, len(centres_m)))
        start = 0
        for t in range(g0, g1):
            n_t = len(xy_m[t])
            at = np.round((along[start:start + n_t] - lo) / step_m).astype(int)
            index.append(b0 + np.clip(at, 0, len(centres_m) - 1))
            start += n_t
    out = _Layout(member=np.concatenate(members).astype(np.intp), member_bin=np.concatenate(member_bins),
                  sizes=np.concatenate(sizes), bins=tuple(bins), index=tuple(index))
    for array in (out.member, out.member_bin, out.sizes, *out.index):
        array.setflags(write=False)
    return out


def _stretch_modes(by_band: np.ndarray, cell: np.ndarray, n_cells: int, layout: _Layout,
                   min_samples: int) -> np.ndarray:
    """The mode of each stretch (bin, band), NaN where a stretch has fewer than `min_samples`: the
    (stretch, station) memberships are listed once and every sum is a bincount over them. Samples
    are (band, station): every per-band step runs over contiguous rows."""
    n_bins, n_bands = len(layout.sizes), by_band.shape[0]
    table = np.full((n_bins, n_bands), np.nan)
    if layout.member.size == 0:
        return table
    member, member_bin = layout.member, layout.member_bin
    member_cell = cell[member]
    counts = np.bincount(member_bin * n_cells + member_cell, minlength=n_bins * n_cells).reshape(n_bins, n_cells)
    fullest = counts.argmax(axis=1)
    values = by_band.take(member, axis=1).astype(np.float64)  # (band, membership); exact, as the sums are float64
    centre = _bin_means(values, member_bin, member_cell == fullest[member_bin], n_bins)
    near = _distance(values, np.ascontiguousarray(centre.T).take(member_bin, axis=1)) < MODE_RADIUS
    refined = _bin_means(values, member_bin, near, n_bins)
    refined = np.where(np.isnan(refined), centre, refined)
    enough = layout.sizes >= min_samples
    table[enough] = refined[enough]
    return table


def _distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distance between the columns of two (band, n) arrays: the same sums, in the same
    order, as `np.linalg.norm(a.T - b.T, axis=1)`, without the strided short rows."""
    d = a - b
    return np.asarray(np.sqrt(np.add.reduce(d * d, axis=0)))


def _bin_means(values: np.ndarray, bins: np.ndarray, keep: np.ndarray, n_bins: int) -> np.ndarray:
    """Mean of the kept columns of `values` (band, n) per bin (bin, band); NaN for a bin with none."""
    kept = np.flatnonzero(keep)  # (an index list gathers much faster than a boolean mask)
    kept_bins = bins.take(kept)
    count = np.bincount(kept_bins, minlength=n_bins).astype(float)
    sums = np.stack([np.bincount(kept_bins, weights=band, minlength=n_bins) for band in values.take(kept, axis=1)],
                    axis=1)
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
    A high quantile, not the mode: in a busy yard the commonest bed beside a track may be in shade.
    The stations sorted along the yard and each stretch's slice of them are geometry, cached per grid
    (`_lit_layout`); the quantiles are of the same samples as a mask over all stations would pick."""
    layout = _lit_layout(tuple(np.ascontiguousarray(xy, dtype=np.float64).tobytes() for xy in xy_m),
                         float(window_m), float(step_m))
    values = np.concatenate(brightness)
    ok = np.concatenate(seen) & np.isfinite(values)
    fallback = float(np.quantile(values[ok], quantile)) if ok.any() else 0.0
    sorted_values, sorted_ok = values[layout.order], ok[layout.order]
    level = np.full(len(layout.centres), fallback)
    for k, (centre, start, end) in enumerate(zip(layout.centres, layout.starts, layout.ends, strict=True)):
        near = sorted_ok[start:end] & (np.abs(layout.along[start:end] - centre) <= window_m / 2)
        if near.sum() >= 20:
            level[k] = float(np.quantile(sorted_values[start:end][near], quantile))
    out, start = [], 0
    for b in brightness:
        out.append(level[layout.index[start:start + len(b)]])
        start += len(b)
    return out


@dataclass(frozen=True)
class _LitLayout:
    """Stations sorted along the yard (`along`, `order`), the stretch centres and, per stretch, a
    slice of the sorted stations holding every one within half a window of its centre (a little
    more: the exact test is made on the slice), and each station's stretch (`index`)."""

    along: np.ndarray
    order: np.ndarray
    centres: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    index: np.ndarray


@lru_cache(maxsize=16)
def _lit_layout(xy_bytes: tuple[bytes, ...], window_m: float, step_m: float) -> _LitLayout:
    along = along_axis(np.concatenate([np.frombuffer(b, dtype=np.float64).reshape(-1, 2) for b in xy_bytes]))
    order = np.argsort(along, kind="stable")
    centres = np.arange(along.min(), along.max() + step_m, step_m)
    margin = 1e-6 * (window_m + float(np.abs(along).max()))  # wider than any rounding of |along - centre|
    starts = np.searchsorted(along[order], centres - window_m / 2 - margin, side="left")
    ends = np.searchsorted(along[order], centres + window_m / 2 + margin, side="right")
    index = np.clip(np.round((along - along.min()) / step_m).astype(int), 0, len(centres) - 1)
    out = _LitLayout(along=along[order], order=order, centres=centres, starts=starts, ends=ends, index=index)
    for array in (out.along, out.order, out.centres, out.starts, out.ends, out.index):
        array.setflags(write=False)  # shared by every scene of the grid
    return out
