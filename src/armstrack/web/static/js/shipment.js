// A shipment hypothesis: confidence, volume intervals, the evidence for and against, and the decision.

import { get, post, put, token } from "./api.js";
import { clear, day, flash, gradeBadge, h, interval, num, pct } from "./dom.js";
import { quoteBlock } from "./quote.js";

export async function renderShipment(view, shipmentId) {
  const shipment = await get(`/api/shipments/${encodeURIComponent(shipmentId)}`);
  const support = shipment.evidence.filter((e) => e.supports);
  const against = shipment.evidence.filter((e) => !e.supports);
  view.append(
    h("h1", {}, `Shipment ${shipment.route_id}`),
    h("p", { class: "lead" }, `${day(shipment.window_start)} – ${day(shipment.window_end)} · ${shipment.mode} · `,
      h("strong", {}, `confidence ${pct(shipment.confidence)} (${shipment.likelihood})`), " · status ",
      h("span", { class: `status status-${shipment.status}`, id: "shipment-status" }, shipment.status)),
    volumeTable(shipment.volume),
    h("h2", {}, "Reasoning"), h("ol", {}, ...shipment.reasoning.map((r) => h("li", {}, r))),
    h("div", { class: "evidence", id: "evidence" },
      evidenceColumn("Evidence for", support), evidenceColumn("Evidence against", against)),
    decisionForm(shipment), notesBox(shipment));
}

function volumeTable(volume) {
  const rows = Object.entries(volume || {});
  if (!rows.length) return h("p", { class: "muted" }, "No volume estimate.");
  return h("table", { class: "volume" }, h("thead", {}, h("tr", {}, h("th", {}, "Volume"),
    h("th", {}, "estimate (90 % interval)"))),
  h("tbody", {}, ...rows.map(([k, v]) => h("tr", {}, h("td", {}, k.replace("_", " ")), h("td", {}, interval(v))))));
}

function evidenceColumn(title, items) {
  const column = h("section", { class: "evidence-column" }, h("h2", {}, `${title} (${items.length})`));
  if (!items.length) column.append(h("p", { class: "muted" }, "None."));
  for (const e of items) column.append(evidenceCard(e));
  return column;
}

function evidenceCard(e) {
  const card = h("article", { class: `evidence-item ${e.supports ? "for" : "against"}`, "data-kind": e.kind },
    h("header", {}, h("span", { class: "pill" }, e.kind), ` weight ${num(e.weight)} · `, e.explanation));
  const item = e.item;
  if (!item) {
    card.append(h("p", { class: "muted" }, `${e.kind} ${e.ref_id} is no longer in the store.`));
  } else if (e.kind === "claim") {
    card.append(h("p", {}, `${item.status} · ${item.mode} · ${item.period_start || "?"} – ${item.period_end || "?"}` +
      (item.hedge ? ` · hedge “${item.hedge}”` : "") +
      (item.probability !== null ? ` (p ≈ ${num(item.probability)})` : "")),
    h("p", { class: "sources" }, "Attribution: ", ...item.attribution.map((name) => {
      const graded = item.sources.find((src) => src.name === name);
      return h("span", { class: "attribution" }, graded ? gradeBadge(graded) : null, name,
        graded ? h("span", { class: "muted" }, ` (${graded.label}: ${graded.reason})`) : "");
    })));
    const quoteHolder = h("div", {}, h("p", { class: "muted" }, "Loading the quote…"));
    card.append(quoteHolder);
    quoteBlock(item.id).then((q) => clear(quoteHolder).append(q))
      .catch((err) => clear(quoteHolder).append(h("p", { class: "error" }, err.message)));
  } else {
    const m = e.kind === "anomaly" ? item.measurement : item;
    if (e.kind === "anomaly") {
      card.append(h("p", {}, `${item.site_id} · ${item.quantity.replace("_", " ")} on ${day(item.acquired)}: ` +
        `${num(item.value)} against baseline median ${num(item.baseline_median)} (high ${num(item.baseline_high)}), ` +
        `score ${num(item.score)}${item.unprecedented ? ", unprecedented" : ""}`));
    }
    if (m) {
      card.append(h("p", {}, `measured ${interval(m.value)} by ${m.method}`), m.chip
        ? h("a", { href: `#/site/${m.site_id}` }, h("img", { class: "chip", src: m.chip, alt: "image chip" }))
        : h("p", { class: "muted" }, "entered by hand: no chip"));
    }
  }
  return card;
}

function decisionForm(shipment) {
  const note = h("textarea", { name: "note", rows: 2, placeholder: "why (kept with the shipment)" }, shipment.note || "");
  const decide = (status) => async () => {
    if (!token()) { flash("Enter the API token at the top first (armstrack serve prints it).", "error"); return; }
    try {
      const result = await put(`/api/shipments/${shipment.id}/status`, { status, note: note.value || null });
      document.getElementById("shipment-status").textContent = result.status;
      flash(`Shipment ${result.status}.`);
    } catch (err) { flash(err.message, "error"); }
  };
  return h("section", { class: "decision" }, h("h2", {}, "Decision"), note,
    h("div", {}, h("button", { type: "button", id: "accept", onclick: decide("accepted") }, "Accept"),
      h("button", { type: "button", id: "reject", onclick: decide("rejected") }, "Reject"),
      h("button", { type: "button", onclick: decide("proposed") }, "Back to proposed")));
}

function notesBox(shipment) {
  const list = h("ul", { class: "notes" }, ...shipment.notes.map((n) => h("li", {}, `${day(n.created_at)}: `, n.text)));
  const input = h("input", { type: "text", placeholder: "add a note", maxlength: 10000 });
  const add = async () => {
    if (!input.value.trim()) return;
    try {
      const made = await post("/api/notes", { target_kind: "shipment", target_id: shipment.id, text: input.value });
      list.append(h("li", {}, `${day(made.created_at)}: `, made.text));
      input.value = "";
    } catch (err) { flash(err.message, "error"); }
  };
  return h("section", {}, h("h2", {}, "Notes"), list, input, h("button", { type: "button", onclick: add }, "Add"));
}
