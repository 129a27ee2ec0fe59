#!/usr/bin/env bash
# Checks what the deployment recipes rely on, short of a container engine and systemd (neither runs
# here): `dotnet publish` output runs from its folder as an unprivileged user, with only the settings
# the recipes pass (Dockerfile + compose.yaml; projecttracker.env through install.sh); db-apply
# prepares an empty database; the Dockerfile's HEALTHCHECK command sees it ready; OTLP export reaches
# a receiver when OTEL_EXPORTER_OTLP_ENDPOINT is set; SIGTERM stops it with exit 0; the unit verifies.
# Uses PT_TEST_POSTGRES (else the local cluster, deploy/postgres.sh). Prints "recipe-check: ok".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER="${PT_TEST_POSTGRES:-$("$ROOT/deploy/postgres.sh" start)}"
WORK="$(mktemp -d /tmp/pt-recipe.XXXXXX)"; chmod 755 "$WORK"
DB="pt_recipe_$(date +%s)_$$"
say() { echo "recipe-check: $*" >&2; }
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  "$PSQL" "$ADMIN_URL" -qc "drop database if exists \"$DB\" with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# A libpq URL for psql from the Npgsql connection string (Host, Port, Username, Password).
kv() { printf '%s' "$SERVER" | tr ';' '\n' | sed -n "s/^$1=//Ip" | head -1; }
HOST="$(kv Host)"; PORT="$(kv Port)"; USER_="$(kv Username)"; PASS="$(kv Password)"
PSQL="$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | head -1)"; PSQL="${PSQL:-psql}"
ADMIN_URL="postgresql://${USER_}${PASS:+:$PASS}@${HOST}:${PORT:-5432}/postgres"
"$PSQL" "$ADMIN_URL" -qc "create database \"$DB\"" >/dev/null
CONN="Host=$HOST;Port=${PORT:-5432};Database=$DB;Username=$USER_${PASS:+;Password=$PASS}"
KEY="recipe-check-signing-key-0123456789-0123456789"

say "dotnet publish"
dotnet publish "$ROOT/src/ProjectTracker" -c Release -o "$WORK/pub" -v quiet -nologo >/dev/null
chmod -R a+rX "$WORK/pub"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
APP_PORT="$(free_port)"; OTLP_PORT="$(free_port)"

# An OTLP/HTTP receiver that notes which signals arrive (stands in for the collector).
cat > "$WORK/otlp.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with open(sys.argv[2], 'a') as f: f.write(self.path + '\n')
        self.send_response(200); self.send_header('Content-Type', 'application/x-protobuf'); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
PY
python3 "$WORK/otlp.py" "$OTLP_PORT" "$WORK/otlp.log" & PIDS+=($!); disown

# Exactly the container's settings (Dockerfile ENV + compose.yaml's x-settings), nothing inherited,
# run by an unprivileged user from the publish folder, as the image's `app` user runs it.
SETTINGS=(ASPNETCORE_ENVIRONMENT=Production "ASPNETCORE_URLS=http://127.0.0.1:$APP_PORT" DOTNET_CLI_TELEMETRY_OPTOUT=1
  "ConnectionStrings__Marten=$CONN" "Auth__SigningKey=$KEY"
  "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$OTLP_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
  OTEL_BSP_SCHEDULE_DELAY=500 OTEL_METRIC_EXPORT_INTERVAL=1000)
RUNAS=(); [ "$(id -u)" != 0 ] || RUNAS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
run() { (cd "$WORK/pub" && exec env -i PATH=/usr/bin:/bin "${SETTINGS[@]}" "${RUNAS[@]}" /usr/bin/dotnet ProjectTracker.dll "$@"); }

say "db-apply on an empty database"
applied="$(run db-apply)"
grep -q "0 unchanged, 2 migrated, 0 failed" <<<"$applied" || { say "db-apply did not migrate both stores: $applied"; exit 1; }

say "the service, as the container runs it"
(cd "$WORK/pub" && exec env -i PATH=/usr/bin:/bin "${SETTINGS[@]}" "${RUNAS[@]}" /usr/bin/dotnet ProjectTracker.dll) > "$WORK/service.log" 2>&1 &
SERVICE=$!; PIDS+=($SERVICE)
# The Dockerfile's HEALTHCHECK, on this port.
healthy() { bash -c "exec 3<>/dev/tcp/127.0.0.1/$APP_PORT && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '" 2>/dev/null; }
for _ in $(seq 1 120); do healthy && break; kill -0 $SERVICE 2>/dev/null || { cat "$WORK/service.log" >&2; exit 1; }; sleep 0.5; done
healthy || { say "not healthy after 60 s"; cat "$WORK/service.log" >&2; exit 1; }
# A call (refused: no token) makes a trace; metrics are exported every second.
curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/api/requests/paused"
for _ in $(seq 1 40); do grep -q /v1/traces "$WORK/otlp.log" 2>/dev/null && grep -q /v1/metrics "$WORK/otlp.log" && break; sleep 0.5; done
grep -q /v1/traces "$WORK/otlp.log" && grep -q /v1/metrics "$WORK/otlp.log" || { say "no OTLP traces and metrics received"; exit 1; }
grep -q '"TraceId"' "$WORK/service.log" || { say "no TraceId in the JSON logs"; exit 1; }

say "SIGTERM"
kill -TERM $SERVICE
set +e; wait $SERVICE; rc=$?; set -e
[ "$rc" = 0 ] || { say "exit $rc after SIGTERM"; tail -n 20 "$WORK/service.log" >&2; exit 1; }
! grep -q '"LogLevel":"\(Error\|Critical\)"' "$WORK/service.log" || { say "errors logged"; grep '"LogLevel":"\(Error\|Critical\)"' "$WORK/service.log" >&2; exit 1; }

say "install.sh into a folder (no systemd), then the service as the unit starts it"
mkdir -p "$WORK/root"
set +e; PT_ROOT="$WORK/root" "$ROOT/deploy/install.sh" "$WORK/pub" 2>/dev/null; rc=$?; set -e
[ "$rc" = 2 ] && grep -q CHANGE-ME "$WORK/root/etc/projecttracker/projecttracker.env" || { say "install.sh did not stop at the settings template"; exit 1; }
sed -i -e "s|^ConnectionStrings__Marten=.*|ConnectionStrings__Marten=$CONN|" -e "s|^Auth__SigningKey=.*|Auth__SigningKey=$KEY|" \
  -e "s|^ASPNETCORE_URLS=.*|ASPNETCORE_URLS=http://127.0.0.1:$APP_PORT|" "$WORK/root/etc/projecttracker/projecttracker.env"
installed="$(PT_ROOT="$WORK/root" "$ROOT/deploy/install.sh" "$WORK/pub" 2>&1)"
grep -q "2 unchanged, 0 migrated" <<<"$installed" || { say "install.sh's db-apply was not a no-op on an applied schema: $installed"; exit 1; }
mapfile -t UNIT_ENV < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$WORK/root/etc/projecttracker/projecttracker.env")
chmod -R a+rX "$WORK/root"
(cd "$WORK/root/opt/projecttracker" && exec env -i PATH=/usr/bin:/bin "${UNIT_ENV[@]}" "${RUNAS[@]}" /usr/bin/dotnet ProjectTracker.dll) > "$WORK/unit.log" 2>&1 & SERVICE=$!; PIDS+=($SERVICE)
for _ in $(seq 1 120); do healthy && break; kill -0 $SERVICE 2>/dev/null || { cat "$WORK/unit.log" >&2; exit 1; }; sleep 0.5; done
healthy || { say "installed service not ready"; exit 1; }
kill -TERM $SERVICE; set +e; wait $SERVICE; rc=$?; set -e
[ "$rc" = 0 ] || { say "installed service: exit $rc after SIGTERM"; exit 1; }

if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$ROOT/deploy/projecttracker.service" 2>&1 | grep -v "^$" && { say "the unit does not verify"; exit 1; } || true
fi
say "ok"
