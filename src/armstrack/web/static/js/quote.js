// A claim's quote shown in its report: the words before, the quote highlighted, the words after.

import { get } from "./api.js";
import { h } from "./dom.js";

export async function quoteBlock(claimId) {
  const q = await get(`/api/claims/${encodeURIComponent(claimId)}/quote`, { context: 160 });
  return h("blockquote", { class: "quote" }, q.truncated_before ? "… " : "", q.before,
    h("mark", {}, q.quote), q.after, q.truncated_after ? " …" : "",
    h("footer", {}, h("a", { href: `#/report/${q.report_id}` }, q.title || q.url || q.report_id),
      q.publisher ? ` · ${q.publisher}` : ""));
}
