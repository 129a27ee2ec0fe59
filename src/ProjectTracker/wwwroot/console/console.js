"use strict";
// The console's one script. The pages are rendered on the server; this sends their commands to the
// JSON API as the API's own clients do: the session's cookie (never readable here), the anti-forgery
// token the page carries (meta csrf-token) in its header, and If-Match with the version the page read.
// On success the page is read again (or the form's data-then address opened) and says it is done; a
// refusal is shown as the API gave it (412 plainly, 403, else the status with the reason and fields).
// The words come from the page (the notice box's data-* attributes: the server's one dictionary).
const notice = document.getElementById("notice");
const token = document.querySelector('meta[name="csrf-token"]');
function show(kind, text) { notice.className = kind; notice.textContent = text; }
if (sessionStorage.getItem("pt.done")) { sessionStorage.removeItem("pt.done"); show("ok", notice.dataset.done); }

function refusal(status, problem) {
  if (status === 412) show("stale", notice.dataset.stale);
  else if (status === 403) show("error", notice.dataset.forbidden);
  else {
    const fields = Object.entries(problem?.errors || {}).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`).join(" ");
    show("error", `${notice.dataset.failed} (${status}): ${problem?.detail || problem?.title || ""} ${fields}`);
  }
}

async function send(element, body) {
  const headers = { [token.dataset.header]: token.content };
  if (element.dataset.ifMatch) headers["If-Match"] = element.dataset.ifMatch;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const button = element.tagName === "FORM" ? element.querySelector("button[type=submit]") : element;
  button.disabled = true;
  try {
    const r = await fetch(element.dataset.post, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin", cache: "no-store" });
    if (r.status === 401) { location.href = `/console/sign-in?returnUrl=${encodeURIComponent(location.pathname + location.search)}`; return; }
    if (r.ok) {
      sessionStorage.setItem("pt.done", "1");
      if (element.dataset.then) location.assign(element.dataset.then); else location.reload();
      return;
    }
    refusal(r.status, (r.headers.get("Content-Type") || "").includes("json") ? await r.json() : null);
  } catch (e) {
    show("error", `${notice.dataset.failed}: ${e.message}`);
  }
  button.disabled = false;
}

// A department or task force chosen in a select: its option carries the kind.
const unitOf = select => ({ assigneeKind: select.selectedOptions[0]?.dataset.kind, assigneeId: select.value });

// A form's command body: a dispatch is one task per unit row; otherwise each named field, a unit select
// as its kind and id, an optional field left empty as null.
function bodyOf(form) {
  if (form.dataset.shape === "dispatch")
    return { tasks: [...form.querySelectorAll(".dispatch-unit")].map(u => ({ ...unitOf(u.querySelector("select")), instructions: u.querySelector("textarea").value })) };
  const body = {};
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.tagName === "SELECT" && field.dataset.unit !== undefined) Object.assign(body, unitOf(field));
    else if (field.dataset.optional !== undefined) body[field.name] = field.value.trim() || null;
    else body[field.name] = field.value;
  }
  return body;
}

document.addEventListener("click", ev => {
  const button = ev.target.closest("button[data-post]");
  if (button) { ev.preventDefault(); send(button); return; }
  if (ev.target.closest("#add-unit")) addUnit();
  const remove = ev.target.closest(".remove-unit");
  if (remove && document.querySelectorAll(".dispatch-unit").length > 1) remove.closest(".dispatch-unit").remove();
});
document.addEventListener("submit", ev => {
  const form = ev.target.closest("form[data-post]");
  if (!form) return;
  ev.preventDefault();
  send(form, bodyOf(form));
});

// 增加承办单位: another unit row, a copy of the first, on a unit no other row has chosen yet.
function addUnit() {
  const rows = document.getElementById("dispatch-units");
  const first = rows.querySelector(".dispatch-unit"), n = rows.children.length;
  const line = first.cloneNode(true);
  const select = line.querySelector("select"), text = line.querySelector("textarea"), legend = line.querySelector("legend");
  select.id = `assignee-${n}`; text.id = `instructions-${n}`;
  line.querySelector("label.unit").htmlFor = select.id; line.querySelector("label.instructions").htmlFor = text.id;
  legend.textContent = `${legend.dataset.prefix} ${n + 1}`;
  text.value = text.defaultValue;
  const taken = [...rows.querySelectorAll("select")].map(s => s.value);
  const free = [...select.options].find(o => !taken.includes(o.value));
  if (free) select.value = free.value;
  rows.append(line);
}
