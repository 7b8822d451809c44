#!/usr/bin/env bash
# The repository tests also run on PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres),
# as this machine kind provides. Start the local cluster if it is installed but stopped.
set -euo pipefail
url="${PARLEY_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if psql "$url" -Atc 'select 1' >/dev/null 2>&1; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "==> starting the local PostgreSQL cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
for _ in $(seq 1 30); do
  psql "$url" -Atc 'select 1' >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "PostgreSQL is not reachable at $url: the repository tests need it (set PARLEY_TEST_POSTGRES_URL)" >&2
exit 1
