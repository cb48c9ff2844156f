#!/usr/bin/env bash
# PostgreSQL backs half of the integration suite. Start it if it is installed but down.
# Outside CI a missing server only means those tests skip (with a reason); in CI (CI=true) it is an error.
set -uo pipefail
host=127.0.0.1
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h "$host" -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h "$host" -p 5432 && break; sleep 1; done
  fi
fi
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h "$host" ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind "$host" --port 6379 --save "" --appendonly no >/dev/null || true
  fi
fi
if [ "${CI:-}" = "true" ]; then
  if ! command -v pg_isready >/dev/null 2>&1 || ! pg_isready -q -h "$host" -p 5432; then
    echo "error: CI=true but PostgreSQL is not reachable on $host:5432" >&2
    exit 1
  fi
fi
exit 0
