"use strict";
// The supervisor's queue (GET /api/escalations): open escalations oldest first; acknowledge and close
// send If-Match with the version this page read, so a change made meanwhile is a 412, shown as such.
const named = e => e.responsible.map(r => r.kind + (r.id ? ` ${r.id.slice(0, 8)}` : "")).join(", ");
async function act(e, verb, button, body) {
  button.disabled = true;
  const res = await api(`/api/escalations/${e.id}/${verb}`, { method: "POST", ifMatch: `"${e.version}"`, body });
  // Success: the queue is read again, and a decision form (holding the old version) goes.
  if (res.status === 200) { document.getElementById("decision-form")?.remove(); notice("ok", t("done")); await load(); } else { refusal(res); button.disabled = false; }
}
// The queue's filters are the API's (level, kind, includeClosed), kept in the page's address so a
// reload or a shared link shows the same queue.
const FILTERS = { level: ["Warning", "Accountability"], kind: ["DispatchOverdue", "ResolutionOverdue", "MilestoneOverdue", "ProcedureOverdue"] };
function filterBar() {
  const chosen = new URLSearchParams(location.search);
  const form = el("form", null, { id: "filters" });
  form.append(el("span", t("filters") + ": "));
  for (const [name, values] of Object.entries(FILTERS)) {
    const select = el("select", null, { id: `filter-${name}`, name });
    select.append(el("option", t("any"), { value: "" }));
    for (const v of values) select.append(el("option", t(v), { value: v }));
    select.value = values.includes(chosen.get(name)) ? chosen.get(name) : "";
    form.append(el("label", t(name), { for: select.id }), " ", select, " ");
  }
  const closed = el("input", null, { id: "filter-includeClosed", name: "includeClosed", type: "checkbox", value: "true" });
  closed.checked = chosen.get("includeClosed") === "true";
  form.append(closed, " ", el("label", t("includeClosed"), { for: closed.id }), " ", el("button", t("apply"), { type: "submit", id: "filter-apply" }));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const query = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) query.set(k, v);
    history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
    load();
  });
  document.getElementById("content").before(form);
}
function query() {
  const chosen = new URLSearchParams(location.search), sent = new URLSearchParams({ pageSize: "200" });
  for (const name of [...Object.keys(FILTERS), "includeClosed"]) if (chosen.get(name)) sent.set(name, chosen.get(name));
  return sent;
}
let loads = 0;   // a filter applied while an earlier read is in flight: only the latest read is shown
async function load() {
  if (!document.getElementById("filters")) filterBar();
  const mine = ++loads;
  const res = await api(`/api/escalations?${query()}`);
  if (mine !== loads) return;
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
    const decide = el("button", t("decide"), { type: "button", class: "decide" });
    decide.disabled = e.status === "Closed" || e.status === "Decided";
    decide.onclick = () => decisionForm(e);
    buttons.append(ack, " ", decide, " ", close);
    const tr = row([link, el("span", e.summary, { class: "summary" }), el("span", e.level), el("span", e.kind), el("span", named(e)),
      el("span", when(e.dueAt)), el("span", lateBy(e.dueAt), { class: "overdue" }), el("span", e.status, { class: "status" }), buttons]);
    tr.dataset.escalation = e.id;
    return tr;
  })));
}
// The decision on one escalation: no fault, warning issued, or accountability naming a department and a person.
async function decisionForm(e) {
  document.getElementById("decision-form")?.remove();
  const form = el("form", null, { id: "decision-form" });
  form.append(el("h2", `${t("decide")}: ${e.requestNumber || e.milestone || ""}`));
  const decision = el("select", null, { id: "decision" });
  for (const d of ["NoFault", "WarningIssued", "Accountability"]) decision.append(el("option", t(d), { value: d }));
  const department = el("select", null, { id: "responsible-department" });
  department.append(el("option", "", { value: "" }));
  const deps = await api("/api/departments?pageSize=200");
  for (const d of deps.status === 200 ? deps.body.items : []) department.append(el("option", d.name, { value: d.id }));
  const person = el("input", null, { id: "responsible-person", type: "text" });
  const note = el("textarea", null, { id: "decision-note", rows: "2" });
  const go = el("button", t("decide"), { type: "submit", id: "decision-button" });
  for (const [key, input] of [["decision", decision], ["department", department], ["person", person], ["note", note]])
    form.append(el("label", t(key), { for: input.id }), el("br"), input, el("br"));
  form.append(go);
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    act(e, "decision", go, { decision: decision.value, note: note.value,
      responsibleDepartmentId: department.value || null, responsiblePerson: person.value.trim() || null });
  });
  document.getElementById("content").after(form);
}
guarded("escalations", load);
