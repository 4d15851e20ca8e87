# shellcheck shell=bash
# scripts/bench section "fuzz" (sourced by scripts/bench; see its header). Filled in by issue 15.
report "fuzz: not written yet"
FAILED_TARGETS=$((FAILED_TARGETS + 1))
