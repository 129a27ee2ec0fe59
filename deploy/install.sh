#!/usr/bin/env bash
# Installs (or upgrades) ProjectTracker on a plain Linux server with systemd and the ASP.NET Core 10
# runtime, from `dotnet publish` output:
#   sudo deploy/install.sh                 # publishes this checkout first (needs the .NET SDK)
#   sudo deploy/install.sh PUBLISH_DIR     # or installs a folder published elsewhere
# Steps: user `projecttracker`; the files to /opt/projecttracker; /etc/projecttracker/projecttracker.env
# from deploy/projecttracker.env.example if absent (then it stops: fill it in and run it again); the
# schema with db-apply (as the service's user, with those settings); the unit; start; wait for ready.
# PT_ROOT=/some/dir installs under that folder instead of / and skips systemd (deploy/recipe-check.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${PT_ROOT:-}"
APP="$ROOT/opt/projecttracker"; ETC="$ROOT/etc/projecttracker"; UNITS="$ROOT/etc/systemd/system"
say() { echo "install.sh: $*" >&2; }

dotnet --list-runtimes 2>/dev/null | grep -q '^Microsoft.AspNetCore.App 10\.' \
  || { say "the ASP.NET Core 10 runtime is missing: apt-get install aspnetcore-runtime-10.0 (Microsoft's package repository)"; exit 1; }

SRC="${1:-}"
if [ -z "$SRC" ]; then
  SRC="$(mktemp -d)"
  say "publishing to $SRC"
  dotnet publish "$HERE/../src/ProjectTracker" -c Release -o "$SRC" -v quiet -nologo >/dev/null
fi
[ -f "$SRC/ProjectTracker.dll" ] || { say "$SRC holds no ProjectTracker.dll"; exit 1; }

if [ -z "$ROOT" ]; then
  id projecttracker >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin projecttracker
  RUNAS=(runuser -u projecttracker --)
else
  RUNAS=()
fi

mkdir -p "$APP" "$ETC" "$UNITS"
# The new version replaces the old one whole (no stale assembly left behind).
rm -rf "$APP.new" && cp -a "$SRC" "$APP.new" && rm -rf "$APP" && mv "$APP.new" "$APP"
chmod -R a+rX,go-w "$APP"

if [ ! -f "$ETC/projecttracker.env" ]; then
  install -m 0640 "$HERE/projecttracker.env.example" "$ETC/projecttracker.env"
  [ -n "$ROOT" ] || chgrp projecttracker "$ETC/projecttracker.env"
  say "wrote $ETC/projecttracker.env: set the database and the signing key (or authority), then run this again"
  exit 2
fi
grep -q 'CHANGE-ME' "$ETC/projecttracker.env" && { say "$ETC/projecttracker.env still says CHANGE-ME"; exit 2; }

# The settings exactly as systemd passes them (EnvironmentFile: KEY=value lines, no shell).
mapfile -t SETTINGS < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$ETC/projecttracker.env")
run() { (cd "$APP" && env -i PATH=/usr/bin:/bin "${SETTINGS[@]}" "${RUNAS[@]}" /usr/bin/dotnet "$APP/ProjectTracker.dll" "$@"); }

say "applying the schema (db-apply)"
run db-apply | tail -n 1

if [ -n "$ROOT" ]; then say "installed under $ROOT (no systemd)"; exit 0; fi
install -m 0644 "$HERE/projecttracker.service" "$UNITS/projecttracker.service"
systemctl daemon-reload
systemctl enable projecttracker >/dev/null
systemctl restart projecttracker
url="$(grep -E '^ASPNETCORE_URLS=' "$ETC/projecttracker.env" | cut -d= -f2 | cut -d';' -f1)"
url="${url:-http://127.0.0.1:5000}"
for _ in $(seq 1 60); do
  if curl -sf -o /dev/null "$url/health/ready"; then say "ready: $url/health/ready"; exit 0; fi
  sleep 1
done
say "not ready after 60 s: journalctl -u projecttracker -n 50"; exit 1
