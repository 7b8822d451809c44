#!/usr/bin/env bash
# Integration tests create one PostgreSQL database per test (parley_test_*); remove them.
set -uo pipefail
url="${PARLEY_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
psql "$url" -Atc "select datname from pg_database where datname like 'parley\_test\_%'" 2>/dev/null |
  while read -r name; do psql "$url" -qc "drop database if exists \"$name\" with (force)" >/dev/null 2>&1; done
exit 0
