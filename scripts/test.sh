#!/usr/bin/env bash
# The test command: installs what is missing, then runs every test layer:
#   1. native Rust tests for the whole workspace,
#   2. wasm-bindgen-test browser tests in headless Chromium,
#   3. Playwright end-to-end tests against the release build served by the mock server
#      (after checking the release bundle against its size budgets).
# It stops at the first failing step, naming it, and ends with one summary line per layer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/lib.sh

export CHROMEDRIVER=/usr/bin/chromedriver
LOGS=target/test-logs
mkdir -p "$LOGS"

declare -A RESULT=([native]="not run" [browser]="not run" [e2e]="not run")

summary() {
  echo
  echo "== Test summary =="
  printf '  native  (cargo test --workspace):       %s\n' "${RESULT[native]}"
  printf '  browser (wasm-bindgen-test, Chromium):  %s\n' "${RESULT[browser]}"
  printf '  e2e     (Playwright, release build):    %s\n' "${RESULT[e2e]}"
}
trap summary EXIT

# Totals the "test result:" lines cargo prints, e.g. "12 passed, 0 failed".
cargo_counts() {
  awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed", p, f }' "$1"
}

# run_layer KEY NAME LOG COMMAND...: runs a test layer, keeping its output in LOG.
run_layer() {
  local key=$1 name=$2 log=$3
  shift 3
  printf '\n==> %s\n' "$name"
  if "$@" 2>&1 | tee "$log"; then
    return 0
  fi
  RESULT[$key]="FAILED (log: $log)"
  printf '\n✗ FAILED at step: %s\n' "$name" >&2
  exit 1
}

run_layer native "Native tests (cargo test --workspace)" "$LOGS/native.log" \
  cargo test --workspace --locked
RESULT[native]="ok: $(cargo_counts "$LOGS/native.log")"

run_layer browser "Browser tests (wasm-bindgen-test in headless Chromium)" "$LOGS/browser.log" \
  cargo test --locked -p latchkey --target wasm32-unknown-unknown
RESULT[browser]="ok: $(cargo_counts "$LOGS/browser.log")"

# The end-to-end tests run against the optimised build (wasm-opt), as users get it.
step "Build the app (trunk build --release)" trunk build --release
step "Bundle size budgets (brotli)" node scripts/bundle-size.mjs dist
step "Build the mock server" cargo build --locked -p latchkey-server
run_layer e2e "End-to-end tests (Playwright against the mock server)" "$LOGS/e2e.log" \
  bash -c 'cd end2end && npx playwright test'
RESULT[e2e]="ok: $(grep -Eo '[0-9]+ passed' "$LOGS/e2e.log" | tail -n 1), 0 failed"
