"""Band roles: which band of a scene is red, green, blue, near-infrared, panchromatic or SCL.

Roles come from band descriptions, STAC common names or Sentinel-2 band names, looked up in one
registry of aliases (`ROLE_ALIASES`); a file without names falls back to the usual conventions
(3 bands: RGB, 4 bands: RGB + NIR, 1 band: panchromatic).
"""

from __future__ import annotations

from collections.abc import Sequence

from armstrack.model import ArmstrackError

RED, GREEN, BLUE, NIR, PAN, SCL = "red", "green", "blue", "nir", "pan", "scl"
REFLECTANCE_ROLES = (RED, GREEN, BLUE, NIR, PAN)

# alias (case-folded) -> role. Sentinel-2 names, STAC eo common names, Landsat-style names.
ROLE_ALIASES: dict[str, str] = {
    **dict.fromkeys(("red", "r", "b04", "b4", "band 4", "sr_b4"), RED),
    **dict.fromkeys(("green", "g", "b03", "b3", "band 3", "sr_b3"), GREEN),
    **dict.fromkeys(("blue", "b", "b02", "b2", "band 2", "sr_b2"), BLUE),
    **dict.fromkeys(("nir", "nir08", "nir 1", "b08", "b8", "band 8", "sr_b5", "near infrared", "near-infrared"),
                    NIR),
    **dict.fromkeys(("pan", "panchromatic", "p"), PAN),
    **dict.fromkeys(("scl", "scene classification", "scene classification map"), SCL),
}

# band count -> roles by position, for files whose bands carry no names.
CONVENTIONS: dict[int, tuple[str, ...]] = {
    1: (PAN,),
    3: (RED, GREEN, BLUE),
    4: (RED, GREEN, BLUE, NIR),
}


def role_of(name: str | None) -> str | None:
    """The role a band name stands for, or None when the name is unknown."""
    if not name:
        return None
    return ROLE_ALIASES.get(name.strip().casefold())


def roles_from_names(names: Sequence[str | None], source: str) -> dict[str, int]:
    """Role -> 1-based band index from per-band names, or the count convention when none is named.

    Bands with unknown names are ignored when others are known; a layout with no known name and
    no convention, a role named twice, or no reflectance band at all is refused.
    """
    roles: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        role = role_of(name)
        if role is None:
            continue
        if role in roles:
            raise ArmstrackError(f"{source}: bands {roles[role]} and {index} are both {role!r}; "
                                 "band layout cannot be interpreted")
        roles[role] = index
    if not roles and len(names) in CONVENTIONS:
        roles = {role: i for i, role in enumerate(CONVENTIONS[len(names)], start=1)}
    if not any(r in roles for r in REFLECTANCE_ROLES):
        shown = ", ".join(repr(n or "") for n in names)
        raise ArmstrackError(f"{source}: band layout of {len(names)} band(s) [{shown}] cannot be interpreted; "
                             "name the bands red/green/blue/nir/pan/scl (or B02/B03/B04/B08/SCL), "
                             "or give 3 (RGB) or 4 (RGBN) bands")
    return roles
