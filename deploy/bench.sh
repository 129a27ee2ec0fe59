#!/usr/bin/env bash
# Runs the benchmark program (tests/ProjectTracker.Benchmarks) against the local PostgreSQL
# cluster, or PT_BENCH_POSTGRES when set. Writes tests/ProjectTracker.Benchmarks/results/latest.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${PT_BENCH_POSTGRES:-}" ]; then
  PT_BENCH_POSTGRES="$("$ROOT/deploy/postgres.sh" start)"
  export PT_BENCH_POSTGRES
fi
exec dotnet run --project "$ROOT/tests/ProjectTracker.Benchmarks" -c Release -- "$@"
