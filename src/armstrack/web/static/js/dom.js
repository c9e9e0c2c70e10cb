// Building the page without ever parsing data as HTML: every text goes in through textContent.

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h("a", {href: "#/"}, "text", otherNode). */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, same calling convention as h(). */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** "58 (41–73)": a value always with its interval. */
export function interval(v) {
  if (!v || v.value === null || v.value === undefined) return "not observed";
  return `${number.format(v.value)} (${number.format(v.low)}–${number.format(v.high)})`;
}

export function num(x) {
  return x === null || x === undefined ? "–" : number.format(x);
}

export function day(iso) {
  return iso ? String(iso).slice(0, 10) : "–";
}

/** Confidence in five buckets (0-4); the CSS colours them. */
export function confBucket(c) {
  return Math.max(0, Math.min(4, Math.floor(c * 5)));
}

export function pct(p) {
  return p === null || p === undefined ? "–" : `${Math.round(p * 100)} %`;
}

export function gradeBadge(source) {
  return h("span", { class: `grade grade-${source.reliability}`, title: `${source.name}: ${source.label || ""}` },
    `${source.reliability}`);
}

export function flash(message, kind = "info") {
  const el = document.getElementById("flash");
  el.textContent = message;
  el.className = `flash flash-${kind}`;
  el.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { el.hidden = true; }, 5000);
}
