"use strict";
// Sign-in: the pasted token is kept in this tab's sessionStorage; the form posts nowhere.
frame("signIn");
document.getElementById("token-label").textContent = t("tokenLabel");
document.getElementById("sign-in-button").textContent = t("signIn");
if (new URLSearchParams(location.search).has("signedOut")) notice("error", t("unauthorized"));
// A supervisor lands on the escalation queue, anyone else on the dispatch desk (which says 403 to whoever may not see it).
document.getElementById("sign-in").addEventListener("submit", async ev => {
  ev.preventDefault();
  const value = document.getElementById("token").value.trim().replace(/^Bearer\s+/i, "");
  if (!value) return;
  sessionStorage.setItem("pt.token", value);
  const probe = await api("/api/escalations?pageSize=1");
  if (probe.status !== 401) location.href = probe.status === 200 ? "escalations.html" : "dispatch.html";
});
