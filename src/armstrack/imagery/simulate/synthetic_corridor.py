"""The output corridor: the input's sites and routes, each simulated site on its synthetic layout."""

from __future__ import annotations

from armstrack.imagery.simulate.layout import Layout
from armstrack.model import Corridor, Feature, FeatureRole, Site


def synthetic_corridor(corridor: Corridor, layouts: dict[str, Layout]) -> Corridor:
    """Same site ids, kinds and routes; simulated sites get the compact AOI and the layout's features."""
    sites = {}
    for site_id, site in corridor.sites.items():
        layout = layouts.get(site_id)
        if layout is None:
            sites[site_id] = site
            continue
        aoi = layout.to_lonlat(layout.aoi)
        features = [Feature(role=FeatureRole(role), site=site_id, geometry=layout.to_lonlat(geom),
                             properties={"id": fid, **extra})
                    for role, fid, geom, extra in layout.feature_geometries()]
        west, south, east, north = layout.aoi.bounds
        properties = {**site.properties, "layout": "synthetic",
                      "layout_note": "simulated facility placed at the site's point; not the real layout",
                      "aoi_m": [round(east - west, 1), round(north - south, 1)], "utm_epsg": layout.crs.to_epsg()}
        sites[site_id] = Site(id=site.id, name=site.name, kind=site.kind, country=site.country, geometry=aoi,
                              aliases=list(site.aliases), properties=properties, features=features)
    return Corridor(name=f"{corridor.name}-simulated", sites=sites, routes=list(corridor.routes))
