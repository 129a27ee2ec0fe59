#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL. Without PT_TEST_POSTGRES it starts the
# private cluster (deploy/postgres.sh); each test class then creates its own database in it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${PT_TEST_POSTGRES:-}" ]; then
  PT_TEST_POSTGRES="$("$ROOT/deploy/postgres.sh" start)"
  export PT_TEST_POSTGRES
fi
# The console's browser tests need Debian's chromium and chromium-driver (installed when absent).
"$ROOT/deploy/chromium.sh"
LOG="$(mktemp)"
set +e
dotnet test "$ROOT/ProjectTracker.sln" -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
# One plain closing line for CI: "N passed, N failed".
count() { { grep -Eo "$1: +[0-9]+" "$LOG" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed); failed=$(count Failed)
rm -f "$LOG"
# The several-nodes proof, short form (README "Several nodes"), counted as one more test. Only on a
# whole run (no arguments, which would select tests), bounded to 5 minutes; PT_SKIP_NODES=1 skips it.
if [ "$#" -eq 0 ] && [ "${PT_SKIP_NODES:-}" != 1 ]; then
  echo "several nodes (short form): deploy/nodes.sh --requests 1000"
  set +e
  PT_NODES_POSTGRES="${PT_NODES_POSTGRES:-$PT_TEST_POSTGRES}" timeout 300 "$ROOT/deploy/nodes.sh" --requests 1000 \
    --results "$ROOT/.data/nodes/short.md"
  nodes_rc=$?
  set -e
  if [ "$nodes_rc" -eq 0 ]; then passed=$((passed + 1)); echo "  Passed SeveralNodes.KillOneMidBurst"
  else failed=$((failed + 1)); echo "  Failed SeveralNodes.KillOneMidBurst (exit $nodes_rc; .data/nodes/short.md)"; [ "$rc" -ne 0 ] || rc=1; fi
fi
# The benchmark's smoke run (README "Benchmarks"): every phase at small sizes, so the program cannot
# rot; its figures mean nothing. Counted as one more test; PT_SKIP_BENCH=1 skips it.
if [ "$#" -eq 0 ] && [ "${PT_SKIP_BENCH:-}" != 1 ]; then
  echo "benchmark (smoke): deploy/bench.sh --smoke"
  set +e
  mkdir -p "$ROOT/.data"
  PT_BENCH_POSTGRES="${PT_BENCH_POSTGRES:-$PT_TEST_POSTGRES}" timeout -k 10 300 "$ROOT/deploy/bench.sh" --smoke > "$ROOT/.data/bench-smoke.log" 2>&1
  bench_rc=$?
  set -e
  if [ "$bench_rc" -eq 0 ]; then passed=$((passed + 1)); echo "  Passed Benchmark.Smoke"
  else failed=$((failed + 1)); echo "  Failed Benchmark.Smoke (exit $bench_rc; .data/bench-smoke.log)"; [ "$rc" -ne 0 ] || rc=1; fi
fi
# What the deployment recipes rely on (README "Run in production"; no container engine or systemd
# here): publish output run as they run it. Counted as one test on a whole run; PT_SKIP_RECIPE=1 skips it.
if [ "$#" -eq 0 ] && [ "${PT_SKIP_RECIPE:-}" != 1 ]; then
  echo "deployment recipes: deploy/recipe-check.sh"
  set +e
  timeout 300 "$ROOT/deploy/recipe-check.sh"
  recipe_rc=$?
  set -e
  if [ "$recipe_rc" -eq 0 ]; then passed=$((passed + 1)); echo "  Passed Deployment.RecipeCheck"
  else failed=$((failed + 1)); echo "  Failed Deployment.RecipeCheck (exit $recipe_rc)"; [ "$rc" -ne 0 ] || rc=1; fi
fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
if [ "$rc" -eq 0 ] && [ "${passed:-0}" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$rc"
