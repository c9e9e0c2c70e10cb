"""Smooth random fields: periodic 1/f noise by spectral synthesis, and fast bilinear resampling."""

from __future__ import annotations

import numpy as np

from armstrack.imagery.simulate.raster import Grid


def spectral(rng: np.random.Generator, shape: tuple[int, int], beta: float = 3.2, cutoff: float = 0.0) -> np.ndarray:
    """Periodic noise with power spectrum ~ 1/f^beta, scaled to zero mean and unit variance."""
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.rfftfreq(shape[1])[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1.0
    amplitude = f ** (-beta / 2)
    amplitude[0, 0] = 0.0
    if cutoff:
        amplitude *= np.exp(-((f / cutoff) ** 2))
    spectrum = (rng.standard_normal(f.shape) + 1j * rng.standard_normal(f.shape)) * amplitude
    field = np.fft.irfft2(spectrum, s=shape)
    return ((field - field.mean()) / (field.std() + 1e-12)).astype(np.float32)


class Field:
    """A periodic random field on a coarse lattice anchored in map coordinates, sampled on any grid."""

    def __init__(self, values: np.ndarray, west: float, north: float, res: float) -> None:
        self.values, self.west, self.north, self.res = values, west, north, res

    @classmethod
    def over(cls, rng: np.random.Generator, bounds: tuple[float, float, float, float], res: float,
             beta: float = 3.2) -> Field:
        west, south, east, north = bounds
        shape = (int(np.ceil((north - south) / res)) + 2, int(np.ceil((east - west) / res)) + 2)
        return cls(spectral(rng, shape, beta), west - res, north + res, res)

    def sample(self, grid: Grid, shift: tuple[float, float] = (0.0, 0.0), step_m: float = 0.0) -> np.ndarray:
        """Bilinear samples at the grid's pixel centres, displaced by `shift` (east, north) metres; wraps.

        With `step_m`, samples every step (a whole number of pixels) and repeats them: for smooth fields
        on fine grids, where the blocks are far smaller than the field's structure.
        """
        k = max(1, int(step_m / grid.res))
        if k > 1:
            coarse = Grid(grid.west, grid.north, grid.res * k, -(-grid.width // k), -(-grid.height // k))
            values = self.sample(coarse, shift)
            return np.repeat(np.repeat(values, k, axis=0), k, axis=1)[:grid.height, :grid.width]
        h, w = self.values.shape
        cols = (grid.west - shift[0] + (np.arange(grid.width) + 0.5) * grid.res - self.west) / self.res - 0.5
        rows = (self.north + shift[1] - (grid.north - (np.arange(grid.height) + 0.5) * grid.res)) / self.res - 0.5
        c0 = np.floor(cols).astype(np.int64)
        r0 = np.floor(rows).astype(np.int64)
        wc = (cols - c0).astype(np.float32)[None, :]
        wr = (rows - r0).astype(np.float32)[:, None]
        c0, c1, r0, r1 = c0 % w, (c0 + 1) % w, r0 % h, (r0 + 1) % h
        top = self.values[r0][:, c0] * (1 - wc) + self.values[r0][:, c1] * wc
        bottom = self.values[r1][:, c0] * (1 - wc) + self.values[r1][:, c1] * wc
        return top * (1 - wr) + bottom * wr


def smoothstep(x: np.ndarray, low: float, high: float) -> np.ndarray:
    t = np.clip((x - low) / (high - low), 0.0, 1.0)
    return t * t * (3 - 2 * t)
