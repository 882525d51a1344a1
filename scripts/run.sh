#!/usr/bin/env bash
# The run command: installs what is missing, builds the app in release mode and
# starts the mock server serving it. Port: LATCHKEY_PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/lib.sh

PORT=${LATCHKEY_PORT:-8080}

step "Build the app (trunk build --release)" trunk build --release
step "Build the mock server" cargo build --locked --profile server -p latchkey-server

printf '\n  Latchkey is starting: open http://127.0.0.1:%s/ in your browser.\n' "$PORT"
printf '  Demo accounts: alex / maple-street (homeowner), morgan / harbor-view (property manager).\n'
printf '  Data is kept in latchkey-data.sqlite (delete it to start over). Stop with Ctrl-C.\n\n'
exec target/server/latchkey-server --port "$PORT" --dist dist --data latchkey-data.sqlite --demo-traffic
