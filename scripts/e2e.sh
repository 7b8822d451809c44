#!/usr/bin/env bash
# The Playwright suite against the debug server binary that `cargo make site` built.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(bash scripts/parley-bin.sh debug)"
if [ ! -x "$bin" ]; then
  echo "e2e: no server binary at $bin (run 'cargo make site' first)" >&2
  exit 1
fi
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
cd end2end
PARLEY_BIN="$bin" exec npx playwright test "$@"
