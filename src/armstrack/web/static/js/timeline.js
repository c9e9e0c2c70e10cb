// A hand-drawn SVG timeline: one lane per route for shipments, one lane per mode for claim periods.

import { confBucket, day, h, pct, s } from "./dom.js";

const WIDTH = 960;
const LANE = 22;
const LEFT = 190;

function monthStart(text, end = false) {
  if (!text) return null;
  const [y, m = "01", d] = text.split("-");
  if (d) return new Date(`${text.slice(0, 10)}T00:00:00Z`);
  const date = new Date(Date.UTC(Number(y), Number(m) - 1 + (end ? 1 : 0), 1));
  return end ? new Date(date.getTime() - 1) : date;
}

function lanes(shipments, claims) {
  const rows = [];
  for (const shipment of shipments) {
    rows.push({ lane: `shipment ${shipment.route_id}`, start: new Date(`${shipment.window_start}Z`),
      end: new Date(`${shipment.window_end}Z`), kind: "shipment", item: shipment });
  }
  for (const claim of claims) {
    const start = monthStart(claim.period_start) || monthStart(claim.period_end);
    const end = monthStart(claim.period_end, true) || monthStart(claim.period_start, true);
    if (start && end) rows.push({ lane: `claims (${claim.mode})`, start, end, kind: "claim", item: claim });
  }
  return rows;
}

/** The timeline as an <svg>, or a note when there is nothing to place. */
export function timeline(shipments, claims) {
  const bars = lanes(shipments, claims);
  if (!bars.length) return h("p", { class: "muted" }, "Nothing to place on the timeline with these filters.");
  const names = [...new Set(bars.map((b) => b.lane))].sort((a, b) => (a.startsWith("claims") - b.startsWith("claims"))
    || a.localeCompare(b));
  const t0 = Math.min(...bars.map((b) => b.start.getTime()));
  const t1 = Math.max(...bars.map((b) => b.end.getTime()));
  const span = Math.max(t1 - t0, 86400000);
  const x = (t) => LEFT + ((t - t0) / span) * (WIDTH - LEFT - 10);
  const height = names.length * LANE + 30;
  const svg = s("svg", { class: "timeline", viewBox: `0 0 ${WIDTH} ${height}`, role: "img",
    "aria-label": "timeline of shipments and claims" });
  names.forEach((name, i) => {
    svg.append(s("text", { x: 4, y: i * LANE + 15, class: "lane-label" }, name));
    svg.append(s("line", { x1: LEFT, x2: WIDTH - 10, y1: i * LANE + LANE - 1, y2: i * LANE + LANE - 1,
      class: "lane-rule" }));
  });
  for (const bar of bars) {
    const row = names.indexOf(bar.lane);
    const left = x(bar.start.getTime());
    const rect = s("rect", { x: left, y: row * LANE + 4, width: Math.max(3, x(bar.end.getTime()) - left),
      height: LANE - 8, rx: 3, class: barClass(bar), tabindex: 0 });
    rect.append(s("title", {}, barTitle(bar)));
    const target = bar.kind === "shipment" ? `#/shipment/${bar.item.id}` : `#/report/${bar.item.report_id}`;
    rect.addEventListener("click", () => { location.hash = target; });
    svg.append(rect);
  }
  for (const tick of monthTicks(t0, t1).filter((t) => x(t) < WIDTH - 40)) {
    svg.append(s("line", { x1: x(tick), x2: x(tick), y1: 0, y2: names.length * LANE, class: "tick" }));
    svg.append(s("text", { x: x(tick) + 2, y: names.length * LANE + 16, class: "tick-label" },
      new Date(tick).toISOString().slice(0, 7)));
  }
  return svg;
}

function barClass(bar) {
  if (bar.kind === "shipment") return `bar shipment status-${bar.item.status} conf-${confBucket(bar.item.confidence)}`;
  return `bar claim claim-${bar.item.status}`;
}

function barTitle(bar) {
  const i = bar.item;
  if (bar.kind === "shipment") {
    return `${i.route_id}: ${day(i.window_start)} to ${day(i.window_end)}, confidence ${pct(i.confidence)} ` +
      `(${i.likelihood}), ${i.status}`;
  }
  return `${i.status} claim (${i.mode}), ${i.period_start || "?"} to ${i.period_end || "?"}: ${i.quote}`;
}

function monthTicks(t0, t1) {
  const ticks = [];
  const d = new Date(t0);
  let cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const step = (t1 - t0) > 3 * 365 * 86400000 ? 6 : (t1 - t0) > 365 * 86400000 ? 3 : 1;
  while (cursor <= t1) {
    ticks.push(cursor);
    const c = new Date(cursor);
    cursor = Date.UTC(c.getUTCFullYear(), c.getUTCMonth() + step, 1);
  }
  return ticks;
}
