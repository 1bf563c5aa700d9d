#!/usr/bin/env bash
# Quick start, step 1: create .venv with the pinned dependencies, write the demo drops of both
# case systems to data/landing/dorset and data/landing_council, and run both nightly DAGs end to end with
# `airflow dags test` on DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .

echo "== writing the demo drops to data/landing/dorset (one landing folder per service) and data/landing_council"
.venv/bin/python scripts/generate_exports.py --out data/landing/dorset > /dev/null
.venv/bin/python scripts/generate_exports.py --source council_send --out data/landing_council > /dev/null

export AIRFLOW_HOME=${AIRFLOW_HOME:-$ROOT/data/airflow}
export AIRFLOW__CORE__DAGS_FOLDER=$ROOT/dags
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export SENDPIPE_DEMO=1
echo "== airflow db migrate (AIRFLOW_HOME=$AIRFLOW_HOME)"
.venv/bin/airflow db migrate > "$ROOT/data/airflow-migrate.log" 2>&1 || { cat "$ROOT/data/airflow-migrate.log"; exit 1; }
.venv/bin/airflow pools set sendpipe_warehouse 1 "DuckDB warehouse: one task at a time" > /dev/null
echo "== airflow dags test sendpipe_nightly 2024-04-02"
.venv/bin/airflow dags test sendpipe_nightly 2024-04-02 > "$ROOT/data/airflow-dags-test.log" 2>&1 \
  || { tail -n 60 "$ROOT/data/airflow-dags-test.log"; echo "the nightly DAG failed: see data/airflow-dags-test.log"; exit 1; }
echo "== airflow dags test council_send_nightly 2024-04-02"
.venv/bin/airflow dags test council_send_nightly 2024-04-02 > "$ROOT/data/airflow-dags-test-council.log" 2>&1 \
  || { tail -n 60 "$ROOT/data/airflow-dags-test-council.log"; echo "the council DAG failed: see data/airflow-dags-test-council.log"; exit 1; }
echo
echo "Both nightly pipelines ran on the demo drops. Published tables (CSV, parquet, manifest.json):"
echo "  SENDIASS:     $ROOT/data/published/"
echo "  Council SEND: $ROOT/data/published_council/"
echo "Warehouse (DuckDB): $ROOT/data/warehouse/sendpipe.duckdb"
echo "Quality reports:    $ROOT/data/quality/reports/quality_report_2024-04-02.html"
echo "                    $ROOT/data/quality/reports/quality_report_council_send_2024-04-02.html"
echo "GX Data Docs:       $ROOT/data/quality/data_docs/index.html"
