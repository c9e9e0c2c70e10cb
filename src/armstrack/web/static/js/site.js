// A site: what it is, one chart per measured quantity, and the chip of the point picked.

import { get } from "./api.js";
import { clear, day, h, interval, num } from "./dom.js";
import { seriesChart } from "./chart.js";

export async function renderSite(view, siteId) {
  const site = await get(`/api/sites/${encodeURIComponent(siteId)}`);
  const detail = h("aside", { class: "chip-panel", id: "chip-panel" },
    h("p", { class: "muted" }, "Click a point for its image chip and provenance."));
  view.append(h("h1", {}, site.name),
    h("p", { class: "muted" }, `${site.kind} · ${site.country} · ${site.features.length} features · ` +
      `${site.properties.precision_note || site.properties.precision || ""}`),
    h("p", {}, "Routes: ", ...site.routes.map((r) => h("span", { class: "pill" }, r.id))));
  const charts = h("div", { class: "charts" });
  view.append(h("div", { class: "site-body" }, charts, detail));
  if (!site.quantities.length) charts.append(h("p", { class: "muted" }, "No measurements at this site yet."));
  for (const quantity of site.quantities) {
    const series = await get(`/api/sites/${encodeURIComponent(siteId)}/series`, { quantity });
    const missing = series.points.filter((p) => !p.observed).length;
    charts.append(h("section", { class: "series", "data-quantity": quantity },
      h("h2", {}, quantity.replace("_", " ")),
      h("p", { class: "muted" }, `${series.points.length} measurements, ${missing} not observed (gaps), ` +
        `${series.anomalies.length} anomalies.` + (series.baseline ? ` Band: ${series.baseline.method}.` : "")),
      seriesChart(series, (p) => showPoint(detail, p, series))));
  }
}

function showPoint(panel, p, series) {
  clear(panel);
  const anomaly = series.anomalies.find((a) => a.measurement_id === p.id);
  panel.append(h("h3", {}, `${day(p.acquired)} · ${p.quantity.replace("_", " ")}`),
    h("p", {}, h("strong", {}, interval(p.value)), ` by ${p.method}`),
    anomaly ? h("p", { class: "anomaly-note" }, `Anomaly: score ${num(anomaly.score)}, baseline median ` +
      `${num(anomaly.baseline_median)}, high ${num(anomaly.baseline_high)}` +
      (anomaly.unprecedented ? " · unprecedented" : "")) : null,
    h("p", { class: "muted" }, `coverage ${num(p.coverage * 100)} %, cloud ${num(p.cloud_fraction * 100)} %` +
      (p.flags.length ? `, flags: ${p.flags.join(", ")}` : "")),
    p.scene_id ? h("p", { class: "muted" }, `scene ${p.scene_id}, window ${JSON.stringify(p.window)}`)
      : h("p", { class: "muted" }, `entered by hand${p.source ? `: ${p.source}` : ""}`),
    p.chip ? h("img", { class: "chip", src: p.chip, alt: `image chip of ${p.quantity} on ${day(p.acquired)}` })
      : h("p", { class: "muted" }, "No image chip: no scene window."));
}
