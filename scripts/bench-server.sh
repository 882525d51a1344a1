#!/usr/bin/env bash
# Server benchmarks (not part of the test run): requests per second and latency
# for small JSON (health) and a 100-lock page of the large fixture, with wrk, and
# event fan-out to 200 stream clients. Results go to BENCHMARKS.md by hand.
#   bash scripts/bench-server.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

PORT=${BENCH_PORT:-8090}
BASE=http://127.0.0.1:$PORT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

step "Build the mock server and the fan-out client (optimised)" \
  cargo build --locked --profile server -p latchkey-server --bins --example fanout
target/server/latchkey-server --port "$PORT" --dist dist --in-memory --large-fixture --radio-delay-scale 0.1 \
  >target/bench-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
START=$(date +%s.%N)
for _ in $(seq 1 600); do curl -sf "$BASE/api/v1/health" >/dev/null && break; sleep 0.2; done
curl -sf "$BASE/api/v1/health" >/dev/null || { echo "the server did not start:" >&2; tail -20 target/bench-server.log >&2; exit 1; }
echo "server with the large fixture answering after $(echo "$(date +%s.%N) - $START" | bc) s"

COOKIE=$(curl -si -X POST "$BASE/api/v1/session" -H 'content-type: application/json' -H 'x-requested-with: latchkey' \
  -d '{"username":"morgan","password":"harbor-view"}' | awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')
echo "locks visible to the property manager: $(curl -s -H "cookie: $COOKIE" "$BASE/api/v1/locks?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"

echo; echo "== small JSON: GET /api/v1/health (4 threads, 64 connections, 15 s)"
wrk -t4 -c64 -d15s --latency "$BASE/api/v1/health" | grep -E "Requests/sec|Latency|99%|50%"
echo; echo "== 100-lock page: GET /api/v1/locks?limit=100 (4 threads, 32 connections, 15 s)"
wrk -t4 -c32 -d15s --latency -H "cookie: $COOKIE" "$BASE/api/v1/locks?limit=100" | grep -E "Requests/sec|Latency|99%|50%"
echo; echo "== event fan-out"
target/server/examples/fanout "$BASE" 200 50
