"use strict";
// A staff member's or lead's queue (GET /api/queues/tasks): the open tasks of their department and task
// forces, overdue first. "办理 / Open" reads the task's request and offers accept, note progress, resolve (a
// reply), hand back (a reason) and transfer (to another department or task force, with a reason), each sent
// with If-Match set to that read's ETag: a change made meanwhile is a 412, shown as such.
async function unitNames() {
  return Object.fromEntries((await assignees()).map(u => [u.id, u.name]));
}
async function load() {
  const res = await api("/api/queues/tasks?pageSize=200");
  const content = document.getElementById("content");
  content.replaceChildren();
  if (res.status !== 200) { refusal(res); return; }
  const names = await unitNames();
  content.append(table(["number", "titleCol", "assignee", "state", "due", "marks", "actions"], res.body.items.map(k => {
    const mark = k.overdue ? el("span", t("overdue"), { class: "overdue" }) : k.atRisk ? el("span", t("atRisk"), { class: "at-risk" }) : el("span");
    const open = el("button", t("open"), { type: "button", class: "open-task" });
    open.onclick = () => panel(k);
    const tr = row([el("a", k.number, { href: `request.html?id=${encodeURIComponent(k.requestId)}` }), el("span", k.title, { class: "title" }),
      el("span", names[k.assigneeId] || k.assigneeId.slice(0, 8)), el("span", k.state, { class: "state" }), el("span", when(k.due)), mark, open]);
    tr.dataset.task = k.taskId;
    return tr;
  })));
}
function textForm(id, labelKey, buttonKey, onSubmit) {
  const form = el("form", null, { id: `${id}-form` });
  const text = el("textarea", null, { id, rows: "3" });
  const go = el("button", t(buttonKey), { type: "submit", id: `${id}-button` });
  form.append(el("label", t(labelKey), { for: id }), el("br"), text, el("br"), go);
  form.addEventListener("submit", ev => { ev.preventDefault(); onSubmit(text.value, go); });
  return form;
}
// One task with its request as read now: what the actions' If-Match says the user saw.
async function panel(k) {
  document.getElementById("task-panel")?.remove();
  const res = await api(`/api/requests/${encodeURIComponent(k.requestId)}`);
  if (res.status !== 200) { refusal(res); return; }
  const etag = res.etag, r = res.body.request, task = r.tasks.find(x => x.id === k.taskId);
  const p = el("section", null, { id: "task-panel", class: "panel" });
  p.dataset.task = k.taskId;
  p.append(el("h2", `${r.number} · ${r.title}`, { id: "task-request-title" }), el("p", r.description, { id: "task-description" }),
    el("p", `${t("instructions")}: ${task ? task.instructions : ""}`), el("p", `${t("state")}: ${task ? task.state : ""}`, { id: "task-state" }));
  async function act(verb, button, body) {
    button.disabled = true;
    const done = await api(`/api/requests/${encodeURIComponent(k.requestId)}/tasks/${encodeURIComponent(k.taskId)}/${verb}`, { method: "POST", ifMatch: etag, body });
    if (done.status !== 200) { refusal(done); button.disabled = false; return; }
    await load();
    // Accepting or noting progress leaves the task here: the panel is read again (its new version, the new note).
    if (verb === "accept" || verb === "progress") await panel(k); else p.remove();
    notice("ok", t("done"));
  }
  if (task && task.state === "Open") {
    const accept = el("button", t("accept"), { type: "button", id: "accept-button" });
    accept.onclick = () => act("accept", accept);
    p.append(accept);
  }
  p.append(await progressNotes(k), textForm("progress", "progress", "noteProgress", (text, go) => act("progress", go, { note: text })),
    textForm("reply", "reply", "resolve", (text, go) => act("resolve", go, { reply: text })),
    textForm("reason", "reason", "handBack", (text, go) => act("hand-back", go, { reason: text })),
    await transferForm(task, (body, go) => act("transfer", go, body)));
  document.getElementById("content").after(p);
}
// The task's progress notes so far, from the request's timeline (the notes are events, in no view of the task).
async function progressNotes(k) {
  const res = await api(`/api/requests/${encodeURIComponent(k.requestId)}/timeline`);
  const notes = res.status === 200 ? res.body.filter(e => e.event === "TaskProgressNoted" && e.data.taskId === k.taskId) : [];
  const list = el("ul", null, { id: "progress-notes" });
  for (const n of notes) list.append(el("li", `${when(n.at)} · ${n.data.note}`));
  if (notes.length === 0) list.append(el("li", t("empty")));
  const box = el("div");
  box.append(el("h3", t("progressNotes")), list);
  return box;
}
// 分类移交: to a department or task force of the directory (not the one holding it), with a reason.
async function transferForm(task, onSubmit) {
  const form = el("form", null, { id: "transfer-form" });
  const to = await assigneeSelect("transfer-to", task ? [task.assigneeId] : []);
  const reason = el("textarea", null, { id: "transfer-reason", rows: "2" });
  const go = el("button", t("transfer"), { type: "submit", id: "transfer-button" });
  form.append(el("h3", t("transfer")), el("label", t("transferTo"), { for: to.id }), " ", to, el("br"),
    el("label", t("transferReason"), { for: reason.id }), el("br"), reason, el("br"), go);
  form.addEventListener("submit", ev => { ev.preventDefault(); onSubmit({ ...assigneeOf(to), reason: reason.value }, go); });
  return form;
}
guarded("myTasks", load);
