#!/usr/bin/env bash
# The benchmark (tests/ProjectTracker.Benchmarks), every figure from one command, against the local
# PostgreSQL cluster or PT_BENCH_POSTGRES when set (its Database=… names the run's databases:
# <name>_bench_<phase>_<time>, dropped at the end; the ten-year one, <name>_bench_tenyears_bulk, is kept and seeded again whole when it holds fewer requests than asked). pgbench comes from the same PostgreSQL package.
#   deploy/bench.sh            full run (~15 minutes, plus the ten-year seeding the first time); writes tests/ProjectTracker.Benchmarks/results/latest.md
#   deploy/bench.sh --smoke    every phase at small sizes (~1 minute; deploy/test.sh runs it); writes .data/bench/smoke.md
# Options: --only limit,mixed,burst,tenyears,asof  --requests N (ten-year size, 1000000)  --no-rebuild (skip timing rebuild-scorecards)  --seconds N  --rounds N  --clients N  --mixed-seconds N  --deadlines N
#          --results FILE  --keep-databases
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${PT_BENCH_POSTGRES:-}" ]; then
  PT_BENCH_POSTGRES="$("$ROOT/deploy/postgres.sh" start)"
  export PT_BENCH_POSTGRES
fi
exec dotnet run --project "$ROOT/tests/ProjectTracker.Benchmarks" -c Release -- "$@"
