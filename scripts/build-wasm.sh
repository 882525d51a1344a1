#!/usr/bin/env bash
# Builds the app's wasm and its JS glue into Trunk's staging directory. Trunk runs it
# as a build hook (Trunk.toml) for `trunk build` and `trunk serve`; run by hand it
# needs TRUNK_PROFILE and TRUNK_STAGING_DIR.
#
# Release builds are split (issue 9: the first download must stay small):
#   latchkey_bg.wasm                 the shell and the Doors page;
#   split_sign_in.wasm               sign-in;
#   split_people_pages.wasm          the people pages (src/page_routes.rs);
#   split_more_pages.wasm            every other page; each on-demand file is
#                                    fetched when one of its pages first opens,
#                                    or once the first page is idle.
# Trunk's own Rust pipeline cannot do this: wasm-split must read the linker's
# relocations, which wasm-bindgen throws away, so the steps are
#   cargo (linked with --emit-relocs) → wasm-split-cli → wasm-bindgen → wasm-opt.
# Debug builds skip the split and the optimiser: cargo → wasm-bindgen.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${TRUNK_STAGING_DIR:?run by Trunk (or set TRUNK_STAGING_DIR)}"
PROFILE=${TRUNK_PROFILE:-debug}
TARGET=wasm32-unknown-unknown
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0)).target_directory)')
WORK="$TARGET_DIR/wasm-split"

if [ "$PROFILE" = release ]; then
  # The lib's dependencies keep the flags of .cargo/config.toml; only the final link
  # of the binary gets --emit-relocs (extra rustc arguments apply to it alone).
  cargo rustc --locked --bin latchkey --release --target "$TARGET" --features lazy-pages \
    -- -C link-args=--emit-relocs
  rm -rf "$WORK" && mkdir -p "$WORK"
  wasm-split-cli "$TARGET_DIR/$TARGET/release/latchkey.wasm" "$WORK" --target web --out-name latchkey
  wasm-bindgen --target web --no-typescript --keep-lld-exports --out-name latchkey \
    --out-dir "$TRUNK_STAGING_DIR" "$WORK/latchkey.wasm"
  # split_<name>.wasm per split module, chunk_<n>.wasm for code two of them share.
  shopt -s nullglob
  cp "$WORK"/split_*.wasm "$WORK"/chunk_*.wasm "$WORK/__wasm_split.js" "$TRUNK_STAGING_DIR/"
  shopt -u nullglob
  # The wasm features Rust enables by default for this target.
  for wasm in "$TRUNK_STAGING_DIR"/*.wasm; do
    wasm-opt -Oz --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
      "$wasm" -o "$wasm" 2> >(grep -v 'unknown name subsection' >&2)
  done
else
  cargo build --locked --bin latchkey --target "$TARGET"
  wasm-bindgen --target web --no-typescript --debug --out-name latchkey \
    --out-dir "$TRUNK_STAGING_DIR" "$TARGET_DIR/$TARGET/debug/latchkey.wasm"
fi
