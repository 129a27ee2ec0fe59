"use strict";
// The console's home: a supervisor goes to the escalation queue, anyone else to the dispatch desk (which says 403 to whoever may not see it).
guarded("home", async () => {
  location.replace(has("supervisor") || has("admin") ? "escalations.html" : "dispatch.html");
});
