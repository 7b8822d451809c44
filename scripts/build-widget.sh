#!/usr/bin/env bash
# Builds the widget's own browser bundle (crate frontend/widget) into target/site/widget/:
# parley-widget.js + parley-widget_bg.wasm (size-optimised) and parley-widget.css. The server
# serves them to the iframe at /w/{key}. Always the small `wasm-release` profile: the widget's
# size is a product promise (end2end/tests/widget.spec.ts measures it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

# Its own target directory: the flags below differ from the app bundle's, and sharing one
# would make each build throw away the other's artifacts.
target_dir="${CARGO_TARGET_DIR:-target}/widget-build"
out=target/site/widget
mkdir -p "$out"

# Panic locations name source files; shorten dependency paths so they cost less in the bundle.
remap=""
for index in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  remap="$remap --remap-path-prefix=${index%/}=deps"
done
CARGO_TARGET_DIR="$target_dir" RUSTFLAGS="${RUSTFLAGS:-}$remap" \
  cargo build -p widget --lib --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name parley-widget \
  "$target_dir/wasm32-unknown-unknown/wasm-release/parley_widget.wasm"
# The generated glue is readable JavaScript; minified it is a third of the size.
terser "$out/parley-widget.js" --module --compress --mangle -o "$out/parley-widget.js"
# Rust's wasm32 target emits these post-MVP features; wasm-opt must be allowed to keep them.
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  "$out/parley-widget_bg.wasm" -o "$out/parley-widget_bg.wasm"
sass --no-source-map --style=compressed style/widget-main.scss "$out/parley-widget.css"
node scripts/precompress.mjs "$out/parley-widget.js" "$out/parley-widget_bg.wasm" "$out/parley-widget.css"
echo "widget bundle written to $out"
