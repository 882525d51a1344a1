#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian 12 machine with
# Rust stable, and skips every tool already present at the right version.
# Safe to run again and again; run.sh and test.sh call it first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

TRUNK_VERSION=0.21.14 # 0.22 needs a newer rustc than this machine has.
WASM_SPLIT_VERSION=0.2.4 # the splitter for the wasm_split_helpers 0.2 that Leptos uses
WASM_BINDGEN_VERSION=$(locked_wasm_bindgen_version)

wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "wasm32-unknown-unknown already installed"
  else
    rustup target add wasm32-unknown-unknown
  fi
}

chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "$(/usr/bin/chromium --version) already installed"
    return
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "Installing Chromium needs root (or sudo)." >&2; return 1; }
    sudo=sudo
  fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium chromium-driver
}

trunk_cli() {
  if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    echo "trunk $TRUNK_VERSION already installed"
  else
    echo "Compiling trunk $TRUNK_VERSION: the first time this takes about 20 minutes."
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

wasm_bindgen_cli() {
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] &&
    command -v wasm-bindgen-test-runner >/dev/null; then
    echo "wasm-bindgen-cli $WASM_BINDGEN_VERSION already installed"
  else
    echo "Compiling wasm-bindgen-cli $WASM_BINDGEN_VERSION: the first time this takes 3 to 10 minutes."
    # Without --locked: its lock file pins a webpki-roots version the registry no longer has.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

# wasm-split-cli splits the release wasm (scripts/build-wasm.sh); the crate's binary
# sits behind its build-binary feature.
wasm_split_cli() {
  if cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    echo "wasm-split-cli $WASM_SPLIT_VERSION already installed"
  else
    echo "Compiling wasm-split-cli $WASM_SPLIT_VERSION: the first time this takes about 2 minutes."
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
  fi
}

# Node packages: Playwright for the end-to-end tests and binaryen for wasm-opt
# (Debian's binaryen is too old for this compiler's output).
node_packages() {
  local stamp=end2end/node_modules/.latchkey-lock-sha
  local want
  want=$(sha256sum end2end/package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "end2end node packages already installed"
  else
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    echo "$want" >"$stamp"
  fi
}

crates() {
  # Trunk builds offline, so every crate must be in the local registry first.
  cargo fetch --locked
}

step "Rust target wasm32-unknown-unknown" wasm_target
step "Chromium and ChromeDriver (Debian packages)" chromium
step "Node packages (Playwright, wasm-opt)" node_packages
step "wasm-bindgen-cli $WASM_BINDGEN_VERSION" wasm_bindgen_cli
step "trunk $TRUNK_VERSION" trunk_cli
step "wasm-split-cli $WASM_SPLIT_VERSION" wasm_split_cli
step "Crates for offline builds (cargo fetch)" crates
echo
echo "Setup complete."
