# shellcheck shell=bash
# scripts/bench section "resilience" (sourced by scripts/bench; see its header). Filled in by issue 15.
report "resilience: not written yet"
FAILED_TARGETS=$((FAILED_TARGETS + 1))
