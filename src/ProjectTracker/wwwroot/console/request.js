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
// How each due time was reached (GET /api/requests/{id}/clocks): every step with the event it comes
// from, the rule and the recomputed due; a due that the events and calendar no longer give is marked.
const hours = span => { const [d, hms] = span.includes(".") && span.indexOf(".") < span.indexOf(":") ? span.split(".") : ["0", span];
  const [h, m] = hms.split(":"); return `${(Number(d) * 24 + Number(h) + Number(m) / 60).toFixed(1)} ${t("hours")}`; };
async function explanation() {
  const box = el("section", null, { id: "explanation" });
  const res = await api(`/api/requests/${encodeURIComponent(id)}/clocks`);
  if (res.status !== 200) return box;
  const x = res.body;
  box.append(el("h3", t("clockExplanation")), el("p", x.consistent ? t("explainedConsistent") : t("explainedMismatch"),
    { id: "explanation-verdict", class: x.consistent ? "ok" : "overdue" }));
  for (const c of x.clocks) {
    const d = el("details", null, { "data-clock": c.clock });
    d.append(el("summary", `${t("clock_" + c.clock)}${c.cycle > 1 ? ` (${c.cycle})` : ""} · ${t("due")} ${when(c.due)} · ${t("outcome_" + c.outcome)}` +
      ` · ${t("used")} ${hours(c.used)}${c.overrun !== "00:00:00" ? ` · ${t("overrun")} ${hours(c.overrun)}` : ` · ${t("left")} ${hours(c.left)}`}`));
    d.append(table(["step", "at", "due", "basis"], c.steps.map(s => row([el("span", `${t("step_" + s.step)} (#${s.event.version} ${s.event.event})`),
      el("span", when(s.at)), el("span", when(s.due), s.matches === false ? { class: "overdue" } : {}),
      el("span", [s.basis, s.rule].filter(Boolean).join(" · "))]))));
    box.append(d);
  }
  return box;
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
  content.append(await explanation());
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
