#!/usr/bin/env bash
# Start-up, measured from outside: starts the service (a built or published ProjectTracker.dll) in
# Production on a database with its schema applied and the demo zone seeded, and prints
#   ready_ms (process start to /health/ready 200), first_filing_ms (the first POST /api/requests),
#   rss_mb (resident memory after that filing), then stops it with SIGTERM (exit code printed).
# Usage: deploy/ready-time.sh DLL CONNECTION_STRING CONTACT_TOKEN [PORT]   (Auth__SigningKey from the environment)
# The token is a contact's, from `seed-demo` run with the same key (README, Benchmarks: start-up).
set -euo pipefail
DLL="$1"; CONN="$2"; TOKEN="$3"; PORT="${4:-5391}"
URL="http://127.0.0.1:$PORT"
now_ms() { date +%s%3N; }
start=$(now_ms)
ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Marten="$CONN" ASPNETCORE_URLS="$URL" \
  Logging__LogLevel__Default=Warning dotnet "$DLL" >/dev/null 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$URL/health/ready"; do
  kill -0 $pid 2>/dev/null || { echo "the service exited" >&2; exit 1; }
  [ $(( $(now_ms) - start )) -lt 60000 ] || { echo "not ready after 60 s" >&2; exit 1; }
  sleep 0.02
done
ready=$(( $(now_ms) - start ))
t=$(now_ms)
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/api/requests" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -H "Idempotency-Key: ready-time-$t-$RANDOM" \
  -d '{"category":"Funding","title":"Start-up measurement","description":"First filing after start."}')
first=$(( $(now_ms) - t ))
rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))
kill -TERM $pid; set +e; wait $pid; rc=$?; set -e; trap - EXIT
echo "ready_ms=$ready first_filing_ms=$first (HTTP $code) rss_mb=$rss exit=$rc"
