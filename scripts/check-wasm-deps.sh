#!/usr/bin/env bash
# The browser bundles (the app's and the widget's) must never link server-only crates. `cargo tree -i CRATE` over the wasm
# build's normal (linked) dependencies prints nothing when CRATE is not in that graph.
set -euo pipefail
cd "$(dirname "$0")/.."
server_only=(sqlx tokio argon2 axum leptos_axum)
status=0
for package in frontend widget; do
  for crate in "${server_only[@]}"; do
    linked=$(cargo tree -p "$package" --target wasm32-unknown-unknown -e normal -i "$crate" 2>/dev/null || true)
    if [ -n "$linked" ]; then
      echo "error: the browser build of $package links $crate:" >&2
      echo "$linked" | head -n 12 >&2
      status=1
    fi
  done
  # Guard the guard: a crate the browser build does link must be found, or the check is blind.
  if [ -z "$(cargo tree -p "$package" --target wasm32-unknown-unknown -e normal -i leptos 2>/dev/null || true)" ]; then
    echo "error: cargo tree found no leptos in $package; this check cannot see anything" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "browser builds are free of: ${server_only[*]}"
exit "$status"
