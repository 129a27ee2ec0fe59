#!/usr/bin/env bash
# Writes Wolverine's generated handler and endpoint code ahead (src/ProjectTracker/Internal/Generated),
# which production loads as compiled types (TypeLoadMode.Static) instead of compiling at start-up.
# Run it after changing a handler, an endpoint or a message; commit the result.
# Operations/GeneratedCodeIsCurrentTests fails while the committed code is stale. No database is needed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The old code may no longer compile against the changed handlers: build without it first.
rm -rf "$ROOT/src/ProjectTracker/Internal/Generated"
export ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Marten="${ConnectionStrings__Marten:-Host=127.0.0.1;Database=unused}"
dotnet build "$ROOT/src/ProjectTracker" -c Release -v quiet -nologo >/dev/null
dotnet run --project "$ROOT/src/ProjectTracker" -c Release --no-build --no-launch-profile -- codegen write | grep -c "Wrote generated code file" \
  | xargs -I{} echo "codegen.sh: {} files in src/ProjectTracker/Internal/Generated"
