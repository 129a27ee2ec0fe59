"use strict";
// 分解推送: the form decomposing a request into tasks, one row per department or task force (with its
// instructions), sent as one dispatch with If-Match set to the ETag of the read the page made. Used by the
// dispatch desk's panel and the request page. `held`: ids already holding an open task (not offered).
async function dispatchForm(requestId, etag, held, onDispatched) {
  const form = el("form", null, { id: "dispatch-form" });
  const rows = el("div", null, { id: "dispatch-units" });
  form.append(el("h2", t("dispatchTo")), rows);
  let made = 0;
  async function addRow() {
    const n = made++;
    const line = el("fieldset", null, { class: "dispatch-unit" });
    const unit = await assigneeSelect(`assignee-${n}`, held);
    // Each new row starts on a unit no other row has chosen yet.
    const taken = [...rows.querySelectorAll("select")].map(s => s.value);
    const free = [...unit.options].find(o => !taken.includes(o.value));
    if (free) unit.value = free.value;
    const text = el("textarea", null, { id: `instructions-${n}`, rows: "2" });
    text.value = lang() === "zh" ? "请办理。" : "Please handle.";
    const remove = el("button", t("removeUnit"), { type: "button", class: "remove-unit" });
    remove.onclick = () => { if (rows.children.length > 1) line.remove(); };
    line.append(el("legend", `${t("unitN")} ${n + 1}`), el("label", t("assignee"), { for: unit.id }), " ", unit, " ", remove, el("br"),
      el("label", t("instructions"), { for: text.id }), el("br"), text);
    rows.append(line);
  }
  await addRow();
  const add = el("button", t("addUnit"), { type: "button", id: "add-unit" });
  add.onclick = () => addRow();
  const go = el("button", t("dispatchAction"), { type: "submit", id: "dispatch-button" });
  form.append(add, " ", go);
  form.addEventListener("submit", async ev => {
    ev.preventDefault(); go.disabled = true;
    const tasks = [...rows.querySelectorAll(".dispatch-unit")].map(line =>
      ({ ...assigneeOf(line.querySelector("select")), instructions: line.querySelector("textarea").value }));
    const res = await api(`/api/requests/${encodeURIComponent(requestId)}/dispatch`, { method: "POST", ifMatch: etag, body: { tasks } });
    if (res.status === 200) { await onDispatched(res.body); notice("ok", t("done")); } else { refusal(res); go.disabled = false; }
  });
  return form;
}
