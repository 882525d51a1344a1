#!/usr/bin/env bash
# App benchmarks (not part of the test run): the Doors page, search, lock click,
# live feed and DOM sizes against the large fixture, for the app and for the
# floor page (crates/bench-floor), in the system Chromium. See BENCHMARKS.md.
#   bash scripts/bench-app.sh [--runs 10] [--feed-runs 10] [--feed-seconds 60]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
source scripts/lib.sh

APP_PORT=${BENCH_APP_PORT:-8093}
FLOOR_PORT=${BENCH_FLOOR_PORT:-8094}

step "Build the app (trunk build --release)" trunk build --release
step "Build the floor page" bash -c 'cd crates/bench-floor && trunk build --release'
step "Build the mock server (optimised)" cargo build --locked --profile server -p latchkey-server

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
start_server() { # PORT DIST
  target/server/latchkey-server --port "$1" --dist "$2" --in-memory --large-fixture >"target/bench-app-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$1/api/v1/health" >/dev/null && return; sleep 0.2; done
  echo "the server on port $1 did not start" >&2
  exit 1
}
start_server "$APP_PORT" dist
start_server "$FLOOR_PORT" target/bench-floor

cd end2end
node bench/app-bench.mjs --app "http://127.0.0.1:$APP_PORT" --floor "http://127.0.0.1:$FLOOR_PORT" "$@"
