#!/bin/bash
# Run once by the warehouse-db container on its first start (docker-entrypoint-initdb.d): creates the
# insight service's login as a member of the read-only role that each nightly run grants SELECT on
# the `insight` schema to. Every name and password comes from .env through docker-compose.yml.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v reader="$SENDPIPE_INSIGHT_READER_ROLE" -v login="$INSIGHT_DB_USER" -v password="$INSIGHT_DB_PASSWORD" <<'SQL'
create role :"reader" nologin;
create role :"login" login password :'password' in role :"reader";
SQL
