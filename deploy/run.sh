#!/usr/bin/env bash
# Runs the service. Without ConnectionStrings__Marten it starts the private PostgreSQL cluster
# (deploy/postgres.sh) and points the service at it. Listens on PT_URLS (default 127.0.0.1:5080).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$("$ROOT/deploy/postgres.sh" start)"
  export ConnectionStrings__Marten
  # No identity provider configured: use the clearly marked development signing key.
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
fi
exec dotnet run --project "$ROOT/src/ProjectTracker" -c Release --no-launch-profile -- --urls "${PT_URLS:-http://127.0.0.1:5080}" "$@"
