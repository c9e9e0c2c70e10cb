"""Draw what moves: shadows first (cast away from the sun), then cars, container stacks and vessels."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from armstrack.imagery.simulate.layout import Building
from armstrack.imagery.simulate.objects import SimObject
from armstrack.imagery.simulate.raster import Grid, convex_hull, paint, rectangle, shade, shade_around
from armstrack.imagery.simulate.sun import SunPosition

SHADOW = np.array([0.30, 0.33, 0.42, 0.22], np.float32)  # what diffuse skylight leaves in a shadow, per band

Drawer = Callable[[np.ndarray, Grid, SimObject], None]
DRAWERS: dict[str, Drawer] = {}


def register(*kinds: str) -> Callable[[Drawer], Drawer]:
    def wrap(fn: Drawer) -> Drawer:
        for kind in kinds:
            DRAWERS[kind] = fn
        return fn

    return wrap


def shadow(canvas: np.ndarray, grid: Grid, footprint: np.ndarray, height: float, sun: SunPosition,
           keep_roof: bool = False) -> None:
    """Darken what an object of this height hides from the sun; `keep_roof` spares a roof drawn already."""
    dx, dy = sun.shadow_offset(height)
    hull = convex_hull(np.vstack([footprint, footprint + np.array([dx, dy])]))
    if keep_roof:
        shade_around(canvas, grid, hull, footprint, SHADOW)
    else:
        shade(canvas, grid, hull, SHADOW)


def visible(objects: list[SimObject]) -> list[SimObject]:
    """Only the top box of each container stack is seen from above."""
    return [o for o in objects if o.kind != "container" or o.info["tier"] == o.info["stack_height"]]


def draw_scene(canvas: np.ndarray, grid: Grid, objects: list[SimObject], buildings: list[Building],
               sun: SunPosition) -> None:
    shown = visible(objects)
    for building in buildings:
        shadow(canvas, grid, building.vertices, building.height_m, sun, keep_roof=True)
    for o in shown:
        afloat = o.kind in ("vessel", "small_craft")
        shadow(canvas, grid, rectangle(o.x, o.y, o.length, o.width, o.heading), o.height * (0.35 if afloat else 1), sun)
        if afloat:  # the deckhouse aft stands much higher than the hull
            shadow(canvas, grid, _sub(o, -0.38 * o.length, 0, 0.1 * o.length, o.width - 2.0), o.height, sun)
    for o in sorted(shown, key=lambda o: o.height):
        DRAWERS[o.kind](canvas, grid, o)


def _sub(o: SimObject, along: float, across: float, length: float, width: float) -> np.ndarray:
    """A rectangle inside an object's footprint, offset along/across its axis."""
    h = np.radians(o.heading)
    ux, uy = np.sin(h), np.cos(h)
    return rectangle(o.x + along * ux - across * uy, o.y + along * uy + across * ux, length, width, o.heading)


@register("rail_car")
def draw_car(canvas: np.ndarray, grid: Grid, o: SimObject) -> None:
    paint(canvas, grid, rectangle(o.x, o.y, o.length, o.width, o.heading), o.paint)
    inner_l, inner_w = o.length - 0.5, o.width - 0.4
    if o.style == "box":
        paint(canvas, grid, _sub(o, 0, 0, inner_l, inner_w), o.top)
        paint(canvas, grid, _sub(o, 0, 0, inner_l, 0.5), o.top * 1.25)  # running board on the ridge
    elif o.style in ("gondola", "hopper"):
        paint(canvas, grid, _sub(o, 0, 0, inner_l, inner_w), o.top)
        if o.style == "hopper":
            for k in (-1, 0, 1):
                paint(canvas, grid, _sub(o, k * o.length / 3.4, 0, 1.0, inner_w), o.paint * 0.8)
    elif o.style == "tank":
        for across, gain in ((-1.05, 0.7), (-0.45, 1.0), (0.0, 1.6), (0.45, 1.0), (1.05, 0.7)):
            paint(canvas, grid, _sub(o, 0, across, o.length - 1.2, 0.6), o.paint * gain)
        paint(canvas, grid, _sub(o, 0, 0, 1.6, 1.6), o.paint * 1.3)  # dome
    elif o.style == "flat":
        paint(canvas, grid, _sub(o, 0, 0, inner_l - 2.0, inner_w), o.top)
    elif o.style == "container_flat":
        load = o.info.get("load") or [1, 1]
        if len(load) == 1:
            paint(canvas, grid, _sub(o, 0, 0, 12.19, 2.44), o.top)
        else:
            for k in (-1, 1):
                paint(canvas, grid, _sub(o, k * 3.2, 0, 6.06, 2.44), o.top * (1.0 if k < 0 else 0.85))


@register("locomotive")
def draw_locomotive(canvas: np.ndarray, grid: Grid, o: SimObject) -> None:
    paint(canvas, grid, rectangle(o.x, o.y, o.length, o.width, o.heading), o.paint)
    paint(canvas, grid, _sub(o, 0, 0, o.length - 5.0, o.width - 0.8), o.top)
    for k in (-2, -1, 0, 1):
        paint(canvas, grid, _sub(o, k * 2.2 + 1.0, 0, 1.5, 1.5), np.array((0.2, 0.2, 0.21, 0.22), np.float32))
    paint(canvas, grid, _sub(o, o.length / 2 - 1.6, 0, 2.4, o.width - 0.3), o.paint * 1.4)  # cab roof


@register("crane")
def draw_crane(canvas: np.ndarray, grid: Grid, o: SimObject) -> None:
    paint(canvas, grid, rectangle(o.x, o.y, o.length, o.width, o.heading), o.top)
    for k in (-0.3, 0.3):  # the legs' cross-beams over the quay
        paint(canvas, grid, _sub(o, k * o.length, 0, 1.0, o.width + 8.0), o.top * 0.8)


@register("vehicle")
def draw_lorry(canvas: np.ndarray, grid: Grid, o: SimObject) -> None:
    paint(canvas, grid, rectangle(o.x, o.y, o.length, o.width, o.heading), o.top)  # the box or trailer
    paint(canvas, grid, _sub(o, o.length / 2 - 1.2, 0, 2.2, o.width), o.paint)  # the cab


@register("container")
def draw_stack(canvas: np.ndarray, grid: Grid, o: SimObject) -> None:
    paint(canvas, grid, rectangle(o.x, o.y, o.length, o.width, o.heading), o.top)
    for k in np.arange(-o.length / 2 + 0.9, o.length / 2 - 0.5, 1.8):  # roof corrugation
        paint(canvas, grid, _sub(o, float(k), 0, 0.5, o.width - 0.2), o.top * 0.88)


@register("vessel", "small_craft")
def draw_vessel(canvas: np.ndarray, grid: Grid, o: SimObject) -> None:
    """Hull with a pointed bow, deck, hatch coamings and covers, deck cranes, deckhouse aft and funnel."""
    L, B = o.length, o.width
    hull = np.vstack([_sub(o, -0.06 * L, 0, 0.88 * L, B)[[0, 1, 2, 3]], _sub(o, 0.44 * L, 0, 0.12 * L, 0.2 * B)[1:3]])
    paint(canvas, grid, convex_hull(hull), o.paint)
    deck = np.vstack([_sub(o, -0.06 * L, 0, 0.84 * L, B - 1.2), _sub(o, 0.42 * L, 0, 0.08 * L, 0.25 * B)[1:3]])
    paint(canvas, grid, convex_hull(deck), o.top)
    if o.kind == "vessel":
        hatches = max(2, int(L // 28))
        start, end = -0.28 * L, 0.36 * L
        pitch = (end - start) / hatches
        for k in range(hatches):
            along = start + pitch * (k + 0.5)
            paint(canvas, grid, _sub(o, along, 0, pitch - 2.5, 0.72 * B), o.top * 1.3)  # coaming
            paint(canvas, grid, _sub(o, along, 0, pitch - 3.5, 0.66 * B), o.top * (0.7 + 0.08 * (k % 2)))
            if L >= 100 and k > 0:  # deck cranes stand between the holds
                paint(canvas, grid, _sub(o, along - pitch / 2, 0, 2.5, 2.5), np.array((0.5, 0.45, 0.1, 0.45),
                                                                                    np.float32))
    house = np.array((0.62, 0.62, 0.6, 0.6), np.float32)
    paint(canvas, grid, _sub(o, -0.38 * L, 0, 0.1 * L, B - 2.0), house)
    paint(canvas, grid, _sub(o, -0.41 * L, 0, 0.03 * L + 1.0, 0.15 * B + 1.0), o.paint * 0.8)  # funnel
