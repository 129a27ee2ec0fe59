#!/usr/bin/env bash
# Runs the service, or one of its commands (`run.sh seed-demo`, `run.sh db-apply`, ...). Without
# ConnectionStrings__Marten it starts the private PostgreSQL cluster (deploy/postgres.sh) and runs in
# Development against it; never when ASPNETCORE_ENVIRONMENT names another environment (production
# brings its own database: README, Run in production). Listens on PT_URLS (default 127.0.0.1:5080).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${ConnectionStrings__Marten:-}" ] && [ "${ASPNETCORE_ENVIRONMENT:-Development}" = Development ]; then
  ConnectionStrings__Marten="$("$ROOT/deploy/postgres.sh" start)"
  export ConnectionStrings__Marten
  # No identity provider configured: use the clearly marked development signing key.
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
fi
exec dotnet run --project "$ROOT/src/ProjectTracker" -c Release --no-launch-profile -- --urls "${PT_URLS:-http://127.0.0.1:5080}" "$@"
