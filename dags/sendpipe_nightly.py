"""
### sendpipe_nightly

The SENDIASS case system drops five CSV exports every night into `<landing>/YYYY-MM-DD/`.
This DAG turns the night's drop into the published KPI tables the insight service reads:

1. **wait_for_complete_drop**: waits until all five files of the run's night are there
   (the `export_date` param, or the run's logical date in Europe/London).
2. **load_raw**: checks every file against the export contract and loads it, untouched, into
   the warehouse's `raw` schema. A schema change stops the run here; nothing of that drop loads.
3. **validate_raw**: the Great Expectations suites of the five export files, on the night's rows.
4. **build_models**: one `dbt build` (seeds, staging, marts, data-quality checks, published models
   and dbt tests) as at the export date.
5. **validate_marts**: the Great Expectations suites of the marts.
6. **publish_tables**: writes every contract table as CSV and parquet with `manifest.json`, and
   swaps the new set in atomically. Until this succeeds the last good publication stays in place.
7. **quality_report**: saves the managers' data-quality report and emails it through the
   `smtp_default` connection to `SENDPIPE_REPORT_RECIPIENTS`. It runs whatever happened upstream
   (a rejected drop is reported too); a sending failure is retried and never blocks publishing.

Every step that opens the warehouse runs in the `sendpipe_warehouse` pool (one slot): DuckDB allows
one writer per file. `scripts/setup.sh` creates the pool. With `SENDPIPE_TARGET=prod` the models are
built in Postgres and the DuckDB file is the loader's raw store; the steps are the same.

Every step is a function in the `sendpipe` package; this Airflow DAG file only names the source
(the shape is `sendpipe.nightly_dag`, shared with `council_send_nightly`). Settings come from the
params below or the environment (`SENDPIPE_*`, see `.env.example`).
"""
from __future__ import annotations

from sendpipe.contracts import CASE_SYSTEM
from sendpipe.nightly_dag import nightly_dag

sendpipe_nightly = nightly_dag(CASE_SYSTEM, dag_id="sendpipe_nightly",
                               description="Nightly SENDIASS drop: load, build, publish the KPI tables",
                               doc_md=__doc__, tags=["sendpipe", "sendiass"])
