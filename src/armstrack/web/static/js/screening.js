// Screening hits to confirm or dismiss, and sources to regrade: the analyst's two review tables.

import { get, put, token } from "./api.js";
import { day, flash, gradeBadge, h, num } from "./dom.js";

function needToken() {
  if (token()) return false;
  flash("Enter the API token at the top first (armstrack serve prints it).", "error");
  return true;
}

export async function renderScreening(view) {
  const page = await get("/api/screening-hits", { limit: 1000 });
  view.append(h("h1", {}, `Screening hits (${page.total})`), h("table", { class: "list", id: "hits" },
    h("thead", {}, h("tr", {}, ...["Name screened", "Type", "List", "Entry", "Score", "Why", "Decision", ""]
      .map((t) => h("th", {}, t)))),
    h("tbody", {}, ...page.items.map(hitRow))));
}

function hitRow(hit) {
  const decision = h("td", { class: "decision" }, hit.decision ? `${hit.decision} ${day(hit.decided_at)}` : "open");
  const decide = (value) => async () => {
    if (needToken()) return;
    try {
      const result = await put(`/api/screening-hits/${hit.id}/decision`, { decision: value });
      decision.textContent = result.decision ? `${result.decision} ${day(result.decided_at)}` : "open";
    } catch (err) { flash(err.message, "error"); }
  };
  return h("tr", { "data-id": hit.id }, h("td", {}, hit.query), h("td", {}, hit.entity_type),
    h("td", {}, hit.list_name), h("td", {}, `${hit.name} (${hit.entry_id})`), h("td", {}, num(hit.score)),
    h("td", {}, hit.explanation), decision,
    h("td", {}, h("button", { type: "button", class: "confirm", onclick: decide("confirmed") }, "Confirm"),
      h("button", { type: "button", class: "dismiss", onclick: decide("dismissed") }, "Dismiss")));
}

export async function renderSources(view) {
  const page = await get("/api/sources", { limit: 1000 });
  view.append(h("h1", {}, `Sources (${page.total})`),
    h("p", { class: "muted" }, "Admiralty grades: A completely reliable … E unreliable, F cannot be judged. " +
      "A grade set here is kept when extraction runs again."),
    h("table", { class: "list" }, h("thead", {}, h("tr", {}, ...["Grade", "Name", "Kind", "Reason", "Regrade"]
      .map((t) => h("th", {}, t)))), h("tbody", {}, ...page.items.map(sourceRow))));
}

function sourceRow(source) {
  const grade = h("select", {}, ..."ABCDEF".split("").map((g) => h("option", { value: g, selected: g ===
    source.reliability }, g)));
  const reason = h("input", { type: "text", value: source.reason, maxlength: 2000 });
  const badge = h("td", {}, gradeBadge(source), source.edited ? " (analyst)" : "");
  const save = async () => {
    if (needToken()) return;
    try {
      const result = await put(`/api/sources/${source.id}/grade`, { reliability: grade.value, reason: reason.value });
      badge.replaceChildren(gradeBadge(result), " (analyst)");
      flash(`${result.name}: ${result.reliability} (${result.label}).`);
    } catch (err) { flash(err.message, "error"); }
  };
  return h("tr", {}, badge, h("td", {}, source.name), h("td", {}, source.kind), h("td", {}, reason),
    h("td", {}, grade, h("button", { type: "button", onclick: save }, "Save")));
}
