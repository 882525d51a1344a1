# Shared helpers for the setup, run and test scripts. Source it; do not run it.

# Tools installed by setup.sh live here; put them first on PATH.
export PATH="$HOME/.cargo/bin:$(pwd)/end2end/node_modules/.bin:$PATH"

# step NAME COMMAND...: runs COMMAND, and on failure stops the script naming the step.
step() {
  local name=$1
  shift
  printf '\n==> %s\n' "$name"
  if ! "$@"; then
    printf '\n✗ FAILED at step: %s\n' "$name" >&2
    exit 1
  fi
}

# The wasm-bindgen version locked in Cargo.lock (the CLI must equal it to the patch).
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}
