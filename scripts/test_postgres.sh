#!/usr/bin/env bash
# Start a local PostgreSQL + PostGIS for the test suite (loopback only) and print its URL.
#
#   eval "$(bash scripts/test_postgres.sh)"   # exports WIJKRADAR_TEST_POSTGRES_URL
#
# Needs Debian's postgresql and postgresql-NN-postgis-3 (installed by .ci/run). Uses the
# machine's first cluster (creates one when there is none), started with pg_ctlcluster as the
# postgres user, listening on 127.0.0.1 only. Creates the role and database `wijkradar_test`
# with the postgis extension. Safe to run again: every step checks what is there already.
# The password is a throw-away for a loopback-only test database, never for a real zone.
set -euo pipefail

DB=wijkradar_test
ROLE=wijkradar_test
PASSWORD=${WIJKRADAR_TEST_POSTGRES_PASSWORD:-wijkradar_test}

say() { echo "test_postgres: $*" >&2; }

version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$version" ]]; then
    say "PostgreSQL is not installed (apt-get install postgresql postgresql-15-postgis-3)"
    exit 1
fi
if ! ls "/usr/share/postgresql/$version/extension/postgis.control" >/dev/null 2>&1; then
    say "PostGIS for PostgreSQL $version is not installed (postgresql-$version-postgis-3)"
    exit 1
fi

cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v v="$version" '$1 == v {print $2; exit}')
if [[ -z "$cluster" ]]; then
    cluster=main
    say "creating cluster $version/$cluster"
    pg_createcluster "$version" "$cluster" -- --auth-local=peer --auth-host=scram-sha-256 >&2
fi
port=$(pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')
status=$(pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}')
if [[ "$status" != online* ]]; then
    say "starting cluster $version/$cluster on 127.0.0.1:$port"
    pg_ctlcluster "$version" "$cluster" start -o "-c listen_addresses=127.0.0.1" >&2
fi

psql_admin() { (cd / && runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"); }
for _ in $(seq 1 50); do
    psql_admin -c "select 1" >/dev/null 2>&1 && break
    sleep 0.2
done

if [[ "$(psql_admin -c "select 1 from pg_roles where rolname = '$ROLE'")" != 1 ]]; then
    psql_admin -c "create role $ROLE login password '$PASSWORD'" >&2
fi
if [[ "$(psql_admin -c "select 1 from pg_database where datname = '$DB'")" != 1 ]]; then
    psql_admin -c "create database $DB owner $ROLE" >&2
fi
psql_admin -d "$DB" -c "create extension if not exists postgis" >&2

echo "export WIJKRADAR_TEST_POSTGRES_URL=postgresql://$ROLE:$PASSWORD@127.0.0.1:$port/$DB"
