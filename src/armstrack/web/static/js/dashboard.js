// The first page: the corridor map with shipments along their routes, the filters, the list and the timeline.

import { get } from "./api.js";
import { clear, confBucket, day, h, interval, pct } from "./dom.js";
import { timeline } from "./timeline.js";

const L = window.L;
const topojson = window.topojson;
const COLOURS = ["#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"];

export function confidenceColour(c) {
  return COLOURS[confBucket(c)];
}

function centre(geometry) {
  const ring = geometry.type === "Polygon" ? geometry.coordinates[0] : [geometry.coordinates];
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return [(Math.min(...lats) + Math.max(...lats)) / 2, (Math.min(...lons) + Math.max(...lons)) / 2];
}

function routeLine(route, sites) {
  if (route.geometry && route.geometry.type === "LineString") return route.geometry.coordinates.map(([x, y]) => [y, x]);
  const a = sites.get(route.from_site);
  const b = sites.get(route.to_site);
  return a && b ? [centre(a.geometry), centre(b.geometry)] : null;
}

function filterForm(onChange) {
  const select = (name, label, options) => h("label", {}, label, " ",
    h("select", { name, onchange: onChange }, ...options.map(([v, t]) => h("option", { value: v }, t))));
  return h("form", { class: "filters", id: "filters", onsubmit: (e) => e.preventDefault() },
    select("mode", "Mode", [["", "any"], ["rail", "rail"], ["sea", "sea"], ["road", "road"], ["air", "air"]]),
    select("status", "Status", [["", "any"], ["proposed", "proposed"], ["accepted", "accepted"],
      ["rejected", "rejected"]]),
    h("label", {}, "Min confidence ",
      h("input", { name: "min_confidence", type: "number", min: 0, max: 1, step: 0.05, value: 0, onchange: onChange })));
}

function shipmentList(shipments) {
  if (!shipments.length) return h("p", { class: "muted" }, "No shipment matches these filters.");
  return h("ul", { class: "shipments", id: "shipment-list" }, ...shipments.map((s) => h("li", {},
    h("a", { href: `#/shipment/${s.id}`, class: "shipment-link", "data-id": s.id },
      h("span", { class: "swatch", "data-conf": confBucket(s.confidence) }), s.route_id),
    h("span", { class: "muted" }, ` ${day(s.window_start)} – ${day(s.window_end)} · ${pct(s.confidence)} ` +
      `(${s.likelihood}) · ${s.status} · ${Object.entries(s.volume || {}).map(([k, v]) =>
        `${k} ${interval(v)}`).join(", ")}`))));
}

async function drawBasemap(map) {
  const topo = await fetch("/static/vendor/countries-50m.json").then((r) => r.json());
  L.geoJSON(topojson.feature(topo, topo.objects.countries), {
    style: { color: "#8a8f98", weight: 0.8, fillColor: "#eef0ea", fillOpacity: 1 }, interactive: false,
    attribution: "Natural Earth (world-atlas)",
  }).addTo(map);
}

export async function renderDashboard(view) {
  const mapDiv = h("div", { id: "map", class: "map", role: "region", "aria-label": "corridor map" });
  const side = h("section", { class: "side" });
  const timelineBox = h("section", { class: "timeline-box", id: "timeline" });
  view.append(h("div", { class: "dashboard" }, mapDiv, side), h("h2", {}, "Timeline"), timelineBox);
  const map = L.map(mapDiv, { worldCopyJump: false, zoomSnap: 0.25, preferCanvas: false });
  map.attributionControl.setPrefix("Leaflet");
  const [sitesPage, routesPage] = await Promise.all([get("/api/sites", { limit: 1000 }), get("/api/routes",
    { limit: 1000 })]);
  const sites = new Map(sitesPage.items.map((site) => [site.id, site]));
  const routes = new Map(routesPage.items.map((route) => [route.id, route]));
  const drawn = [...routes.values()].filter((r) => r.geometry).map((r) => routeLine(r, sites)).flat();
  map.fitBounds(drawn.length ? drawn : [...sites.values()].map((s) => centre(s.geometry)),
    { paddingTopLeft: [30, 30], paddingBottomRight: [100, 30] });
  await drawBasemap(map);
  drawCorridor(map, sites, routes);
  const shipmentLayer = L.layerGroup().addTo(map);
  const form = filterForm(() => refresh());
  const listBox = h("div", {});
  side.append(h("h2", {}, "Shipments"), form, listBox, legend(), zoomTo(map, sites));

  async function refresh() {
    const f = new FormData(form);
    const filters = { mode: f.get("mode"), status: f.get("status"), min_confidence: f.get("min_confidence") || "" };
    const [shipments, claims] = await Promise.all([get("/api/shipments", { ...filters, limit: 1000 }),
      get("/api/claims", { mode: filters.mode, limit: 1000 })]);
    drawShipments(shipmentLayer, shipments.items, sites, routes);
    clear(listBox).append(shipmentList(shipments.items));
    clear(timelineBox).append(timeline(shipments.items, claims.items), h("p", { class: "muted" },
      `${shipments.items.length} of ${shipments.total} shipments and ${claims.items.length} of ${claims.total} claims ` +
      "(latest periods first); overlapping claims darken their lane."));
  }
  await refresh();
  return () => map.remove();
}

function drawCorridor(map, sites, routes) {
  map.createPane("sites");  // above the shipment lines (CSS .leaflet-sites-pane), so every site stays clickable
  for (const route of routes.values()) {
    const line = routeLine(route, sites);
    if (!line) continue;
    L.polyline(line, { color: "#56606e", weight: 1.5, dashArray: route.geometry ? null : "4 6", interactive: false })
      .addTo(map);
  }
  for (const site of sites.values()) {
    L.polygon(site.geometry.coordinates[0].map(([x, y]) => [y, x]),
      { color: "#3a5a8c", weight: 1, fillOpacity: 0.1, interactive: false }).addTo(map);
    const marker = L.circleMarker(centre(site.geometry), { radius: 6, color: "#1f3b66", weight: 2,
      fillColor: "#ffffff", fillOpacity: 1, className: `site-marker site-${site.id}`, pane: "sites" }).addTo(map);
    marker.bindTooltip(site.id, { permanent: true, direction: "right", offset: [6, 0], className: "site-label" });
    marker.on("click", () => { location.hash = `#/site/${encodeURIComponent(site.id)}`; });
  }
}

function drawShipments(layer, shipments, sites, routes) {
  layer.clearLayers();
  for (const shipment of [...shipments].sort((a, b) => a.confidence - b.confidence)) {
    const route = routes.get(shipment.route_id);
    const line = route && routeLine(route, sites);
    if (!line) continue;
    const path = L.polyline(line, { color: confidenceColour(shipment.confidence), weight: 3 + 7 * shipment.confidence,
      opacity: shipment.status === "rejected" ? 0.35 : 0.9, className: "shipment-line" }).addTo(layer);
    path.bindTooltip(`${shipment.route_id} · ${day(shipment.window_start)} – ${day(shipment.window_end)} · ` +
      `confidence ${pct(shipment.confidence)} (${shipment.likelihood}) · ${shipment.status}`);
    path.on("click", () => { location.hash = `#/shipment/${shipment.id}`; });
  }
}

function zoomTo(map, sites) {
  const choose = h("select", { id: "zoom-to", onchange: () => {
    const site = sites.get(choose.value);
    if (site) map.fitBounds(site.geometry.coordinates[0].map(([x, y]) => [y, x]), { maxZoom: 14 });
  } }, h("option", { value: "" }, "a site…"),
  ...[...sites.values()].map((site) => h("option", { value: site.id }, `${site.name} (${site.kind}, ${site.country})`)));
  return h("p", { class: "zoom" }, h("label", {}, "Zoom to ", choose));
}

function legend() {
  return h("div", { class: "legend" }, h("strong", {}, "Confidence "),
    ...COLOURS.map((c, i) => h("span", { class: "swatch", "data-conf": i })),
    h("span", { class: "muted" }, " low → high; line width grows with confidence; dashed: no route line in the " +
      "corridor file; rejected shipments faded. Click a site for its series, a shipment for its evidence."));
}
