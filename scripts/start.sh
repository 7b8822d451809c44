#!/usr/bin/env bash
# README command 1: install what is missing, build the release site, and serve Parley on its
# embedded SQLite default (data in ./data) with a demo project. The sign-in is printed below.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
echo "==> building Parley (release)"
cargo leptos build --release
bash scripts/build-widget.sh
exec "$(bash scripts/parley-bin.sh release)" serve "$@"
