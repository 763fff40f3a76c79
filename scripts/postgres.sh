#!/usr/bin/env bash
# Brings up a local PostgreSQL for council's tests and prints the JDBC URL to use.
#
# Idempotent; run as root on a Debian machine. It installs the postgresql package when missing, starts
# the first cluster pg_lsclusters reports (preferring one on port 5432), waits until it accepts
# connections, and creates the LOGIN role and the database the tests use when they are absent.
#
# Environment (all optional):
#   COUNCIL_PG_ROLE      role name            (default council)
#   COUNCIL_PG_PASSWORD  the role's password  (default council)
#   COUNCIL_PG_DATABASE  database name        (default council)
#   COUNCIL_PG_WAIT      seconds to wait for the server to accept connections (default 60)
set -euo pipefail

role="${COUNCIL_PG_ROLE:-council}"
password="${COUNCIL_PG_PASSWORD:-council}"
database="${COUNCIL_PG_DATABASE:-council}"
wait_seconds="${COUNCIL_PG_WAIT:-60}"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[[ "$(id -u)" -eq 0 ]] || die "run me as root (I install packages and start the cluster as the postgres user): sudo $0"
[[ "$role" =~ ^[a-z_][a-z0-9_]*$ ]] || die "COUNCIL_PG_ROLE '$role' must be a lower-case SQL identifier"
[[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || die "COUNCIL_PG_DATABASE '$database' must be a lower-case SQL identifier"

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
  log "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends postgresql >/dev/null 2>&1; then
    apt-get update >/dev/null
    apt-get install -y --no-install-recommends postgresql >/dev/null
  fi
fi

# Columns: version cluster port status owner datadir logfile
find_cluster() {
  pg_lsclusters --no-header | awk '$3 == 5432 { print $1, $2, $3; found = 1; exit }
    NR == 1 { first = $1 " " $2 " " $3 }
    END { if (!found && first != "") print first }'
}

cluster="$(find_cluster)"
if [[ -z "$cluster" ]]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  [[ -n "$version" ]] || die "postgresql is installed but /usr/lib/postgresql holds no server version; reinstall the postgresql package"
  log "no cluster found; creating $version/main"
  pg_createcluster "$version" main >/dev/null
  cluster="$(find_cluster)"
fi
read -r version name port <<<"$cluster"

status="$(pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n { print $4 }')"
if [[ "$status" != online* ]]; then
  log "starting cluster $version/$name on port $port"
  pg_ctlcluster "$version" "$name" start
fi

deadline=$((SECONDS + wait_seconds))
until runuser -u postgres -- psql -p "$port" -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; do
  (( SECONDS < deadline )) || die "cluster $version/$name did not accept connections within ${wait_seconds}s; see /var/log/postgresql/postgresql-$version-$name.log"
  sleep 1
done

# Variables are interpolated only in psql's script input, so the SQL goes through stdin; :'pw' quotes
# the password as a literal and :"role" as an identifier.
runuser -u postgres -- psql -p "$port" -d postgres -v ON_ERROR_STOP=1 -q \
  -v role="$role" -v pw="$password" -v db="$database" <<'SQL'
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') AS create_role \gset
\if :create_role
  CREATE ROLE :"role" LOGIN PASSWORD :'pw';
\else
  ALTER ROLE :"role" LOGIN PASSWORD :'pw';
\endif
SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') AS create_db \gset
\if :create_db
  CREATE DATABASE :"db" OWNER :"role";
\endif
SQL

log "ready: cluster $version/$name, role $role, database $database"
echo "jdbc:postgresql://127.0.0.1:${port}/${database}"
