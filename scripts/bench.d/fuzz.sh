# shellcheck shell=bash
# scripts/bench section "fuzz" (sourced by scripts/bench with --only fuzz; see its header and
# docs/operations/fuzzing.md). Coverage-guided fuzzing with libFuzzer of the parsers an upload
# goes through: one harness per parser in Fuzz/ (a package of its own, built with
# `swift build -c release --sanitize=fuzzer`), each run for PASAN_FUZZ_RUNS executions
# (default 10,000,000) on a copy of its committed seed corpus (Fuzz/corpus/<harness>), one
# after the other or PASAN_FUZZ_JOBS at a time (one core each). Target per harness: every execution done and 0 crashes (a trap, a timeout over 10 s,
# more than 2 GB of memory, or a sanitizer report); the reproducer of a finding is kept in
# .build/bench/fuzz/artifacts/.
#
# Environment: PASAN_FUZZ_RUNS (executions per harness), PASAN_FUZZ_HARNESSES (a subset, e.g.
# "csv sdmx"), PASAN_FUZZ_MAX_TIME (seconds per harness; 0 = no cap: a capped harness that did
# not reach its executions is reported with its real count and misses the target),
# PASAN_FUZZ_JOBS (harnesses run at once, default 1; at most the number of idle cores: libFuzzer's
# -timeout is wall-clock, so a starved harness reports a false timeout),
# PASAN_FUZZ_BUILD=0 to use the harnesses already built.

FUZZ_RUNS="${PASAN_FUZZ_RUNS:-10000000}"
FUZZ_MAX_TIME="${PASAN_FUZZ_MAX_TIME:-0}"
FUZZ_JOBS="${PASAN_FUZZ_JOBS:-1}"
FUZZ_DIR="$OUT_DIR/fuzz"
read -r -a fuzz_harnesses <<<"${PASAN_FUZZ_HARNESSES:-csv multipart sdmx xlsx}"

# fuzz_spec NAME: "executable max_len dictionary" of a harness.
fuzz_spec() {
  case "$1" in
    csv) echo "FuzzCSV 16384 csv.dict" ;;
    multipart) echo "FuzzMultipart 16384 multipart.dict" ;;
    sdmx) echo "FuzzSDMX 16384 xml.dict" ;;
    xlsx) echo "FuzzXLSX 32768 xml.dict" ;;
    *) return 1 ;;
  esac
}

fuzz_rows=()
fuzz_unbuilt=""
# Logs under .build/bench/fuzz/logs, not raw/: another scripts/bench run empties raw/ when it starts.
# Only what belongs to the harnesses asked for is cleared, so a second run on other harnesses
# (PASAN_FUZZ_HARNESSES) can go on beside this one.
mkdir -p "$FUZZ_DIR/artifacts" "$FUZZ_DIR/corpus" "$FUZZ_DIR/logs"
for fuzz_name in "${fuzz_harnesses[@]}"; do
  rm -rf "${FUZZ_DIR:?}/corpus/$fuzz_name" "$FUZZ_DIR/logs/$fuzz_name".*
done
fuzz_bin=""
if [[ "${PASAN_FUZZ_BUILD:-1}" != 0 ]]; then
  # Only the harnesses asked for: the multipart one links PasanWeb and all the server's
  # dependencies, instrumented, a long first build the others do not need.
  : >"$FUZZ_DIR/logs/build.txt"
  for fuzz_name in "${fuzz_harnesses[@]}"; do
    read -r fuzz_exe _ < <(fuzz_spec "$fuzz_name") || continue
    log "building the $fuzz_name harness (swift build -c release --sanitize=fuzzer --product $fuzz_exe in Fuzz/)"
    if ! run_child swift build -c release --sanitize=fuzzer --package-path "$ROOT/Fuzz" --product "$fuzz_exe" \
      >>"$FUZZ_DIR/logs/build.txt" 2>&1; then
      warn "the $fuzz_name harness did not build (see ${FUZZ_DIR#"$ROOT"/}/logs/build.txt)"
      fuzz_unbuilt+=" $fuzz_name "
    fi
  done
fi
fuzz_bin="$(swift build -c release --sanitize=fuzzer --package-path "$ROOT/Fuzz" --show-bin-path 2>/dev/null || true)"

# fuzz_launch NAME EXE MAX_LEN DICT: start a harness in the background, in its own process group
# (in LOAD_PIDS, so an interrupted bench stops it); its exit status and its start and end times
# go to logs/NAME.done.
fuzz_launch() {
  local name="$1" exe="$2" max_len="$3" dict="$4" work="$FUZZ_DIR/corpus/$1" tmp="${TMPDIR:-/tmp}" seeds
  cp -R "$ROOT/Fuzz/corpus/$name" "$work"
  seeds="$(find "$work" -type f | wc -l)"
  rm -f "$FUZZ_DIR/artifacts/$name-"* "$FUZZ_DIR/logs/$name.done"
  log "fuzzing $name: $FUZZ_RUNS executions ($exe, -max_len=$max_len, $seeds seeds)"
  # TMPDIR on a memory file system when there is one: the XLSX harness writes each zip to a
  # temporary file (as an upload is read), which on a disk is most of its time (about 2,000
  # executions a second on /dev/shm, 700 on the disk, measured here).
  if [[ -d /dev/shm && -w /dev/shm ]]; then tmp="$(mktemp -d /dev/shm/pasan-fuzz.XXXXXX)"; fi
  # SWIFT_BACKTRACE=enable=no: the Swift runtime's backtracer would take a trap's signal
  # before libFuzzer, which then neither reports the crash nor writes its reproducer.
  TMPDIR="$tmp" SWIFT_BACKTRACE=enable=no setsid bash -c '
    done_file="$1" tmp="$2"; shift 2
    start="$(date +%s.%N)"; rc=0
    "$@" || rc=$?
    [[ "$tmp" == /dev/shm/pasan-fuzz.* ]] && rm -rf "$tmp"
    echo "$rc $start $(date +%s.%N)" >"$done_file"' fuzz "$FUZZ_DIR/logs/$name.done" "$tmp" \
    "$fuzz_bin/$exe" -runs="$FUZZ_RUNS" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$FUZZ_MAX_TIME" -dict="$ROOT/Fuzz/dict/$dict" -artifact_prefix="$FUZZ_DIR/artifacts/$name-" \
    -print_final_stats=1 "$work" >"$FUZZ_DIR/logs/$name.txt" 2>&1 &
  LOAD_PIDS+=("$!")
}

# fuzz_row NAME: the report's line for a harness that ran, from libFuzzer's own figures: "INITED
# cov: C ft: F corp: N/SIZE" when the seeds are loaded, the last status line ("#RUNS ... cov: ...
# corp: ...") and "stat::number_of_executed_units: N". Prints the line (its verdict last).
fuzz_row() {
  local name="$1" raw="$FUZZ_DIR/logs/$1.txt" rc=1 start=0 end=0 wall executed cov0 cov1 ft0 ft1 corp0 corp1 rate verdict
  local findings=() f
  [[ -s "$FUZZ_DIR/logs/$name.done" ]] && read -r rc start end <"$FUZZ_DIR/logs/$name.done"
  wall="$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.0f", e - s}')"
  read -r executed cov0 cov1 ft0 ft1 corp0 corp1 < <(awk '
    function field(name,   i) { for (i = 1; i < NF; i++) if ($i == name) return $(i + 1); return "?" }
    /INITED / { cov0 = field("cov:"); ft0 = field("ft:"); corp0 = field("corp:") }
    /^#[0-9]+/ && / cov: / { cov1 = field("cov:"); ft1 = field("ft:"); corp1 = field("corp:") }
    /^stat::number_of_executed_units:/ { done = $2 }
    END {
      if (cov0 == "") cov0 = "?"; if (cov1 == "") cov1 = cov0; if (ft0 == "") ft0 = "?"; if (ft1 == "") ft1 = ft0
      if (corp0 == "") corp0 = "?"; if (corp1 == "") corp1 = corp0
      print (done == "" ? 0 : done), cov0, cov1, ft0, ft1, corp0, corp1
    }' "$raw")
  while IFS= read -r -d '' f; do findings+=("${f#"$ROOT"/}"); done < <(find "$FUZZ_DIR/artifacts" -name "$name-*" -type f -print0)
  rate="$(awk -v n="$executed" -v s="$wall" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}')"
  if ((${#findings[@]} > 0)) || grep -q '^==[0-9]*== *ERROR: libFuzzer\|^SUMMARY: libFuzzer' "$raw"; then
    verdict="FAIL (${#findings[@]} finding(s), the run stops at the first: ${findings[*]:-see ${raw#"$ROOT"/}})"
  elif ((rc != 0)); then
    verdict="FAIL (exit $rc; see ${raw#"$ROOT"/})"
  elif ((executed < FUZZ_RUNS)); then
    verdict="INCOMPLETE (stopped by PASAN_FUZZ_MAX_TIME=$FUZZ_MAX_TIME s: $executed of $FUZZ_RUNS executions, 0 crashes)"
  else
    verdict=PASS
  fi
  printf '  %-9s %11s runs  %6s s  %7s exec/s  cov %s -> %s  ft %s -> %s  corpus %s -> %s  crashes %d  %s' \
    "$name" "$executed" "$wall" "$rate" "$cov0" "$cov1" "$ft0" "$ft1" "$corp0" "$corp1" "${#findings[@]}" "$verdict"
}

# Launch the harnesses, PASAN_FUZZ_JOBS at a time (default 1: in sequence), then report each.
fuzz_ran=()
for fuzz_name in "${fuzz_harnesses[@]}"; do
  if ! read -r fuzz_exe fuzz_max_len fuzz_dict < <(fuzz_spec "$fuzz_name"); then
    fuzz_rows+=("$(printf '  %-9s unknown harness (csv, multipart, sdmx or xlsx)  FAIL' "$fuzz_name")")
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
    continue
  fi
  if [[ "$fuzz_unbuilt" == *" $fuzz_name "* || ! -x "$fuzz_bin/$fuzz_exe" ]]; then
    fuzz_rows+=("$(printf '  %-9s %s did not build (see %s)  FAIL' "$fuzz_name" "$fuzz_exe" "${FUZZ_DIR#"$ROOT"/}/logs/build.txt")")
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
    continue
  fi
  while (($(jobs -rp | wc -l) >= FUZZ_JOBS)); do wait -n || true; done
  fuzz_launch "$fuzz_name" "$fuzz_exe" "$fuzz_max_len" "$fuzz_dict"
  fuzz_ran+=("$fuzz_name")
done
wait || true
LOAD_PIDS=()
for fuzz_name in "${fuzz_ran[@]}"; do
  fuzz_row "$fuzz_name" >"$FUZZ_DIR/logs/$fuzz_name.row"
  fuzz_rows+=("$(cat "$FUZZ_DIR/logs/$fuzz_name.row")")
  [[ "$(cat "$FUZZ_DIR/logs/$fuzz_name.row")" == *"  PASS" ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
done

report "Fuzzing (libFuzzer, swift build -c release --sanitize=fuzzer in Fuzz/; $FUZZ_RUNS executions per harness, $FUZZ_JOBS at a time; -timeout=10 -rss_limit_mb=2048; cov = coverage edges, ft = features, corpus = inputs/bytes at start -> end; target: every execution done, 0 crashes)" \
  "${fuzz_rows[@]}" \
  "  libFuzzer output: ${FUZZ_DIR#"$ROOT"/}/logs/<harness>.txt; reproducers: ${FUZZ_DIR#"$ROOT"/}/artifacts/" ""
