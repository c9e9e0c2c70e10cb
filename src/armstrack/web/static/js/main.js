// The dashboard's router: "#/kind/id" picks a page; each page draws itself into <main id="view">.

import { setToken, token } from "./api.js";
import { clear, flash, h } from "./dom.js";
import { renderDashboard } from "./dashboard.js";
import { renderReport, renderReports } from "./reports.js";
import { renderScreening, renderSources } from "./screening.js";
import { renderShipment } from "./shipment.js";
import { renderSite } from "./site.js";

const PAGES = {
  "": renderDashboard,
  site: renderSite,
  shipment: renderShipment,
  reports: renderReports,
  report: renderReport,
  screening: renderScreening,
  sources: renderSources,
};

let cleanup = null;

async function route() {
  const [kind = "", ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  const page = PAGES[kind];
  const main = document.getElementById("view");
  if (cleanup) { cleanup(); cleanup = null; }
  // A fresh container per visit: a slow page that finishes after the reader moved on draws into a
  // detached node, never into the page now shown.
  const view = h("div", { class: "page", "data-page": kind || "dashboard" });
  clear(main).append(view);
  if (!page) {
    view.append(h("p", { class: "error" }, `No page "${kind}".`));
    return;
  }
  try {
    cleanup = (await page(view, decodeURIComponent(rest.join("/")))) || null;
    view.dataset.ready = "1";
  } catch (error) {
    view.append(h("p", { class: "error" }, String(error.message || error)));
  }
}

function showTokenState() {
  document.getElementById("token-state").textContent = token() ? "kept for this tab" : "none";
}

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("token-input");
  setToken(input.value.trim());
  input.value = "";
  showTokenState();
  flash(token() ? "Token kept for this tab." : "Token removed.");
});

window.addEventListener("hashchange", route);
showTokenState();
route();
