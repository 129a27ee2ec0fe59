"use strict";
// 考核与流动红旗: for a month (the address's ?period=yyyy-MM, else the zone's current month as the API
// says), a table per unit kind (GET /api/scorecards?unit=...), the red flag ranking with its formula
// (GET /api/rankings, supervisors and admins), the exports, and two charts (charts.js): the on-time answer
// rate of the last 6 months (the zone's; a unit's own people: their unit's) and escalations by unit.
// Only the reads the user's roles may make are made (SupervisionAccess); a 403 still comes out as a message.
const KINDS = ["department", "taskForce", "secretary", "zone"];
const seesAll = () => has("supervisor") || has("admin");
// The kind a unit's own people read: staff their department, leads their task forces, a secretary their card.
const mayRead = kind => seesAll() || (kind === "department" && has("staff")) || (kind === "taskForce" && has("lead")) || (kind === "secretary" && has("dispatcher"));
const pct = x => x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`;
const num = x => x === null || x === undefined ? "—" : Number(x).toFixed(1);
const chosenPeriod = () => { const p = new URLSearchParams(location.search).get("period"); return /^\d{4}-\d{2}$/.test(p || "") ? p : null; };
function monthsEnding(period, n) {
  const [y, m] = period.split("-").map(Number);
  return Array.from({ length: n }, (_, i) => { const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1)); return d.toISOString().slice(0, 7); });
}
function exportLinks(path, query) {
  const box = el("p", null, { class: "exports" });
  for (const [format, key] of [["csv", "exportCsv"], ["xlsx", "exportXlsx"]])
    box.append(el("a", t(key), { href: `${path}?${query}&format=${format}`, class: `button export-${format}`, download: "" }));
  return box;
}
function periodForm(period) {
  const form = el("form", null, { id: "period-form" });
  const input = el("input", null, { type: "month", id: "period", name: "period", required: "" });
  input.value = period;
  form.append(el("label", `${t("period")}: `, { for: "period" }), input, " ", el("button", t("apply"), { type: "submit", id: "period-apply" }));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    if (!/^\d{4}-\d{2}$/.test(input.value)) return;
    history.replaceState(null, "", `?period=${input.value}`);
    load();
  });
  return form;
}
function cardRow(c) {
  const e = c.escalations;
  const tr = row([el("span", c.unit.name, { class: "unit" }), el("span", c.received), el("span", pct(c.dispatch.onTimeRate)), el("span", pct(c.answer.onTimeRate), { class: "answer-rate" }),
    el("span", num(c.answer.medianHours)), el("span", c.satisfaction.mean === null ? "—" : c.satisfaction.mean.toFixed(2)), el("span", pct(c.reopen.rate)),
    el("span", `${e.raised} (${e.warning}/${e.accountability})`, { class: "escalations" }),
    el("span", c.now.openOverdue, { class: c.now.openOverdue > 0 ? "overdue" : "" }), el("span", c.now.atRisk, { class: c.now.atRisk > 0 ? "at-risk" : "" })]);
  tr.dataset.unit = c.unit.id;
  return tr;
}
const COLUMNS = ["unitCol", "received", "dispatchRate", "answerRate", "medianHours", "satisfaction", "reopenRate", "escalationsRaised", "overdueNow", "atRiskNow"];
function kindSection(kind, res, period) {
  const s = el("section", null, { id: `kind-${kind}` });
  s.append(el("h2", t(`kind_${kind}`)));
  if (!res) s.append(el("p", t("supervisorsOnly"), { class: "not-yours" }));
  else if (res.status === 403) s.append(el("p", t("kindForbidden"), { class: "forbidden" }));
  else if (res.status !== 200) s.append(el("p", `${t("failed")} (${res.status}): ${res.body?.detail || res.body?.title || ""}`, { class: "error" }));
  else {
    const tb = table(COLUMNS, res.body.scorecards.map(cardRow));
    tb.id = `scorecards-${kind}`;
    const wrap = el("div", null, { class: "table-wrap" });
    wrap.append(tb);
    s.append(exportLinks("/api/exports/scorecards", `unit=${kind}&period=${period}`), wrap);
  }
  return s;
}
function rankingSection(res, period) {
  const s = el("section", null, { id: "ranking" });
  s.append(el("h2", t("ranking")));
  if (res.status !== 200) { s.append(el("p", res.status === 403 ? t("forbidden") : `${t("failed")} (${res.status})`, { class: "forbidden" })); return s; }
  const r = res.body;
  s.append(el("p", `${t("formula")}: ${r.formula}`, { class: "formula", id: "ranking-formula" }), el("p", `${t("tieRule")}: ${r.tieRule}`, { class: "formula" }),
    exportLinks("/api/exports/rankings", `period=${period}`));
  const ranked = table(["rank", "unitCol", "score", "answerRate", "dispatchRate", "satisfaction", "received", "explanation"], r.ranked.map(u => {
    const tr = row([el("span", u.rank === 1 ? `🚩 ${u.rank}` : u.rank), el("span", u.unit.name), el("span", u.score.toFixed(4)), el("span", pct(u.answerOnTimeRate)),
      el("span", pct(u.dispatchOnTimeRate)), el("span", u.satisfactionMean === null ? "—" : u.satisfactionMean.toFixed(2)), el("span", u.received), el("span", u.explanation)]);
    tr.dataset.unit = u.unit.id;
    return tr;
  }));
  ranked.id = "ranking-table";
  const unranked = table(["unitCol", "received", "reason_"], r.unranked.map(u => { const tr = row([el("span", u.unit.name), el("span", u.received), el("span", u.reason)]); tr.dataset.unit = u.unit.id; return tr; }));
  unranked.id = "unranked-table";
  s.append(ranked, el("h3", t("unranked")), unranked);
  return s;
}
// The on-time answer rate month by month: the zone's for supervisors, else the user's own unit's (the first
// card they may read). The period's own card is the one already read for its table; the five before it are read now.
async function rateByMonth(period, kind, current) {
  if (!kind) return null;
  const months = monthsEnding(period, 6);
  const reads = await Promise.all(months.slice(0, -1).map(m => api(`/api/scorecards?unit=${kind}&period=${m}`)));
  return months.map((m, i) => ({ label: m, value: rateOf(i < reads.length ? reads[i] : current) }));
}
const rateOf = res => res && res.status === 200 && res.body.scorecards.length ? res.body.scorecards[0].answer.onTimeRate : null;
let loads = 0;
async function load() {
  const mine = ++loads;
  const asked = chosenPeriod();
  const readable = KINDS.filter(mayRead);
  const readKinds = async () => Object.fromEntries(await Promise.all(readable.map(async k => [k, await api(`/api/scorecards?unit=${k}${asked ? `&period=${asked}` : ""}`)])));
  const chartKind = seesAll() ? "zone" : readable[0];
  // A month in the address: every read at once. None: the tables' reads say which month is current, then the rest.
  let reads, ranking, rates;
  if (asked) [reads, ranking, rates] = await Promise.all([readKinds(), seesAll() ? api(`/api/rankings?period=${asked}`) : null, rateByMonth(asked, chartKind, null)]);
  else reads = await readKinds();
  if (mine !== loads) return;
  const answered = Object.values(reads).find(r => r.status === 200);
  if (!answered) {
    const first = Object.values(reads)[0];
    if (first) refusal(first); else notice("error", t("forbidden"));
    return;
  }
  const period = asked || answered.body.period.from.slice(0, 7);
  if (asked) { if (rates) rates[rates.length - 1].value = rateOf(reads[chartKind]); }   // read alongside, not before
  else [ranking, rates] = await Promise.all([seesAll() ? api(`/api/rankings?period=${period}`) : null, rateByMonth(period, chartKind, reads[chartKind])]);
  if (mine !== loads) return;

  const content = document.getElementById("content");
  content.replaceChildren(periodForm(period));
  if (ranking) content.append(rankingSection(ranking, period));
  const charts = el("section", null, { id: "charts", class: "charts" });
  if (rates) { const box = el("div"); box.append(el("h2", t("chartAnswerRate")), rateChart("chart-answer-rate", t("chartAnswerRate"), rates)); charts.append(box); }
  const units = ["department", "taskForce", "secretary"].flatMap(k => reads[k]?.status === 200 ? reads[k].body.scorecards : [])
    .filter(c => c.escalations.raised > 0).sort((a, b) => b.escalations.raised - a.escalations.raised);
  const box = el("div");
  box.append(el("h2", t("chartEscalations")), stackChart("chart-escalations", t("chartEscalations"), units.map(c => ({ label: c.unit.name,
    parts: [{ value: c.escalations.warning, color: "#b86e00" }, { value: c.escalations.accountability, color: "#b00" }] })),
    [{ name: t("warnings"), color: "#b86e00" }, { name: t("accountabilities"), color: "#b00" }]));
  charts.append(box);
  content.append(charts);
  for (const kind of KINDS) content.append(kindSection(kind, reads[kind], period));
  if (seesAll()) content.append(exportLinksEscalations());
}
function exportLinksEscalations() {
  const p = el("p", null, { class: "exports", id: "escalation-exports" });
  p.append(el("a", `${t("exportEscalations")} CSV`, { href: "/api/exports/escalations?includeClosed=true&format=csv", class: "button", download: "" }), " ",
    el("a", `${t("exportEscalations")} Excel`, { href: "/api/exports/escalations?includeClosed=true&format=xlsx", class: "button", download: "" }));
  return p;
}
guarded("scorecards", load);
