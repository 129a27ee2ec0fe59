#!/usr/bin/env bash
# How long each console page takes to load, p50 and p95 over LOADS loads (default 50), against a
# running service in Development (./deploy/run.sh, after ./deploy/run.sh seed-demo):
#   RateLimits__Burst=100000 RateLimits__PerSecond=100000 ./deploy/run.sh    # then, elsewhere:
#   deploy/console-timing.sh [base address, default http://127.0.0.1:5080]
# The service must run with its per-user rate limit raised (as the benchmark does): 50 loads of a page
# in a row are far more than one person makes (a 429 stops the script, saying so).
# Signs in through the development sign-in page as the demo supervisor, a dispatcher and a staff
# member (a cookie each), then loads each page as a browser does: the page (rendered on the server,
# its data read there) and its static files together (curl --parallel). A load's time is the wall
# time of that step, curl's start-up included: an upper bound on what a browser waits.
set -euo pipefail
BASE="${1:-http://127.0.0.1:5080}"
LOADS="${LOADS:-50}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

# Sign in as the first user listed with exactly this role; the cookie jar is $WORK/<role>.
sign_in() {
  local role="$1" jar="$WORK/$1" page token user
  page="$(curl -fsS -c "$jar" -b "$jar" "$BASE/console/sign-in")"
  token="$(grep -o 'name="__RequestVerificationToken" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//;s/"$//')"
  user="$(grep -o "<tr data-user=\"[^\"]*\"><td>[^<]*</td><td class=\"roles\">$role</td>" <<<"$page" | head -1 | sed 's/<tr data-user="//;s/".*//')"
  [ -n "$user" ] || { echo "console-timing: no $role on the sign-in page (Development, after seed-demo?)" >&2; exit 1; }
  curl -fsS -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "userId=$user" "$BASE/console/sign-in"
}
sign_in supervisor; sign_in dispatcher; sign_in staff

get() { curl -fsS -b "$WORK/$1" "$BASE$2"; }
# A request for the request page: the first the supervisor's list holds.
REQUEST="$(get supervisor '/api/requests?pageSize=1' | jq -r '.items[0].id // empty')"

STATIC="/console/console.css /console/console.js /console/favicon.svg"
# page | role | steps separated by ';', each step's URLs fetched at once
PAGES=(
  "escalations|supervisor|/console/escalations $STATIC"
  "dispatch|dispatcher|/console/dispatch $STATIC"
  "tasks|staff|/console/tasks $STATIC"
  "scorecards|supervisor|/console/scorecards $STATIC"
  "projects|supervisor|/console/projects $STATIC"
)
[ -n "$REQUEST" ] && PAGES+=("request|supervisor|/console/requests/$REQUEST $STATIC")

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
printf '%-12s %6s %6s %6s  (ms over %d loads; each load: %s)\n' page p50 p95 max "$LOADS" "the page with its static files"
for entry in "${PAGES[@]}"; do
  IFS='|' read -r name role steps <<<"$entry"
  times=()
  for ((n = 0; n < LOADS; n++)); do
    total=0
    IFS=';' read -ra groups <<<"$steps"
    for group in "${groups[@]}"; do
      args=(); for u in $group; do args+=(-o /dev/null "$BASE$u"); done
      start=$(now_ms)
      if ! curl -fsS --no-progress-meter --parallel --parallel-max 6 -b "$WORK/$role" "${args[@]}" 2>"$WORK/err"; then
        echo "console-timing: $name: $(head -1 "$WORK/err") (429: raise RateLimits__Burst and RateLimits__PerSecond)" >&2; exit 1
      fi
      total=$((total + $(now_ms) - start))
    done
    times+=("$total")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{ v[NR] = $1 } END {
    p50 = v[int((NR - 1) * 0.50) + 1]; p95 = v[int((NR - 1) * 0.95) + 1]; printf "%-12s %6d %6d %6d\n", name, p50, p95, v[NR] }'
done
