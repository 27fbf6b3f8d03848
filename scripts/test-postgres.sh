#!/usr/bin/env bash
# Runs the whole suite against PostgreSQL on 127.0.0.1:5432 (trust auth) in a throwaway database.
set -euo pipefail
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
db="huajie_ci_$$"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${db}"
cleanup() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS ${db}" >/dev/null 2>&1 || true; }
trap cleanup EXIT
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "CREATE DATABASE ${db}"
# pytest-django creates test_<name> next to it; --create-db keeps runs independent.
DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python -m pytest -q --create-db "$@"
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS test_${db}" >/dev/null 2>&1 || true
