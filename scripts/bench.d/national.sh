# shellcheck shell=bash
# scripts/bench section "national" (sourced by scripts/bench; issue 16 item 2). A whole
# country's data (`pasan bench-fixture national`: every series of every current indicator for
# the country, provinces and districts 2015–2030, about half by sex, PASAN_BENCH_VILLAGE_SERIES
# series (default 60) also for every village, plus a busy year's accounts, assignments, cycle
# and 50,000 activities), on SQLite and on a throwaway PostgreSQL. On each: start-up time (to a
# healthy /healthz), public pages and API lists uncached (`--cache-mb 0`, time to first byte,
# PASAN_BENCH_NATIONAL_RUNS requests each), the Secretariat's dashboards, progress recomputed
# for everything (`pasan bench-progress --recompute-only`), and the server's memory at the end.
# Targets (absolute, machine-dependent): public pages and lists p95 < 20 ms, dashboards p95 <
# 100 ms, progress < 2 s, start-up < 10 s, RSS < 300 MB.

NATIONAL_VILLAGE_SERIES="${PASAN_BENCH_VILLAGE_SERIES:-60}"
NATIONAL_RUNS="${PASAN_BENCH_NATIONAL_RUNS:-20}"
NATIONAL_PUBLIC_MS=20
NATIONAL_DASHBOARD_MS=100
NATIONAL_PROGRESS_S=2
NATIONAL_STARTUP_S=10
NATIONAL_RSS_MB=300
national_rows=()

# national_p95 URL [CURL_ARGS...]: "median p95 max" of the time to first byte in ms, or "" on a failure.
national_p95() {
  local url="$1" t i times=()
  shift
  for ((i = 0; i < NATIONAL_RUNS; i++)); do
    t="$(curl -fsS --noproxy '*' -o /dev/null "$@" -w '%{time_starttransfer}' "$url")" || return 0
    times+=("$(awk -v s="$t" 'BEGIN {printf "%.2f", s * 1000}')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR] = $1} END {printf "%.2f %.2f %.2f", v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)], v[NR]}'
}

# national_judge LABEL "median p95 max" TARGET_MS: one row of the table.
national_judge() {
  local label="$1" figures="$2" target="$3" med p95 mx verdict
  if [[ -z "$figures" ]]; then
    national_rows+=("$(printf '    %-46s request failed  FAIL' "$label")")
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
    return
  fi
  read -r med p95 mx <<<"$figures"
  verdict="$(awk -v m="$p95" -v t="$target" 'BEGIN {print (m < t ? "PASS" : "FAIL")}')"
  [[ "$verdict" == PASS ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
  national_rows+=("$(printf '    %-46s %8s %8s %8s  < %s ms  %s' "$label" "$med" "$p95" "$mx" "$target" "$verdict")")
}

# national_backend NAME URL QUERY: fixture, server, figures. QUERY runs one SQL statement.
national_backend() {
  local name="$1" url="$2" query="$3" t0 fixture_s port base started_s pid rss jar token vi province district line
  log "national ($name): building the fixture ($NATIONAL_VILLAGE_SERIES village-level series; this takes minutes)"
  t0=$EPOCHREALTIME
  if ! "$PASAN_BIN" bench-fixture national --village-series "$NATIONAL_VILLAGE_SERIES" --database-url "$url" \
    >"$OUT_DIR/raw/national-fixture-$name.txt" 2>&1; then
    national_rows+=("  $name: pasan bench-fixture national failed (see ${OUT_DIR#"$ROOT"/}/raw/national-fixture-$name.txt)  FAIL")
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
    return
  fi
  fixture_s="$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}')"
  national_rows+=("  $name: $(grep -m1 'observations,' "$OUT_DIR/raw/national-fixture-$name.txt" | sed 's/^national fixture: //'), built in $fixture_s s")
  vi="$($query "SELECT o.indicator FROM observations o JOIN areas a ON a.code = o.area WHERE a.level = 'village' AND o.dataset = 'bench:national' LIMIT 1")"
  province="$($query "SELECT code FROM areas WHERE level = 'province' ORDER BY code LIMIT 1")"
  district="$($query "SELECT code FROM areas WHERE level = 'district' ORDER BY code LIMIT 1")"

  port="$(free_ports 1)"
  base="http://127.0.0.1:$port"
  t0=$EPOCHREALTIME
  "$PASAN_BIN" serve --host 127.0.0.1 --port "$port" --database-url "$url" --cache-mb 0 </dev/null >"$TMP/pasan-national-$name.log" 2>&1 &
  RENDER_PID=$!
  if ! wait_for_url "$base/healthz" "$SERVER_TIMEOUT" "$RENDER_PID" "$TMP/pasan-national-$name.log"; then
    national_rows+=("  $name: pasan serve did not become healthy within $SERVER_TIMEOUT s  FAIL")
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
    stop_pid "$RENDER_PID" 10
    return
  fi
  started_s="$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f", b - a}')"
  line="$(awk -v s="$started_s" -v t="$NATIONAL_STARTUP_S" 'BEGIN {printf "%s", (s < t ? "PASS" : "FAIL")}')"
  [[ "$line" == PASS ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
  national_rows+=("$(printf '    %-46s %s s  < %s s  %s' 'start-up (to a healthy /healthz)' "$started_s" "$NATIONAL_STARTUP_S" "$line")")

  national_rows+=("$(printf '    %-46s %8s %8s %8s' 'public pages and API lists, uncached (ms)' median p95 max)")
  local path
  for path in /en /lo /en/goals/4 "/en/indicators/$vi" "/lo/indicators/$vi" /en/progress /en/reporting-status \
    /en/data-availability "/en/places/$province" "/en/places/$district" /en/downloads \
    /api/v1/indicators "/api/v1/indicators/$vi/data" /api/v1/progress /api/v1/areas; do
    national_judge "$path" "$(national_p95 "$base$path")" "$NATIONAL_PUBLIC_MS"
  done

  # The Secretariat's dashboards, signed in as an officer (bench0, granted the role here).
  $query "INSERT INTO role_grants (user_id, role, granted_at) SELECT id, 'secretariat-officer', '2026-01-01T00:00:00Z' FROM users WHERE email = 'bench0@bench.test'" >/dev/null
  jar="$TMP/national-$name.cookies"
  token="$(curl -fsS --noproxy '*' -c "$jar" -b "$jar" "$base/en/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
  curl -fsS --noproxy '*' -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$token" \
    --data-urlencode "email=bench0@bench.test" --data-urlencode "password=bench password 0" "$base/en/sign-in" || true
  national_rows+=("$(printf '    %-46s %8s %8s %8s' "the Secretariat's dashboards, uncached (ms)" median p95 max)")
  for path in /en/cycles/1 /en/admin/gaps /en/reporting-status; do
    national_judge "$path (signed in)" "$(national_p95 "$base$path" -b "$jar")" "$NATIONAL_DASHBOARD_MS"
  done

  pid="$RENDER_PID"
  rss="$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo "?")"
  line="$(awk -v m="$rss" -v t="$NATIONAL_RSS_MB" 'BEGIN {print (m != "?" && m < t ? "PASS" : "FAIL")}')"
  [[ "$line" == PASS ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
  national_rows+=("$(printf '    %-46s %s MB  < %s MB  %s' 'server memory after the requests (VmRSS)' "$rss" "$NATIONAL_RSS_MB" "$line")")
  stop_pid "$RENDER_PID" 10

  # Progress for every configured indicator, target and goal, recomputed from the stored data.
  if line="$("$PASAN_BIN" bench-progress --recompute-only --runs 3 --database-url "$url" 2>"$OUT_DIR/raw/national-progress-$name.txt" | tail -n1)"; then
    local p_med
    p_med="$(sed -n 's/.*recompute seconds: median \([0-9.]*\).*/\1/p' <<<"$line")"
    local verdict
    verdict="$(awk -v m="${p_med:-999}" -v t="$NATIONAL_PROGRESS_S" 'BEGIN {print (m < t ? "PASS" : "FAIL")}')"
    [[ "$verdict" == PASS ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
    national_rows+=("$(printf '    %-46s median %s s (%s)  < %s s  %s' 'progress, everything recomputed' "${p_med:-?}" "$line" "$NATIONAL_PROGRESS_S" "$verdict")")
  else
    national_rows+=("    progress: pasan bench-progress --recompute-only failed (see ${OUT_DIR#"$ROOT"/}/raw/national-progress-$name.txt)  FAIL")
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
  fi
}

ensure_apt_packages sqlite3 postgresql-client >/dev/null 2>&1 || true
national_db="$TMP/national.sqlite"
national_sqlite_query() { sqlite3 "$national_db" "$1"; }
national_backend SQLite "sqlite://$national_db" national_sqlite_query
rm -f "$national_db" "$national_db-wal" "$national_db-shm"
if pg_start >"$OUT_DIR/raw/national-postgres.txt" 2>&1; then
  NATIONAL_PSQL="$PG_BINDIR/psql"
  command -v psql >/dev/null 2>&1 && NATIONAL_PSQL="$(command -v psql)"
  "$NATIONAL_PSQL" -q -X "$PASAN_TEST_POSTGRES_URL" -c "CREATE DATABASE pasan_national" >/dev/null
  national_pg_url="${PASAN_TEST_POSTGRES_URL%/*}/pasan_national"
  national_postgres_query() { "$NATIONAL_PSQL" -q -X -t -A "$national_pg_url" -c "$1"; }
  national_backend PostgreSQL "$national_pg_url" national_postgres_query
  pg_stop
else
  national_rows+=("  PostgreSQL: no throwaway cluster could be started (see ${OUT_DIR#"$ROOT"/}/raw/national-postgres.txt)  FAIL")
  FAILED_TARGETS=$((FAILED_TARGETS + 1))
fi
report "National scale (pasan bench-fixture national; targets absolute, machine-dependent)" "${national_rows[@]}" ""
