"""Build the default North Korea -> Russia corridor (package data) from its sourced facts.

Run from the repository root: `python scripts/build_default_corridor.py`. The facts (points,
precision, sources) are those of the corridor brief; areas of interest are squares around each
point, generous where the point is only a locality. No tracks, berths or yards are drawn: the
published sources give station and settlement points, not the lines of the tracks, so every site
here is left without features until an analyst draws them from imagery (see docs/corridor.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import LineString, Point, mapping

from armstrack.corridor.geo import buffer_m

OUT = Path(__file__).resolve().parents[1] / "src/armstrack/corridor/data/nk_russia.geojson"

# id, name, kind, country, lat, lon, precision, half-width of the area of interest (m), source, aliases
SITES = [
    ("tumangang", "Tumangang station and rail yard", "rail_yard", "PRK", 42.4214, 130.6081,
     "station point; the freight yard adjoins it (+-1 km)", 1500, "Wikipedia: Tumangang station",
     ["Tumangang", "Tumen River station", "Tuman-gang", "두만강역", "Туманган"]),
    ("friendship-bridge", "Korea-Russia Friendship Bridge", "border_crossing", "PRK/RUS", 42.4152,
     130.6411, "good", 600, "Wikipedia: Korea-Russia Friendship Bridge",
     ["Friendship Bridge", "Tumen River bridge", "조러친선다리", "Мост Дружбы"]),
    ("khasan", "Khasan station", "rail_yard", "RUS", 42.4301, 130.6449, "station point (+-250 m)", 800,
     "Wikipedia: Khasan (station)", ["Khasan", "Hasan", "Хасан", "하산"]),
    ("rajin", "Rajin (Najin) port", "port", "PRK", 42.34, 130.39,
     "approx: district centroid, not the piers", 3000, "Wikipedia: Rajin-guyok",
     ["Rajin", "Najin", "Rason", "Rasŏn", "Rajin port", "라진", "나진", "라선", "Раджин", "Наджин"]),
    ("dunai", "Dunai naval facility", "port", "RUS", 42.8803, 132.3375,
     "approx: settlement point", 3000,
     "Wikipedia: Dunay, Primorsky Krai; RUSI, The Orient Express (2023)", ["Dunai", "Dunay", "Дунай"]),
    ("vostochny-port", "Vostochny port (Wrangel Bay, Nakhodka)", "port", "RUS", 42.7333, 133.0667,
     "approx (+-2 km)", 3000, "encyclopedia entry, minute precision",
     ["Vostochny", "Vostochny Port", "Wrangel Bay", "Восточный"]),
    ("vladivostok-port", "Vladivostok commercial sea port", "port", "RUS", 43.1333, 131.9,
     "approx: city point", 3000, "gazetteer", ["Vladivostok", "Владивосток", "블라디보스토크"]),
    ("tikhoretsk", "Tikhoretsk ammunition depot (719th base)", "depot", "RUS", 45.8884, 40.0424, "good",
     1500, "de.wikipedia: Munitionsdepot Tichorezk; CSIS", ["Tikhoretsk", "Тихорецк"]),
]

# from, to, mode, min_hours, max_hours, note, active period (ISO dates; "" = open)
ROUTES = [
    ("tumangang", "khasan", "rail", 0.5, 24, "across the Friendship Bridge, ~5 km of track", "", ""),
    ("khasan", "tikhoretsk", "rail", 168, 720, "Trans-Siberian and on, ~9,000 km", "", ""),
    ("rajin", "dunai", "sea", 8, 72, "~170 km; Angara, Maria, Maia-1 from Aug 2023 (RUSI)", "2023-08-01",
     "2023-12-20"),
    ("rajin", "vostochny-port", "sea", 10, 96, "offloading moved here from late Dec 2023 (CSIS)", "2023-12-20", ""),
    ("dunai", "tikhoretsk", "rail", 168, 720, "White House, 13 Oct 2023", "", ""),
    ("vostochny-port", "tikhoretsk", "rail", 168, 720, "", "", ""),
]


def main() -> None:
    points = {s[0]: Point(s[5], s[4]) for s in SITES}
    features = []
    for sid, name, kind, country, lat, lon, precision, half, source, aliases in SITES:
        aoi = buffer_m(Point(lon, lat), half, cap_style="square")
        features.append({"type": "Feature", "geometry": mapping(aoi), "properties": {
            "role": "site", "id": sid, "name": name, "kind": kind, "country": country,
            "aliases": aliases, "point": [lon, lat],
            "precision": "approx" if precision.startswith("approx") else "point",
            "precision_note": precision, "source": source}})
    for src, dst, mode, low, high, note, active_from, active_until in ROUTES:
        geometry = None
        if (src, dst) == ("tumangang", "khasan"):
            geometry = mapping(LineString([points["tumangang"], points["friendship-bridge"], points["khasan"]]))
        elif mode == "sea":
            geometry = mapping(LineString([points[src], points[dst]]))
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "role": "route", "from": src, "to": dst, "mode": mode, "min_hours": low, "max_hours": high,
            "note": note, "geometry_precision": "schematic" if geometry else "none",
            **({"active_from": active_from} if active_from else {}),
            **({"active_until": active_until} if active_until else {})}})
    collection = {"type": "FeatureCollection", "name": "nk-russia", "features": features}
    OUT.write_text(json.dumps(collection, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.name}: {len(SITES)} sites, {len(ROUTES)} routes")


if __name__ == "__main__":
    main()
