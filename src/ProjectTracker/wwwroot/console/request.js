"use strict";
// A request: details, its clocks (due, met, breached, paused), tasks, timeline; a dispatcher dispatches
// it from here with If-Match set to the ETag of this page's read (a change made meanwhile: 412).
const id = new URLSearchParams(location.search).get("id");
let etag = null;
function clockRow(nameKey, c) {
  const state = c.breachedAt ? el("span", `${t("breached")} ${when(c.breachedAt)}`, { class: "overdue" })
    : c.metAt ? el("span", `${t("met")} ${when(c.metAt)}`) : c.pausedAt ? el("span", `${t("paused")} ${when(c.pausedAt)}`)
    : c.atRisk ? el("span", t("atRisk"), { class: "at-risk" }) : el("span");
  return row([el("span", t(nameKey)), el("span", when(c.startedAt)), el("span", when(c.due)), state]);
}
async function departments() {
  const res = await api("/api/departments?pageSize=200");
  return res.status === 200 ? res.body.items : [];
}
async function dispatchForm(content) {
  const form = el("form", null, { id: "dispatch-form" });
  form.append(el("h2", t("dispatchTo")));
  const select = el("select", null, { id: "department" });
  for (const d of await departments()) select.append(el("option", d.name, { value: d.id }));
  const text = el("textarea", null, { id: "instructions", rows: "2" });
  text.value = lang() === "zh" ? "请办理。" : "Please handle.";
  const go = el("button", t("dispatchAction"), { type: "submit", id: "dispatch-button" });
  form.append(select, el("br"), el("label", t("instructions"), { for: "instructions" }), el("br"), text, el("br"), go);
  form.addEventListener("submit", async ev => {
    ev.preventDefault(); go.disabled = true;
    const res = await api(`/api/requests/${id}/dispatch`, { method: "POST", ifMatch: etag,
      body: { tasks: [{ assigneeKind: "Department", assigneeId: select.value, instructions: text.value }] } });
    if (res.status === 200) { await load(); notice("ok", t("done")); } else { refusal(res); go.disabled = false; }
  });
  content.append(form);
}
async function load() {
  const content = document.getElementById("content");
  const res = await api(`/api/requests/${encodeURIComponent(id)}`);
  content.replaceChildren();
  if (res.status !== 200) { refusal(res); return; }
  etag = res.etag;
  const r = res.body.request;
  const title = el("h2", `${r.number} · ${r.title}`, { id: "request-title" });
  const status = el("p", `${t("status")}: ${r.status}`, { id: "request-status" });
  content.append(title, status, el("p", r.description, { id: "request-description" }));
  content.append(el("h3", t("clocks")), table(["clock", "started", "due", "status"], [clockRow("dispatchDue", r.dispatch), clockRow("resolutionDue", r.resolution)]));
  content.append(el("h3", t("tasks")), table(["assignee", "due", "state", "instructions"], r.tasks.map(k =>
    row([el("span", `${k.assigneeKind} ${k.assigneeId.slice(0, 8)}`), el("span", when(k.due)), el("span", k.state), el("span", k.instructions)]))));
  const tl = await api(`/api/requests/${encodeURIComponent(id)}/timeline`);
  const entries = tl.status === 200 ? (Array.isArray(tl.body) ? tl.body : tl.body.entries || tl.body.items || []) : [];
  const timeline = table(["event", "at", "by"], entries.map(e => row([el("span", e.event), el("span", when(e.at)), el("span", e.by ? e.by.slice(0, 8) : "")])));
  timeline.id = "timeline";
  content.append(el("h3", t("timeline")), timeline);
  if (r.status === "Filed" || (r.status === "Dispatched" && !r.tasks.some(k => k.state === "Open" || k.state === "Accepted"))) await dispatchForm(content);
}
guarded("request", load);
