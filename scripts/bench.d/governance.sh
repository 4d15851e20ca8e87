# shellcheck shell=bash
# scripts/bench section "governance" (sourced by scripts/bench; issue 17). The leadership brief
# as the Steering Committee gets it: `pasan serve --demo --cache-mb 0` (every request renders),
# signed in as the demo's steering@pasan.demo, GOVERNANCE_RUNS requests each of /en/brief and
# /lo/brief (time to first byte), beside /healthz and the public /en/vnr (a small page) on the
# same server in this run. Then `pasan bench-vnr`: the statistical annex of a six-goal review
# (about 80 indicators, two series each, every breakdown and province, 2015–2025) built and
# written as DOCX, beside the same tables written as XLSX. Targets (absolute, machine-dependent):
# the brief p95 < 50 ms, the annex < 2 s.

GOVERNANCE_RUNS="${PASAN_BENCH_GOVERNANCE_RUNS:-30}"
BRIEF_TARGET_MS=50
ANNEX_TARGET_S=2
governance_dir="$TMP/governance"
mkdir -p "$governance_dir"
GOVERNANCE_PORT="$(free_ports 1)"
GB="http://127.0.0.1:$GOVERNANCE_PORT"
log "governance: starting pasan serve --demo --cache-mb 0 on 127.0.0.1:$GOVERNANCE_PORT"
"$PASAN_BIN" serve --host 127.0.0.1 --port "$GOVERNANCE_PORT" --database-url "sqlite://$governance_dir/demo.sqlite" --demo \
  --cache-mb 0 </dev/null >"$governance_dir/pasan.log" 2>&1 &
GOVERNANCE_PID=$!
wait_for_url "$GB/healthz" "$SERVER_TIMEOUT" "$GOVERNANCE_PID" "$governance_dir/pasan.log" ||
  fail_setup "pasan serve (governance) did not become healthy"
# The demo prints one account per role with its password on its first start.
steering_password="$(awk '$2 == "steering@pasan.demo" {print $3; exit}' "$governance_dir/pasan.log")"
[[ -n "$steering_password" ]] || fail_setup "no steering@pasan.demo password in $governance_dir/pasan.log"
governance_jar="$governance_dir/cookies.txt"
token="$(curl -fsS --noproxy '*' -c "$governance_jar" -b "$governance_jar" "$GB/en/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')"
status="$(curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' -c "$governance_jar" -b "$governance_jar" --data-urlencode "_csrf=$token" \
  --data-urlencode "email=steering@pasan.demo" --data-urlencode "password=$steering_password" "$GB/en/sign-in")"
[[ "$status" == 303 ]] || fail_setup "signing in as steering@pasan.demo answered $status, not 303"

# governance_times URL: "median p95 max" of the time to first byte in ms over GOVERNANCE_RUNS requests.
governance_times() {
  local t i times=()
  for ((i = 0; i < GOVERNANCE_RUNS; i++)); do
    t="$(curl -fsS --noproxy '*' -o /dev/null -b "$governance_jar" -w '%{time_starttransfer}' "$GB$1")" || return 0
    times+=("$(awk -v s="$t" 'BEGIN {printf "%.2f", s * 1000}')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR] = $1} END {printf "%.2f %.2f %.2f", v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)], v[NR]}'
}
governance_rows=()
for url in /en/brief /lo/brief /en/vnr /healthz; do
  read -r med p95 mx <<<"$(governance_times "$url")"
  if [[ -z "$p95" ]]; then
    governance_rows+=("$(printf '  %-12s %s' "$url" "request failed  FAIL")")
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
    continue
  fi
  verdict="(reference)"
  if [[ "$url" == */brief ]]; then
    verdict="$(awk -v m="$p95" -v t="$BRIEF_TARGET_MS" 'BEGIN {print (m < t ? "PASS" : "FAIL")}')"
    [[ "$verdict" == PASS ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
  fi
  governance_rows+=("$(printf '  %-12s %8s %8s %8s   %s' "$url" "$med" "$p95" "$mx" "$verdict")")
done
stop_pid "$GOVERNANCE_PID" 10

vnr_line="$("$PASAN_BIN" bench-vnr --goals 6 --indicators-per-goal 13 2>"$OUT_DIR/raw/bench-vnr.txt")" ||
  fail_setup "bench-vnr failed (see $OUT_DIR/raw/bench-vnr.txt)"
annex_s="$(sed -n 's/.*written as docx \([0-9.]*\) s.*/\1/p' <<<"$vnr_line")"
annex_verdict="$(awk -v s="$annex_s" -v t="$ANNEX_TARGET_S" 'BEGIN {print (s != "" && s < t ? "PASS" : "FAIL")}')"
[[ "$annex_verdict" == PASS ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
report "Governance (issue 17): the leadership brief signed in as the Steering Committee, uncached (--cache-mb 0), ms to first byte over $GOVERNANCE_RUNS requests, beside a small public page and /healthz on the same server; the VNR annex as DOCX beside the same tables as XLSX, in this run" \
  "$(printf '  %-12s %8s %8s %8s   %s' url median p95 max "target p95 < $BRIEF_TARGET_MS ms (absolute)")" \
  "${governance_rows[@]}" \
  "  $vnr_line" \
  "  annex ${annex_s} s  target under ${ANNEX_TARGET_S} s (absolute)  $annex_verdict" ""
