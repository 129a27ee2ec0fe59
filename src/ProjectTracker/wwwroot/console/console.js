// The console's one script: the API with the user's console session (a cookie the script never sees,
// and the anti-forgery token /console/session gives, sent with every command), text in 中文 (default) or English.
// Untrusted text (titles, summaries, replies) is only ever set with textContent, never as HTML.
"use strict";
const TEXT = {
  zh: {
    clockExplanation: "时限计算过程", explainedConsistent: "每个期限均可由事件与节假日历复算得出。", explainedMismatch: "有期限与复算结果不一致（标红）。",
    clock_Dispatch: "分解推送", clock_Resolution: "办结答复", clock_Task: "任务", used: "已用", left: "剩余", overrun: "超出",
    outcome_Running: "计时中", outcome_Paused: "已暂停", outcome_Met: "按时完成", outcome_Breached: "已超时", outcome_Withdrawn: "已撤回", outcome_Closed: "已关闭", outcome_HandedBack: "已退回",
    step: "步骤", basis: "依据", step_Started: "开始计时", step_Paused: "暂停", step_Resumed: "恢复", step_AtRisk: "临近超时", step_Recomputed: "按日历重算",
    step_Transferred: "移交", step_Met: "完成", step_Breached: "超时", step_Withdrawn: "撤回", step_Closed: "关闭", step_HandedBack: "退回", step_Superseded: "被替代",
    title: "企业服务督查台", signIn: "登录", signOut: "退出", home: "首页", myTasks: "我的任务",
    escalations: "督查队列", dispatch: "派单台", request: "诉求详情", number: "编号", titleCol: "标题", level: "级别", kind: "类型",
    named: "责任方", due: "期限", late: "超时", status: "状态", actions: "操作", acknowledge: "签收", close: "办结",
    filed: "提交时间", marks: "标记", overdue: "已超时", atRisk: "临近超时", clocks: "时限", tasks: "任务", timeline: "办理过程",
    clock: "时限", started: "开始", met: "完成", breached: "超时于", paused: "中止", event: "事件", at: "时间", by: "操作人",
    dispatchTo: "分解推送至部门、专班", instructions: "办理要求", dispatchAction: "推送", assignee: "承办单位", state: "状态",
    empty: "暂无记录", loading: "加载中…", done: "已完成。",
    stale: "该记录已被他人修改（412）：您看到的是旧版本，操作未执行。请刷新后再试。",
    forbidden: "您的账号无权访问此页面（403）。", failed: "操作失败",
    accept: "签收", resolve: "办结答复", handBack: "退回", reply: "答复内容", reason: "退回理由", open: "办理", request_: "诉求",
    decide: "记录决定", decision: "决定", note: "说明", person: "责任人", department: "责任部门",
    NoFault: "无责", WarningIssued: "警示", Accountability: "追责问责",
    filters: "筛选", any: "全部", includeClosed: "含已办结", apply: "查询",
    Warning: "预警", DispatchOverdue: "派单超时", ResolutionOverdue: "答复超时", MilestoneOverdue: "节点超时", ProcedureOverdue: "手续超时",
    lang: "English", hours: "小时", dispatchDue: "派单期限", resolutionDue: "答复期限", details: "详情", description: "内容",
    progress: "进展情况", noteProgress: "记录进展", progressNotes: "办理进展", transfer: "移交", transferTo: "移交至", transferReason: "移交理由",
    departments: "部门", taskForces: "专班", Department: "部门", TaskForce: "专班",
    decompose: "分解推送", addUnit: "增加承办单位", removeUnit: "移除", unitN: "承办单位",
    scorecards: "考核与流动红旗", period: "考核月份", ranking: "流动红旗排名", formula: "计分公式", tieRule: "同分规则", unranked: "未参与排名",
    unitCol: "单位", received: "收到诉求", dispatchRate: "按时派单率", answerRate: "按时答复率", medianHours: "答复用时中位数（工时）",
    satisfaction: "满意度", reopenRate: "重办率", escalationsRaised: "督查件（预警/追责）", overdueNow: "当前超时", atRiskNow: "当前临近超时",
    rank: "名次", score: "得分", explanation: "说明", reason_: "原因", exportCsv: "导出 CSV", exportXlsx: "导出 Excel", exportEscalations: "导出督查件（含已办结）",
    kind_department: "部门考核", kind_taskForce: "专班考核", kind_secretary: "秘书考核", kind_zone: "全区考核",
    chartAnswerRate: "按时答复率（近6个月）", chartEscalations: "各单位督查件（本月）", warnings: "预警", accountabilities: "追责问责",
    supervisorsOnly: "仅督查、管理员可查看。", kindForbidden: "您的账号无权查看此类单位的考核（403）。", charts: "图表", projects: "重点项目",
    lateOnly: "只看逾期", investment: "投资额（亿元）", industry: "行业", stage: "阶段", taskForce: "专班", planned: "计划", actual: "实际",
    ahead: "提前", behind: "滞后", overdueBy: "逾期", daysUnit: "天", notPlanned: "未计划", startAtRisk: "开工手续风险", prev: "上一页", next: "下一页",
    page: "第 {0} / {1} 页", replanned: "原计划", Registered: "已登记", Signed: "签约", ConstructionStarted: "开工", PlantDelivered: "厂房交付",
    MovedIn: "企业入驻", ProductionStarted: "投产", FullProduction: "达产", Active: "推进中", Suspended: "暂停", Cancelled: "已取消",
  },
  en: {
    clockExplanation: "How the due times were reached", explainedConsistent: "Every due time is reproduced from the events and the holiday calendar.", explainedMismatch: "A due time differs from its recomputation (in red).",
    clock_Dispatch: "Dispatch", clock_Resolution: "Resolution", clock_Task: "Task", used: "used", left: "left", overrun: "overrun",
    outcome_Running: "running", outcome_Paused: "paused", outcome_Met: "met", outcome_Breached: "breached", outcome_Withdrawn: "withdrawn", outcome_Closed: "closed", outcome_HandedBack: "handed back",
    step: "Step", basis: "Basis", step_Started: "Started", step_Paused: "Paused", step_Resumed: "Resumed", step_AtRisk: "At risk", step_Recomputed: "Recomputed on the calendar",
    step_Transferred: "Transferred", step_Met: "Met", step_Breached: "Breached", step_Withdrawn: "Withdrawn", step_Closed: "Closed", step_HandedBack: "Handed back", step_Superseded: "Superseded",
    title: "Supervision console", signIn: "Sign in", signOut: "Sign out", home: "Home", myTasks: "My tasks",
    escalations: "Escalations", dispatch: "Dispatch desk", request: "Request", number: "Number", titleCol: "Title", level: "Level", kind: "Kind",
    named: "Named", due: "Due", late: "Late by", status: "Status", actions: "Actions", acknowledge: "Acknowledge", close: "Close",
    filed: "Filed", marks: "Marks", overdue: "Overdue", atRisk: "At risk", clocks: "Clocks", tasks: "Tasks", timeline: "Timeline",
    clock: "Clock", started: "Started", met: "Met", breached: "Breached at", paused: "Paused", event: "Event", at: "At", by: "By",
    dispatchTo: "Dispatch to departments and task forces", instructions: "Instructions", dispatchAction: "Dispatch", assignee: "Assignee", state: "State",
    empty: "Nothing here", loading: "Loading…", done: "Done.",
    stale: "Someone changed this record since you loaded it (412): nothing was done. Reload and try again.",
    forbidden: "Your account may not open this page (403).", failed: "Failed",
    accept: "Accept", resolve: "Resolve", handBack: "Hand back", reply: "Reply", reason: "Reason", open: "Open", request_: "Request",
    decide: "Record decision", decision: "Decision", note: "Note", person: "Responsible person", department: "Responsible department",
    NoFault: "No fault", WarningIssued: "Warning issued", Accountability: "Accountability",
    filters: "Filters", any: "All", includeClosed: "Include closed", apply: "Show",
    Warning: "Warning", DispatchOverdue: "Dispatch overdue", ResolutionOverdue: "Resolution overdue", MilestoneOverdue: "Milestone overdue", ProcedureOverdue: "Procedure overdue",
    lang: "中文", hours: "h", dispatchDue: "Dispatch", resolutionDue: "Resolution", details: "Details", description: "Description",
    progress: "Progress", noteProgress: "Note progress", progressNotes: "Progress notes", transfer: "Transfer", transferTo: "Transfer to", transferReason: "Reason for the transfer",
    departments: "Departments", taskForces: "Task forces", Department: "Department", TaskForce: "Task force",
    decompose: "Dispatch", addUnit: "Add a unit", removeUnit: "Remove", unitN: "Unit",
    scorecards: "Scorecards and red flag", period: "Month", ranking: "Red flag ranking", formula: "Formula", tieRule: "Ties", unranked: "Not ranked",
    unitCol: "Unit", received: "Received", dispatchRate: "Dispatch on time", answerRate: "Answer on time", medianHours: "Median answer (working h)",
    satisfaction: "Satisfaction", reopenRate: "Reopened", escalationsRaised: "Escalations (warning/accountability)", overdueNow: "Overdue now", atRiskNow: "At risk now",
    rank: "Rank", score: "Score", explanation: "Explanation", reason_: "Reason", exportCsv: "Export CSV", exportXlsx: "Export Excel", exportEscalations: "Export escalations (closed too)",
    kind_department: "Departments", kind_taskForce: "Task forces", kind_secretary: "Secretaries", kind_zone: "The zone",
    chartAnswerRate: "On-time answer rate (last 6 months)", chartEscalations: "Escalations by unit (this month)", warnings: "Warning", accountabilities: "Accountability",
    supervisorsOnly: "Supervisors and administrators only.", kindForbidden: "Your account may not read these units' scorecards (403).", charts: "Charts", projects: "Key projects",
    lateOnly: "Late only", investment: "Investment (100M yuan)", industry: "Industry", stage: "Stage", taskForce: "Task force", planned: "Planned", actual: "Actual",
    ahead: "ahead", behind: "behind", overdueBy: "Overdue", daysUnit: "days", notPlanned: "not planned", startAtRisk: "Start at risk", prev: "Previous", next: "Next",
    page: "Page {0} of {1}", replanned: "first planned", Registered: "Registered", Signed: "Signed", ConstructionStarted: "Construction started", PlantDelivered: "Plant delivered",
    MovedIn: "Moved in", ProductionStarted: "Production started", FullProduction: "Full production", Active: "Active", Suspended: "Suspended", Cancelled: "Cancelled",
  },
};
const lang = () => localStorage.getItem("pt.lang") === "en" ? "en" : "zh";
const t = key => TEXT[lang()][key] ?? key;
// Who is signed in, and the anti-forgery token (GET /console/session), read once per page.
let session = null;
const has = role => !!session && session.roles.includes(role);
const toSignIn = () => { location.href = `/console/sign-in?returnUrl=${encodeURIComponent(location.pathname + location.search)}`; };

function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
function row(cells) { const tr = el("tr"); for (const c of cells) { const td = el("td"); td.append(c); tr.append(td); } return tr; }
function table(headers, rows) {
  const tb = el("table"), head = el("thead"), hr = el("tr");
  for (const h of headers) hr.append(el("th", t(h)));
  head.append(hr); tb.append(head);
  const body = el("tbody");
  if (rows.length === 0) { const r = row([t("empty")]); r.firstChild.colSpan = headers.length; body.append(r); }
  rows.forEach(r => body.append(r));
  tb.append(body); return tb;
}
const when = iso => iso ? new Date(iso).toLocaleString(lang() === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", hour12: false }) : "";
const lateBy = iso => { const h = (Date.now() - new Date(iso)) / 3.6e6; return h > 0 ? `${h.toFixed(1)} ${t("hours")}` : ""; };

// The directory's departments and task forces (each {kind, id, name}), read once per page: the places a task can go.
let assigneesRead = null;
function assignees() {
  assigneesRead ??= Promise.all([["Department", "/api/departments?pageSize=200"], ["TaskForce", "/api/task-forces?pageSize=200"]].map(async ([kind, path]) => {
    const res = await api(path);
    return res.status === 200 ? res.body.items.map(u => ({ kind, id: u.id, name: u.name })) : [];
  })).then(lists => lists.flat());
  return assigneesRead;
}
// A select of departments and task forces (grouped; each option's value the unit's id, data-kind its kind);
// the ids in `leaveOut` are not offered.
async function assigneeSelect(id, leaveOut) {
  const select = el("select", null, { id });
  const all = await assignees();
  for (const kind of ["Department", "TaskForce"]) {
    const group = el("optgroup", null, { label: t(kind === "Department" ? "departments" : "taskForces") });
    for (const u of all.filter(u => u.kind === kind && !(leaveOut || []).includes(u.id))) group.append(el("option", u.name, { value: u.id, "data-kind": kind }));
    select.append(group);
  }
  return select;
}
const assigneeOf = select => ({ assigneeKind: select.selectedOptions[0]?.dataset.kind, assigneeId: select.value });

function notice(kind, text) { const n = document.getElementById("notice"); n.className = kind; n.textContent = text; }

// One call to the API with the session's cookie. Answers {status, etag, body}; 401 (the session ended) sends the user to sign in.
async function api(path, options) {
  const o = options || {};
  const method = o.method || "GET";
  const headers = {};
  if (o.body !== undefined) headers["Content-Type"] = "application/json";
  if (o.ifMatch) headers["If-Match"] = o.ifMatch;
  if (method !== "GET" && session) headers[session.headerName] = session.requestToken;
  const r = await fetch(path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), cache: "no-store", credentials: "same-origin" });
  const body = (r.headers.get("Content-Type") || "").includes("json") ? await r.json() : null;
  if (r.status === 401) toSignIn();
  return { status: r.status, etag: r.headers.get("ETag"), body };
}
// A refusal shown as the user needs it: 412 plainly (someone changed the record), 403, else the ProblemDetails' title.
function refusal(res) {
  if (res.status === 412) notice("stale", t("stale"));
  else if (res.status === 403) notice("error", t("forbidden"));
  else {
    const fields = Object.values(res.body?.errors || {}).flat().join(" ");
    notice("error", `${t("failed")} (${res.status}): ${res.body?.detail || res.body?.title || ""} ${fields}`);
  }
}

function frame(titleKey) {
  document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
  document.title = `${t(titleKey)} · ${t("title")}`;
  const h = el("header");
  h.append(el("strong", t("title")));
  if (session) {
    // Only the pages this user's roles reach through the API.
    if (has("supervisor") || has("admin")) h.append(el("a", t("escalations"), { href: "escalations.html", id: "nav-escalations" }));
    if (has("dispatcher")) h.append(el("a", t("dispatch"), { href: "dispatch.html", id: "nav-dispatch" }));
    if (has("staff") || has("lead")) h.append(el("a", t("myTasks"), { href: "tasks.html", id: "nav-tasks" }));
    // Every console role reads some scorecard (GET /api/scorecards: supervisors, admins all; staff, leads, secretaries their own unit's).
    h.append(el("a", t("scorecards"), { href: "scorecards.html", id: "nav-scorecards" }));
    // The portfolio: supervisors and admins see every project, a task force's staff and lead its own (GET /api/projects).
    if (has("supervisor") || has("admin") || has("staff") || has("lead")) h.append(el("a", t("projects"), { href: "projects.html", id: "nav-projects" }));
    h.append(el("span", session.name || "", { id: "user-name" }));
    // Sign-out is a form post carrying the anti-forgery token, like every state change.
    const out = el("form", null, { method: "post", action: "/console/sign-out", id: "sign-out-form" });
    out.append(el("input", null, { type: "hidden", name: session.formField, value: session.requestToken }), el("button", t("signOut"), { id: "sign-out", type: "submit" }));
    h.append(out);
  }
  const l = el("button", t("lang"), { id: "lang", type: "button" });
  l.onclick = () => { localStorage.setItem("pt.lang", lang() === "zh" ? "en" : "zh"); location.reload(); };
  h.append(l);
  document.body.prepend(h);
  document.getElementById("heading").textContent = t(titleKey);
}
async function guarded(titleKey, load) {
  const r = await fetch("/console/session", { cache: "no-store", credentials: "same-origin" });
  if (r.status !== 200) { frame(titleKey); toSignIn(); return; }
  session = await r.json();
  frame(titleKey);
  try { await load(); } catch (e) { notice("error", `${t("failed")}: ${e.message}`); }
}
