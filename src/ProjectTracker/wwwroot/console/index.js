"use strict";
// The console's home: each user goes to the page of their work (a supervisor's queue, the dispatch desk, their tasks).
guarded("home", async () => {
  const page = has("supervisor") || has("admin") ? "escalations.html" : has("dispatcher") ? "dispatch.html" : has("staff") || has("lead") ? "tasks.html" : null;
  if (page) location.replace(page); else notice("error", t("forbidden"));
});
