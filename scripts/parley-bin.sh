#!/usr/bin/env bash
# Prints the absolute path of the `parley` binary for a profile (debug by default, or release)
# wherever cargo put it: `target/` in the clone, or CARGO_TARGET_DIR. Cargo takes a relative
# CARGO_TARGET_DIR relative to the directory it runs in, which for every script and cargo-make
# task here is the repository root; so that is what a relative value is resolved against.
set -euo pipefail
profile="${1:-debug}"
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in
  /*) ;;
  *) target_dir="$repo_root/$target_dir" ;;
esac
echo "$target_dir/$profile/parley"
