#!/usr/bin/env bash
# Start Debian's PostgreSQL (installing it if missing) with a `crsinfo` role and database on
# 127.0.0.1:5432. Used by .ci/run and `make scale-test`; needs root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crsinfo') THEN
    CREATE ROLE crsinfo LOGIN PASSWORD 'crsinfo' CREATEDB;
  END IF;
END $$;
SQL
for db in "$@"; do
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '$db'\"" | grep -q 1 \
    || su postgres -c "createdb -O crsinfo $db"
done
