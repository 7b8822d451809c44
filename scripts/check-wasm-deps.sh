#!/usr/bin/env bash
# The browser bundle must never link server-only crates. `cargo tree -i` fails when the crate
# is absent from the wasm build's graph, which is what we want.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for crate in sqlx tokio argon2 axum leptos_axum; do
  if cargo tree -p frontend --target wasm32-unknown-unknown -e normal,build -i "$crate" >/dev/null 2>&1; then
    echo "error: the browser build links $crate:" >&2
    cargo tree -p frontend --target wasm32-unknown-unknown -e normal -i "$crate" --depth 3 >&2 || true
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "browser build is free of sqlx, tokio, argon2, axum, leptos_axum"
exit "$status"
