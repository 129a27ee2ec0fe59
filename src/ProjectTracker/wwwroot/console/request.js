"use strict";
// A request: details, its clocks (due, met, breached, paused), tasks, timeline; a dispatcher dispatches
// it from here (dispatchform.js) with If-Match set to the ETag of this page's read (a change made meanwhile: 412).
const id = new URLSearchParams(location.search).get("id");
let etag = null;
function clockRow(nameKey, c) {
  const state = c.breachedAt ? el("span", `${t("breached")} ${when(c.breachedAt)}`, { class: "overdue" })
    : c.metAt ? el("span", `${t("met")} ${when(c.metAt)}`) : c.pausedAt ? el("span", `${t("paused")} ${when(c.pausedAt)}`)
    : c.atRisk ? el("span", t("atRisk"), { class: "at-risk" }) : el("span");
  return row([el("span", t(nameKey)), el("span", when(c.startedAt)), el("span", when(c.due)), state]);
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
  const names = Object.fromEntries((await assignees()).map(u => [u.id, u.name]));
  const tasks = table(["assignee", "due", "state", "instructions"], r.tasks.map(k =>
    row([el("span", `${t(k.assigneeKind)} · ${names[k.assigneeId] || k.assigneeId.slice(0, 8)}`), el("span", when(k.due)), el("span", k.state), el("span", k.instructions)])));
  tasks.id = "tasks";
  content.append(el("h3", t("tasks")), tasks);
  const tl = await api(`/api/requests/${encodeURIComponent(id)}/timeline`);
  const entries = tl.status === 200 ? (Array.isArray(tl.body) ? tl.body : tl.body.entries || tl.body.items || []) : [];
  const timeline = table(["event", "at", "by"], entries.map(e => row([el("span", e.event), el("span", when(e.at)), el("span", e.by ? e.by.slice(0, 8) : "")])));
  timeline.id = "timeline";
  content.append(el("h3", t("timeline")), timeline);
  if (r.status === "Filed" || (r.status === "Dispatched" && !r.tasks.some(k => k.state === "Open" || k.state === "Accepted")))
    content.append(await dispatchForm(id, etag, r.tasks.filter(k => k.isActive).map(k => k.assigneeId), load));
}
guarded("request", load);
