#!/usr/bin/env bash
# The several-nodes proof (README "Several nodes"): builds the service once (Release), then
# tests/ProjectTracker.Nodes starts three service processes on one fresh database, files requests
# across them, kills one with SIGKILL while their dispatch deadlines fall due, restarts it, and
# checks from the database that every deadline raised exactly one escalation. Exits non-zero if
# not. Uses PT_NODES_POSTGRES, else the private cluster (deploy/postgres.sh).
#   ./deploy/nodes.sh                      # short form: 1,000 requests (~2 minutes; deploy/test.sh runs it)
#   ./deploy/nodes.sh --requests 10000     # long form
# Other options: --filing-seconds S, --dispatch-seconds S (14.4), --down-seconds S (10),
# --kill-share F (0.3), --clients N (24), --results FILE (tests/ProjectTracker.Nodes/results/latest.md), --keep-database.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${PT_NODES_POSTGRES:-}" ]; then
  PT_NODES_POSTGRES="$("$ROOT/deploy/postgres.sh" start)"
  export PT_NODES_POSTGRES
fi
dotnet build -c Release "$ROOT/src/ProjectTracker" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/tests/ProjectTracker.Nodes" -v quiet -nologo >/dev/null
exec dotnet "$ROOT/tests/ProjectTracker.Nodes/bin/Release/net10.0/ProjectTracker.Nodes.dll" "$@"
