// A site's measurement series as an SVG chart: intervals as whiskers, the baseline band shaded,
// anomalies ringed, "not observed" weeks left as gaps in the line and marked on the axis.

import { day, interval, num, s } from "./dom.js";

const W = 760;
const H = 260;
const PAD = { left: 48, right: 12, top: 14, bottom: 34 };

/** The chart; `onPick(point)` is called when a point is clicked. */
export function seriesChart(series, onPick) {
  const points = series.points.map((p) => ({ ...p, t: new Date(`${p.acquired}Z`).getTime() }));
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img",
    "aria-label": `${series.quantity} at ${series.site_id}` });
  if (!points.length) return svg;
  const highs = points.filter((p) => p.value).map((p) => p.value.high);
  const step = niceStep(Math.max(1, ...highs, series.baseline ? series.baseline.high : 0) / 4);
  const top = step * Math.ceil(Math.max(1, ...highs, series.baseline ? series.baseline.high : 0) * 1.05 / step);
  const t0 = points[0].t;
  const t1 = Math.max(points[points.length - 1].t, t0 + 86400000);
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  axes(svg, x, y, top, step, t0, t1);
  if (series.baseline) {
    const band = s("rect", { x: PAD.left, width: W - PAD.left - PAD.right, y: y(series.baseline.high),
      height: Math.max(1, y(series.baseline.median) - y(series.baseline.high)), class: "baseline-band" });
    band.append(s("title", {}, `baseline: median ${num(series.baseline.median)}, high ${num(series.baseline.high)} ` +
      `(${series.baseline.method})`));
    svg.append(band, s("line", { x1: PAD.left, x2: W - PAD.right, y1: y(series.baseline.median),
      y2: y(series.baseline.median), class: "baseline-median" }));
  }
  for (const run of observedRuns(points)) {
    svg.append(s("path", { class: "series-line", d: run.map((p, i) => `${i ? "L" : "M"}${x(p.t)},${y(p.value.value)}`)
      .join(" ") }));
  }
  const anomalous = new Set(series.anomalies.map((a) => a.measurement_id));
  for (const p of points) svg.append(pointMark(p, x, y, anomalous.has(p.id), onPick));
  return svg;
}

function observedRuns(points) {
  const runs = [[]];
  for (const p of points) {
    if (p.value) runs[runs.length - 1].push(p);
    else if (runs[runs.length - 1].length) runs.push([]);
  }
  return runs.filter((r) => r.length);
}

function pointMark(p, x, y, anomalous, onPick) {
  const g = s("g", { class: `point${p.value ? "" : " not-observed"}${anomalous ? " anomaly" : ""}`, tabindex: 0,
    "data-id": p.id });
  if (p.value) {
    g.append(s("line", { x1: x(p.t), x2: x(p.t), y1: y(p.value.low), y2: y(p.value.high), class: "whisker" }),
      s("circle", { cx: x(p.t), cy: y(p.value.value), r: anomalous ? 6 : 4 }));
  } else {
    const cx = x(p.t);
    const cy = H - PAD.bottom - 6;
    g.append(s("path", { d: `M${cx - 4},${cy - 4} L${cx + 4},${cy + 4} M${cx - 4},${cy + 4} L${cx + 4},${cy - 4}` }));
  }
  g.append(s("title", {}, `${day(p.acquired)}: ${interval(p.value)}${anomalous ? " · anomaly" : ""}` +
    `${p.flags.length ? ` · ${p.flags.join(", ")}` : ""}`));
  g.addEventListener("click", () => onPick(p));
  g.addEventListener("keydown", (e) => { if (e.key === "Enter") onPick(p); });
  return g;
}

function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= raw);
}

function axes(svg, x, y, top, step, t0, t1) {
  svg.append(s("line", { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), class: "axis" }),
    s("line", { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: y(0), class: "axis" }));
  for (let v = 0; v <= top; v += step) {
    svg.append(s("text", { x: PAD.left - 6, y: y(v) + 4, class: "tick-label", "text-anchor": "end" }, num(v)));
  }
  const d = new Date(t0);
  for (let m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); m <= t1;) {
    svg.append(s("line", { x1: x(m), x2: x(m), y1: y(0), y2: y(0) + 4, class: "axis" }),
      s("text", { x: x(m), y: y(0) + 18, class: "tick-label", "text-anchor": "middle" },
        new Date(m).toISOString().slice(0, 7)));
    const c = new Date(m);
    m = Date.UTC(c.getUTCFullYear(), c.getUTCMonth() + 1, 1);
  }
}
