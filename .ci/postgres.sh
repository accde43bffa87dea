#!/usr/bin/env bash
# Start a local PostgreSQL for the database tests and print its URL.
#
# For a fresh Debian machine, run as root. Safe to run again: every step checks before it acts.
# Progress goes to stderr; the last line of stdout is
#   VOICES_TEST_POSTGRES_URL=postgresql+psycopg://voices:voices@localhost:5432/voices_test
# so a caller can do:  eval "export $(.ci/postgres.sh | tail -n 1)"
set -euo pipefail

ROLE=voices
PASSWORD=voices
DATABASE=voices_test
WAIT_SECONDS=${VOICES_POSTGRES_WAIT_SECONDS:-60}

say() { echo "postgres.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "expected to run as root (it installs packages and starts a server), found uid $(id -u). Fix: sudo $0"

# 1. Install the server if it is missing.
if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || ! command -v pg_ctlcluster >/dev/null; then
    say "installing postgresql with apt-get"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
fi

# 2. Make sure a cluster exists (the package creates 'main' unless create_main_cluster is off).
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters --no-header 2>/dev/null | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
    say "creating cluster $VERSION/main"
    pg_createcluster "$VERSION" main >&2
fi
PORT=$(pg_lsclusters --no-header | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
[[ -n $PORT ]] || die "expected cluster $VERSION/main in pg_lsclusters, found none. Fix: pg_createcluster $VERSION main"

# 3. Start it if it is down.
STATUS=$(pg_lsclusters --no-header | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}')
if [[ $STATUS != online* ]]; then
    say "starting cluster $VERSION/main on port $PORT"
    pg_ctlcluster "$VERSION" main start >&2
fi

# 4. Wait until it accepts connections.
for ((i = 0; i < WAIT_SECONDS; i++)); do
    if pg_isready -q -h localhost -p "$PORT"; then break; fi
    sleep 1
done
pg_isready -q -h localhost -p "$PORT" \
    || die "expected PostgreSQL to accept connections on localhost:$PORT within ${WAIT_SECONDS}s, it did not. Fix: read /var/log/postgresql/postgresql-$VERSION-main.log"

as_postgres() { (cd / && runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qtAX "$@"); }

# 5. Role and database, created once; the password is reset every time so a stale one cannot linger.
if [[ $(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'") != 1 ]]; then
    say "creating role $ROLE"
    as_postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
else
    as_postgres -c "ALTER ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
fi
if [[ $(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") != 1 ]]; then
    say "creating database $DATABASE"
    as_postgres -c "CREATE DATABASE $DATABASE OWNER $ROLE"
fi
as_postgres -d "$DATABASE" -c "GRANT ALL ON SCHEMA public TO $ROLE"

# 6. Prove the URL works with a password login over TCP, as the tests will use it.
PGPASSWORD=$PASSWORD psql -h localhost -p "$PORT" -U "$ROLE" -d "$DATABASE" -qtAX -c "SELECT 1" >/dev/null \
    || die "expected $ROLE to log in to $DATABASE over TCP with a password, it could not. Fix: check pg_hba.conf allows scram-sha-256 from 127.0.0.1 and ::1"

say "ready on localhost:$PORT"
echo "VOICES_TEST_POSTGRES_URL=postgresql+psycopg://$ROLE:$PASSWORD@localhost:$PORT/$DATABASE"
