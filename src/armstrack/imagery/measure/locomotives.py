"""Locomotives at the ends of rakes, told from freight cars by what their roofs show.

A mainline diesel section (2TE10/2TE116: ~17-19 m over couplers) is as long as a box car, so length
alone cannot tell it. Seen from above its roof is not one colour: a dark body roof broken along
its length by radiator and exhaust hatches (a row of short patches about 2 m apart) and a cab roof
at one end. At fine GSD (<= 1.5 m) each vehicle at either end of an occupied run of at least
`min_rake` vehicles is scored on two things read from the centre strip of the track:
- `texture`: the short-wavelength ripple of the roof's spectrum along its middle (hatches),
  relative to its brightness;
- `rhythm`: how regularly that ripple repeats at the hatch pitch (`hatch_rhythm`);
and reported with `cab`, how far the brightest 2 m near one end stands out from the middle.
A vehicle of locomotive length whose texture and rhythm both pass their thresholds is a
locomotive. Freight roofs are uniform along (box, tank), ripple once (container flats: boxes and
bare deck ends) or at another pitch (hopper chutes, gondola loads). The thresholds were set on
rakes drawn like the simulator's (60 rakes, true vehicle ends: 0.5 m 57/60 locomotives found,
1 m 35/60, no freight car of 480 taken for one), then checked on development seed 1.
Coarser, vehicles are not resolved: an expected share of the occupied length is taken off instead
(see `coarse_share`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage


@dataclass(frozen=True)
class LocoParams:
    """What a locomotive looks like in the centre strip, and the share of a coarse run it takes."""

    min_rake: int = 3  # a run of at least this many vehicles can have a locomotive at an end
    length_m: tuple[float, float] = (16.5, 20.5)  # over couplers, as the split cut it
    texture_min: float = 0.12
    rhythm_min: float = 1.1
    # coarse GSD: 1-2 locomotives to trains of 20-80 cars: ~3 % of the occupied length, 0-6 %
    coarse_share: float = 0.03
    coarse_share_spread: float = 0.03


@dataclass(frozen=True)
class LocoScore:
    """The evidence for one vehicle: its length, roof ripple, cab contrast and the verdict."""

    length_m: float
    texture: float
    rhythm: float
    cab: float
    locomotive: bool


def roof_scores(centre: np.ndarray, step_m: float) -> tuple[float, float]:
    """(texture, cab) of one vehicle's centre-strip spectra (band, station)."""
    n = centre.shape[1]
    trim = max(1, round(1.5 / step_m))
    if n < 2 * trim + 4:
        return 0.0, 0.0
    level = centre.mean(axis=0)
    scale = max(float(np.median(level[trim:-trim])), 1e-3)
    wide = ndimage.uniform_filter1d(centre, max(3, round(3.3 / step_m)), axis=1, mode="nearest")
    ripple = np.linalg.norm(centre - wide, axis=0)[trim:-trim]
    texture = float(np.sqrt(np.mean(ripple ** 2))) / scale
    smooth = ndimage.uniform_filter1d(level, max(1, round(2.0 / step_m)), mode="nearest")
    end = max(2, round(4.0 / step_m))
    middle = float(np.median(level[end:-end])) if n > 2 * end + 2 else scale
    cab = max(float(smooth[trim:end].max()), float(smooth[-end:-trim].max())) / max(middle, 1e-3)
    return texture, cab


def hatch_rhythm(centre: np.ndarray, step_m: float, pitch_m: float = 2.2) -> float:
    """How regularly the roof's middle ripples at the hatch pitch: the ripple's correlation with
    itself one pitch along minus half a pitch along (about 1 for a row of hatches, <= 0 for none)."""
    level = centre.mean(axis=0)
    n = len(level)
    middle = level[max(0, n // 2 - round(5.0 / step_m)):n // 2 + round(5.0 / step_m)]
    ripple = middle - ndimage.uniform_filter1d(middle, max(3, round(pitch_m / step_m)), mode="nearest")
    full, half = round(pitch_m / step_m), round(pitch_m / 2 / step_m)
    if len(ripple) <= full + 3 or half < 1:
        return 0.0

    def corr(lag: int) -> float:
        a, b = ripple[:-lag], ripple[lag:]
        return float(np.sum(a * b) / max(np.sqrt(np.sum(a * a) * np.sum(b * b)), 1e-9))

    return corr(full) - corr(half)


def score_vehicle(centre: np.ndarray, step_m: float, params: LocoParams) -> LocoScore:
    """Score one vehicle segment (band, station) and decide whether it is a locomotive."""
    length = centre.shape[1] * step_m
    texture, cab = roof_scores(centre, step_m)
    rhythm = hatch_rhythm(centre, step_m)
    sized = params.length_m[0] <= length <= params.length_m[1]
    return LocoScore(length_m=round(length, 1), texture=round(texture, 3), rhythm=round(rhythm, 3), cab=round(cab, 3),
                     locomotive=sized and texture >= params.texture_min and rhythm >= params.rhythm_min)


def locomotive_ends(centre: np.ndarray, bounds: list[int], step_m: float, params: LocoParams
                    ) -> dict[int, LocoScore]:
    """Scores of the first and last vehicle of one run (`centre`: the run's spectra, `bounds`: its
    vehicle ends), keyed by vehicle index; empty when the run is shorter than a rake."""
    vehicles = len(bounds) - 1
    if vehicles < params.min_rake:
        return {}
    return {k: score_vehicle(centre[:, bounds[k]:bounds[k + 1]], step_m, params) for k in (0, vehicles - 1)}


def coarse_locomotives(cars: float, params: LocoParams) -> tuple[float, float, float]:
    """Locomotives expected among `cars` counted from length at coarse GSD: (value, fewest, most)."""
    share = params.coarse_share
    spread = params.coarse_share_spread
    return cars * share, cars * max(0.0, share - spread), cars * (share + spread)
