"use strict";
// The supervisor's queue (GET /api/escalations): open escalations oldest first; acknowledge and close
// send If-Match with the version this page read, so a change made meanwhile is a 412, shown as such.
const named = e => e.responsible.map(r => r.kind + (r.id ? ` ${r.id.slice(0, 8)}` : "")).join(", ");
async function act(e, verb, button) {
  button.disabled = true;
  const res = await api(`/api/escalations/${e.id}/${verb}`, { method: "POST", ifMatch: `"${e.version}"` });
  if (res.status === 200) { notice("ok", t("done")); await load(); } else { refusal(res); button.disabled = false; }
}
async function load() {
  const res = await api("/api/escalations?pageSize=200");
  const content = document.getElementById("content");
  content.replaceChildren();
  if (res.status !== 200) { refusal(res); return; }
  content.append(table(["number", "titleCol", "level", "kind", "named", "due", "late", "status", "actions"], res.body.items.map(e => {
    const link = e.requestId ? el("a", e.requestNumber || e.requestId, { href: `request.html?id=${encodeURIComponent(e.requestId)}` }) : el("span", e.milestone || "");
    const buttons = el("span");
    const ack = el("button", t("acknowledge"), { type: "button", class: "acknowledge" });
    ack.disabled = e.status !== "Open"; ack.onclick = () => act(e, "acknowledge", ack);
    const close = el("button", t("close"), { type: "button", class: "close" });
    close.onclick = () => act(e, "close", close);
    buttons.append(ack, " ", close);
    const tr = row([link, el("span", e.summary, { class: "summary" }), el("span", e.level), el("span", e.kind), el("span", named(e)),
      el("span", when(e.dueAt)), el("span", lateBy(e.dueAt), { class: "overdue" }), el("span", e.status, { class: "status" }), buttons]);
    tr.dataset.escalation = e.id;
    return tr;
  })));
}
guarded("escalations", load);
