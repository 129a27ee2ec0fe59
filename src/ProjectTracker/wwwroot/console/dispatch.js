"use strict";
// The dispatch desk (GET /api/queues/dispatch?all=true): undispatched requests by due, overdue and at-risk marked.
guarded("dispatch", async () => {
  const res = await api("/api/queues/dispatch?all=true&pageSize=200");
  const content = document.getElementById("content");
  if (res.status !== 200) { refusal(res); return; }
  content.append(table(["number", "titleCol", "filed", "due", "marks"], res.body.items.map(q => {
    const mark = q.overdue ? el("span", t("overdue"), { class: "overdue" }) : q.atRisk ? el("span", t("atRisk"), { class: "at-risk" }) : el("span");
    const tr = row([el("a", q.number, { href: `request.html?id=${encodeURIComponent(q.requestId)}` }), el("span", q.title, { class: "title" }),
      el("span", when(q.filedAt)), el("span", when(q.dispatchDue)), mark]);
    tr.dataset.request = q.requestId;
    return tr;
  })));
});
