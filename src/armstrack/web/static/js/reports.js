// Reports: the list, and one report's clean text with its claims highlighted where they were read.

import { get } from "./api.js";
import { day, h, num } from "./dom.js";

export async function renderReports(view) {
  const page = await get("/api/reports", { limit: 1000 });
  view.append(h("h1", {}, `Reports (${page.total})`), h("table", { class: "list" },
    h("thead", {}, h("tr", {}, ...["Published", "Title", "Publisher", "Claims"].map((t) => h("th", {}, t)))),
    h("tbody", {}, ...page.items.map((r) => h("tr", {}, h("td", {}, day(r.published)),
      h("td", {}, h("a", { href: `#/report/${r.id}`, class: "report-link" }, r.title || r.url || r.id)),
      h("td", {}, r.publisher || "–"), h("td", {}, String(r.claims)))))));
}

/** The text as nodes: plain text, with each claim's span wrapped in <mark> (overlaps are skipped). */
export function highlighted(text, claims) {
  const nodes = [];
  let at = 0;
  for (const claim of [...claims].sort((a, b) => a.span_start - b.span_start)) {
    if (claim.span_start < at || claim.span_end > text.length) continue;
    nodes.push(text.slice(at, claim.span_start));
    nodes.push(h("mark", { class: `claim claim-${claim.status}`, id: `claim-${claim.id}`,
      title: `${claim.status} · ${claim.mode} · ${claim.period_start || "?"} – ${claim.period_end || "?"}` },
    text.slice(claim.span_start, claim.span_end)));
    at = claim.span_end;
  }
  nodes.push(text.slice(at));
  return nodes;
}

export async function renderReport(view, reportId) {
  const report = await get(`/api/reports/${encodeURIComponent(reportId)}`);
  view.append(h("h1", { id: "report-title" }, report.title || "(untitled report)"),
    h("p", { class: "muted" }, `${report.publisher || "unknown publisher"} · published ${day(report.published)} · `,
      report.url ? h("span", { class: "url" }, report.url) : "no URL"),
    h("article", { class: "report-text", id: "report-text" }, ...highlighted(report.text, report.claims)),
    h("h2", {}, `Claims (${report.claims.length})`), claimTable(report.claims));
}

function claimTable(claims) {
  return h("table", { class: "list" },
    h("thead", {}, h("tr", {}, ...["Status", "Mode", "Period", "Materiel", "Quantity", "Attribution", "Hedge"]
      .map((t) => h("th", {}, t)))),
    h("tbody", {}, ...claims.map((c) => h("tr", {},
      h("td", {}, h("a", { href: `#/report/${c.report_id}`, onclick: (e) => {
        e.preventDefault(); document.getElementById(`claim-${c.id}`)?.scrollIntoView({ block: "center" });
      } }, c.status)),
      h("td", {}, c.mode), h("td", {}, `${c.period_start || "?"} – ${c.period_end || "?"}`),
      h("td", {}, c.materiel.join(", ")),
      h("td", {}, c.quantity ? `${num(c.quantity.value)} ${c.quantity.unit}` : "–"),
      h("td", {}, c.attribution.join(" → ")),
      h("td", {}, c.hedge ? `${c.hedge}${c.probability !== null ? ` (p ≈ ${num(c.probability)})` : ""}` : "–")))));
}
