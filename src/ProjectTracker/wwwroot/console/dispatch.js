"use strict";
// The dispatch desk (GET /api/queues/dispatch?all=true): undispatched requests by due, overdue and at-risk marked.
// "分解推送 / Dispatch" on a row reads the request (its ETag) and opens the decomposition form (dispatchform.js):
// one or more departments and task forces, each with its instructions, dispatched at once.
async function load() {
  const res = await api("/api/queues/dispatch?all=true&pageSize=200");
  const content = document.getElementById("content");
  content.replaceChildren();
  if (res.status !== 200) { refusal(res); return; }
  content.append(table(["number", "titleCol", "filed", "due", "marks", "actions"], res.body.items.map(q => {
    const mark = q.overdue ? el("span", t("overdue"), { class: "overdue" }) : q.atRisk ? el("span", t("atRisk"), { class: "at-risk" }) : el("span");
    const open = el("button", t("decompose"), { type: "button", class: "open-dispatch" });
    open.onclick = () => panel(q.requestId);
    const tr = row([el("a", q.number, { href: `request.html?id=${encodeURIComponent(q.requestId)}` }), el("span", q.title, { class: "title" }),
      el("span", when(q.filedAt)), el("span", when(q.dispatchDue)), mark, open]);
    tr.dataset.request = q.requestId;
    return tr;
  })));
}
async function panel(requestId) {
  document.getElementById("dispatch-panel")?.remove();
  const res = await api(`/api/requests/${encodeURIComponent(requestId)}`);
  if (res.status !== 200) { refusal(res); return; }
  const r = res.body.request;
  const p = el("section", null, { id: "dispatch-panel", class: "panel" });
  p.dataset.request = requestId;
  p.append(el("h2", `${r.number} · ${r.title}`, { id: "dispatch-request-title" }), el("p", r.description, { id: "dispatch-description" }),
    await dispatchForm(requestId, res.etag, r.tasks.filter(k => k.isActive).map(k => k.assigneeId), async () => { p.remove(); await load(); }));
  document.getElementById("content").after(p);
  p.scrollIntoView();
}
guarded("dispatch", load);
