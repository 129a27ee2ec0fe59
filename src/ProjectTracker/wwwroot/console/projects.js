"use strict";
// 重点项目: the portfolio (GET /api/projects, largest investment first, 20 a page; ?lateOnly=true&page=n
// in the address) and each project's milestones (GET /api/projects/{id}) drawn as a timeline bar: the
// plan on the upper lane, what was achieved on the lower one, joined when both exist; a milestone the API
// calls late (unachieved past its plan, by the service's clock) is marked red. Every bar shares one axis,
// so projects on a page compare at a glance.
const PAGE_SIZE = 20;
const MILESTONES = ["Signed", "ConstructionStarted", "PlantDelivered", "MovedIn", "ProductionStarted", "FullProduction"];
const dayNumber = iso => Date.parse(`${iso}T00:00:00Z`) / 864e5;
const isoOf = day => new Date(day * 864e5).toISOString().slice(0, 10);

function chosen() {
  const q = new URLSearchParams(location.search);
  const page = Math.max(1, parseInt(q.get("page") || "1", 10) || 1);
  return { page, lateOnly: q.get("lateOnly") === "true" };
}
function go(page, lateOnly) {
  const q = new URLSearchParams();
  if (lateOnly) q.set("lateOnly", "true");
  if (page > 1) q.set("page", String(page));
  history.replaceState(null, "", q.size ? `?${q}` : location.pathname);
  load();
}
function filterBar(c) {
  const form = el("form", null, { id: "filters" });
  const late = el("input", null, { type: "checkbox", id: "filter-lateOnly" });
  late.checked = c.lateOnly;
  form.append(late, " ", el("label", t("lateOnly"), { for: late.id }), " ", el("button", t("apply"), { type: "submit", id: "filter-apply" }));
  form.addEventListener("submit", ev => { ev.preventDefault(); go(1, late.checked); });
  return form;
}
function pager(c, paged) {
  const pages = Math.max(1, Math.ceil(paged.total / PAGE_SIZE));
  const box = el("p", null, { id: "pager" });
  const prev = el("button", t("prev"), { type: "button", id: "page-prev" }), next = el("button", t("next"), { type: "button", id: "page-next" });
  prev.disabled = c.page <= 1; next.disabled = c.page >= pages;
  prev.onclick = () => go(c.page - 1, c.lateOnly); next.onclick = () => go(c.page + 1, c.lateOnly);
  box.append(prev, " ", el("span", t("page").replace("{0}", c.page).replace("{1}", pages)), " ", next);
  return box;
}
// The days the page's bars span: every plan, first plan and achievement, with a little room at both ends.
function axis(details) {
  const days = details.flatMap(d => d.milestones.flatMap(m => [m.originalPlanned, m.planned, m.actual])).filter(Boolean).map(dayNumber);
  if (days.length === 0) return null;
  const [lo, hi] = [Math.min(...days), Math.max(...days)];
  const pad = Math.max(7, (hi - lo) * 0.05);
  return { from: lo - pad, to: hi + pad };
}
function timelineBar(d, range) {
  const W = 800, left = 70, right = 20, H = 96, planY = 30, actY = 62;
  const x = iso => left + (W - left - right) * (dayNumber(iso) - range.from) / (range.to - range.from);
  const bar = svg("svg", { class: "chart timeline", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${d.name}: ${t("planned")} / ${t("actual")}` });
  bar.append(svg("text", { x: 4, y: planY + 4, "font-size": 13 }, t("planned")), svg("text", { x: 4, y: actY + 4, "font-size": 13 }, t("actual")));
  // Month ticks along the bottom.
  const first = new Date((range.from + 1) * 864e5);
  for (let m = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1)); m.getTime() / 864e5 < range.to; m.setUTCMonth(m.getUTCMonth() + 1)) {
    const tx = x(m.toISOString().slice(0, 10));
    bar.append(svg("line", { x1: tx, x2: tx, y1: 14, y2: H - 16, stroke: "#eee" }), svg("text", { x: tx, y: H - 3, "text-anchor": "middle", "font-size": 11, fill: "#666" }, m.toISOString().slice(0, 7)));
  }
  const planned = d.milestones.filter(m => m.planned);
  if (planned.length > 1) bar.append(svg("line", { x1: x(planned[0].planned), x2: x(planned[planned.length - 1].planned), y1: planY, y2: planY, stroke: "#bbb", "stroke-width": 6 }));
  d.milestones.forEach((m, i) => {
    const label = t(m.milestone), labelY = i % 2 === 0 ? planY - 10 : planY + 20;
    if (m.planned && m.actual) {
      const ok = (m.daysAhead ?? 0) >= 0;
      bar.append(svg("line", { x1: x(m.planned), x2: x(m.actual), y1: planY, y2: actY, stroke: ok ? "#2a7" : "#b86e00", "stroke-width": 2 }));
    }
    if (m.planned) {
      const px = x(m.planned);
      const mark = svg("polygon", { points: `${px},${planY - 7} ${px + 7},${planY} ${px},${planY + 7} ${px - 7},${planY}`,
        fill: m.late ? "#b00" : "#fff", stroke: m.late ? "#b00" : "#555", "stroke-width": 2, class: m.late ? "planned late" : "planned" });
      mark.dataset.milestone = m.milestone; mark.dataset.date = m.planned;
      mark.append(svg("title", {}, `${label} · ${t("planned")} ${m.planned}${m.late ? ` · ${t("overdueBy")}` : ""}`));
      bar.append(mark, svg("text", { x: px, y: labelY, "text-anchor": "middle", "font-size": 11, fill: m.late ? "#b00" : "#333" }, label));
    }
    if (m.actual) {
      const dot = svg("circle", { cx: x(m.actual), cy: actY, r: 6, fill: "#2a7", class: "actual" });
      dot.dataset.milestone = m.milestone; dot.dataset.date = m.actual;
      dot.append(svg("title", {}, `${label} · ${t("actual")} ${m.actual}`));
      bar.append(dot);
    }
  });
  return bar;
}
// The same facts as words: planned (and the first plan if replanned), achieved, days ahead or behind, overdue.
function milestoneList(d) {
  const list = el("ul", null, { class: "milestones" });
  for (const m of d.milestones) {
    const parts = [`${t(m.milestone)}: ${m.planned ? `${t("planned")} ${m.planned}` : t("notPlanned")}`];
    if (m.originalPlanned && m.originalPlanned !== m.planned) parts.push(`${t("replanned")} ${m.originalPlanned}`);
    if (m.actual) parts.push(`${t("actual")} ${m.actual}`);
    if (m.daysAhead !== null && m.daysAhead !== undefined && m.daysAhead !== 0)
      parts.push(m.daysAhead > 0 ? `${t("ahead")} ${m.daysAhead} ${t("daysUnit")}` : `${t("behind")} ${-m.daysAhead} ${t("daysUnit")}`);
    const li = el("li", parts.join(" · "), { class: m.late ? "overdue" : "" });
    if (m.late) li.prepend(el("strong", `${t("overdueBy")} · `));
    li.dataset.milestone = m.milestone;
    list.append(li);
  }
  return list;
}
let loads = 0;
async function load() {
  const mine = ++loads, c = chosen();
  const query = new URLSearchParams({ page: String(c.page), pageSize: String(PAGE_SIZE) });
  if (c.lateOnly) query.set("lateOnly", "true");
  const res = await api(`/api/projects?${query}`);
  if (mine !== loads) return;
  const content = document.getElementById("content");
  if (res.status !== 200) { content.replaceChildren(); refusal(res); return; }
  const [reads, units] = await Promise.all([Promise.all(res.body.items.map(p => api(`/api/projects/${encodeURIComponent(p.id)}`))), assignees()]);
  if (mine !== loads) return;
  const names = Object.fromEntries(units.map(u => [u.id, u.name]));
  const details = reads.filter(r => r.status === 200).map(r => r.body);
  const range = axis(details);
  content.replaceChildren(filterBar(c));
  const list = el("div", null, { id: "projects" });
  if (res.body.items.length === 0) list.append(el("p", t("empty")));
  res.body.items.forEach((p, i) => {
    const d = reads[i].status === 200 ? reads[i].body : null;
    const card = el("article", null, { class: "project panel" });
    card.dataset.project = p.id;
    const meta = el("p", [t(p.industry), `${t("investment")} ${(p.investmentYuan / 1e8).toFixed(2)}`, `${t("stage")} ${t(p.stage)}`,
      `${t("taskForce")} ${names[p.taskForceId] || p.taskForceId.slice(0, 8)}`, t(p.status)].join(" · "), { class: "meta" });
    if (p.late) meta.append(" ", el("span", t("overdue"), { class: "overdue late-project" }));
    if (p.startAtRisk) meta.append(" ", el("span", t("startAtRisk"), { class: "at-risk" }));
    card.append(el("h2", p.name, { class: "project-name" }), meta);
    if (d && range) card.append(timelineBar(d, range));
    if (d) card.append(milestoneList(d));
    list.append(card);
  });
  content.append(list, pager(c, res.body));
}
guarded("projects", load);
