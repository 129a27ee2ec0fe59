#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL. Without PT_TEST_POSTGRES it starts the
# private cluster (deploy/postgres.sh); each test class then creates its own database in it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${PT_TEST_POSTGRES:-}" ]; then
  PT_TEST_POSTGRES="$("$ROOT/deploy/postgres.sh" start)"
  export PT_TEST_POSTGRES
fi
LOG="$(mktemp)"
set +e
dotnet test "$ROOT/ProjectTracker.sln" -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
# One plain closing line for CI: "N passed, N failed".
count() { { grep -Eo "$1: +[0-9]+" "$LOG" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed); failed=$(count Failed)
rm -f "$LOG"
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
if [ "$rc" -eq 0 ] && [ "${passed:-0}" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$rc"
