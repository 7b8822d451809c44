#!/usr/bin/env bash
# README command 2: install what is missing, then run every check: formatting, clippy for the
# server and the browser builds, the browser-bundle dependency check, unit and integration
# tests (SQLite and PostgreSQL), and the Playwright suite in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-postgres.sh
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
exec cargo make ci
